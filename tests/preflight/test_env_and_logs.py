"""Env files (committed, uncovered, ignored, unreadable) and --logs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.preflight.conftest import canary_aws_key_id, canary_cloudflare_token, write_stack
from tests.preflight.history_repo import commit
from tests.preflight.test_preflight_cli import findings, run


def by_check(check: str, *args: str) -> list[tuple[str, str]]:
    return sorted((f["severity"], f["name"]) for f in findings(*args) if f["check"] == check)


@pytest.fixture
def repo(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    commit(root, "start", {"README.md": "launch\n", ".gitignore": ".env.production\n",
                           ".env": "DEBUG=1\n", ".env.example": "CLOUDFLARE_API_TOKEN=\n"})
    write_stack(root / "Pulumi.prod.yaml", {})
    return root


def test_a_committed_env_is_an_error_and_an_uncovered_one_a_warning(repo: Path) -> None:
    (repo / "web").mkdir()
    (repo / "web" / ".env.local").write_text("API_URL=https://api.example.com\n")
    (repo / ".env.production").write_text("SECRET=x\n")  # covered by .gitignore: fine
    args = ("--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo))
    assert by_check("preflight.env_files", *args) == [("error", ".env"), ("warning", "web/.env.local")]
    messages = " ".join(f["message"] for f in findings(*args))
    assert "git rm --cached .env" in messages and "add `.env*` (or its name) to .gitignore" in messages


def test_only_ignored_env_files_pass(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    commit(root, "start", {".gitignore": ".env*\n!.env.example\n", ".env.example": "TOKEN=\n"})
    (root / ".env").write_text("A=1\n")
    stack = write_stack(root / "Pulumi.prod.yaml", {})
    (found,) = [f for f in findings("--stack-file", str(stack), "--repo", str(root))
                if f["check"] == "preflight.env_files"]
    assert found["severity"] == "info" and "(1 ignored env file)" in found["message"]


def test_an_unreadable_env_file_is_a_warning_not_a_traceback(repo: Path, clean_env: pytest.MonkeyPatch) -> None:
    secret = repo / ".env.production"
    secret.write_text("A=1\n")
    secret.chmod(0)  # unreadable for anyone but root; for root, the read itself is made to fail the same way
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == ".env.production":
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    clean_env.setattr(Path, "read_bytes", refuse)
    (fifo := repo / ".env.pipe").unlink(missing_ok=True)
    os.mkfifo(fifo)  # a named pipe must not block the scan
    found = by_check("preflight.env_files", "--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo))
    assert ("warning", ".env.production") in found
    assert any("Permission denied" in f["message"] for f in findings("--stack-file", str(repo / "Pulumi.prod.yaml"),
                                                                    "--repo", str(repo)))


def test_a_leaked_value_still_in_an_ignored_env_file_is_not_rotated(repo: Path) -> None:
    token = canary_cloudflare_token()
    commit(repo, "leak", {"ops.md": f"CLOUDFLARE_API_TOKEN={token}\n"})
    commit(repo, "unleak", {"ops.md": None})
    (repo / ".env.production").write_text(f"CLOUDFLARE_API_TOKEN={token}\n")
    args = ("--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo))
    run(*args, "--update-baseline")
    (hit,) = [f for f in findings(*args) if f["check"] == "preflight.history_scan" and f["severity"] == "error"]
    assert "still the credential configured in .env.production (not committed)" in hit["message"]
    (repo / ".env.production").write_text("CLOUDFLARE_API_TOKEN=cfut_" + canary_cloudflare_token() + "\n")
    assert [f for f in findings(*args) if f["check"] == "preflight.history_scan" and f["severity"] == "error"] == []


def test_logs_are_scanned_and_a_missing_folder_is_bad_input(tmp_path: Path, repo: Path) -> None:
    logs = tmp_path / "ci-logs"
    (logs / "run-7").mkdir(parents=True)
    key_id = canary_aws_key_id()
    (logs / "run-7" / "build.txt").write_text(f"2026-11-02T10:00:00Z ok\n2026-11-02T10:00:01Z key {key_id}\n")
    (logs / "clean.txt").write_text("nothing\n")
    args = ("--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo))
    assert by_check("preflight.log_scan", *args, "--logs", str(logs)) == [("error", "run-7/build.txt:2")]
    code, out = run(*args, "--logs", str(logs), "--format", "json")
    assert code == 1 and "aws iam update-access-key --status Inactive" in out and key_id not in out
    code, out = run(*args, "--logs", str(tmp_path / "none"))
    assert code == 2 and "not a directory" in out


def test_an_unreadable_tracked_file_is_a_warning(repo: Path, clean_env: pytest.MonkeyPatch) -> None:
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "README.md":
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    clean_env.setattr(Path, "read_bytes", refuse)
    found = by_check("preflight.credential_scan", "--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo))
    assert ("warning", "README.md") in found
