"""The history scan: a canary key committed and deleted later is found, never printed, and cleared by
the baseline once rotated; --since, shallow clones, detached HEADs and binary history."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from launchready.preflight.history import diff_path
from tests.preflight.conftest import canary_aws_key_id, canary_cloudflare_token, canary_private_key, write_stack
from tests.preflight.history_repo import commit, git
from tests.preflight.test_preflight_cli import FORMATS, findings, run

BASELINE = ".launchready-secrets-baseline.json"


def leaked_repo(root: Path, token: str) -> tuple[Path, list[str]]:
    """main: README, then a notes file with the token, then the notes file deleted."""
    first = commit(root, "start", {"README.md": "launch\n"})
    write_stack(root / "Pulumi.prod.yaml", {})
    added = commit(root, "notes", {"deploy/notes.md": f"# how to deploy\nCLOUDFLARE_API_TOKEN={token}\n",
                                   "Pulumi.prod.yaml": (root / "Pulumi.prod.yaml").read_text()})
    removed = commit(root, "oops, no secrets in git", {"deploy/notes.md": None})
    return root / "Pulumi.prod.yaml", [first, added, removed]


def history(*args: str) -> list[dict[str, str]]:
    return [f for f in findings(*args) if f["check"] == "preflight.history_scan"]


@pytest.fixture
def leaked(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> tuple[Path, str, list[str]]:
    token = canary_cloudflare_token()
    clean_env.setenv("PULUMI_ACCESS_TOKEN", "pul-placeholder")
    clean_env.setenv("CLOUDFLARE_API_TOKEN", "cfut_" + canary_cloudflare_token())  # the rotated, new one
    stack, commits = leaked_repo(tmp_path / "repo", token)
    return stack, token, commits


def test_a_deleted_token_is_found_with_commit_path_line_kind_and_rotation(leaked: tuple[Path, str, list[str]]) -> None:
    stack, token, commits = leaked
    args = ("--stack-file", str(stack), "--repo", str(stack.parent))
    (summary, hit) = sorted(history(*args), key=lambda f: f["severity"] != "info")
    assert summary["message"].startswith("3 commits scanned for credentials")
    assert hit["severity"] == "error" and hit["type"] == "Cloudflare API Token"
    assert hit["name"] == f"{commits[1][:12]}:deploy/notes.md:2"
    assert f"added in commit {commits[1][:12]} (2026-10-01) at deploy/notes.md line 2" in hit["message"]
    assert "Roll" in hit["message"] and "developers.cloudflare.com/fundamentals/api/how-to/roll-token" in hit["message"]
    assert run(*args)[0] == 1


def test_the_canary_never_appears_in_any_format_nor_its_hash(tmp_path: Path,
                                                             leaked: tuple[Path, str, list[str]]) -> None:
    stack, token, _ = leaked
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "deploy.log").write_text(f"step 3\nexport CLOUDFLARE_API_TOKEN={token}\n")
    (stack.parent / ".env").write_text(f"CLOUDFLARE_API_TOKEN={token}\n")
    args = ("--stack-file", str(stack), "--repo", str(stack.parent), "--logs", str(tmp_path / "logs"))
    forbidden = (token, token[:12], token[-12:], hashlib.sha256(token.encode()).hexdigest())
    for fmt in FORMATS:
        out_file = tmp_path / f"report.{fmt}"
        code, out = run(*args, "--format", fmt, "--output", str(out_file))
        assert code == 1, out
        written = out_file.read_text()
        assert "deploy.log:2" in written and "deploy/notes.md" in written and ".env" in written
        assert not [s for s in forbidden if s in out or s in written], fmt
    code, out = run(*args, "--update-baseline")
    assert not [s for s in forbidden if s in out or s in (stack.parent / BASELINE).read_text()]


def test_the_baseline_clears_it_and_rotation_is_proven_by_hash(leaked: tuple[Path, str, list[str]],
                                                               clean_env: pytest.MonkeyPatch) -> None:
    stack, token, _ = leaked
    args = ("--stack-file", str(stack), "--repo", str(stack.parent))
    code, out = run(*args, "--update-baseline")
    assert code == 0, out
    document = json.loads((stack.parent / BASELINE).read_text())
    assert document["version"] == 1 and len(document["handled"]) == 1
    assert document["handled"][0]["kind"] == "Cloudflare API Token"
    assert document["handled"][0]["first_seen"].endswith("deploy/notes.md:2")
    (hit,) = [f for f in history(*args) if f["name"].endswith("notes.md:2")]
    assert hit["severity"] == "info" and "marked handled" in hit["message"]
    clean_env.setenv("CLOUDFLARE_API_TOKEN", token)  # not rotated after all: still the one in use
    (hit,) = [f for f in history(*args) if f["name"].endswith("notes.md:2")]
    assert hit["severity"] == "error"
    assert "still the credential configured in the environment variable CLOUDFLARE_API_TOKEN" in hit["message"]


def test_since_limits_the_scan_to_what_a_pull_request_adds(leaked: tuple[Path, str, list[str]]) -> None:
    stack, _, commits = leaked
    args = ("--stack-file", str(stack), "--repo", str(stack.parent))
    assert [f["severity"] for f in history(*args, "--since", commits[0])] == ["error", "info"]
    (summary,) = history(*args, "--since", commits[1])
    assert summary["message"].startswith(f"1 commit since {commits[1]} scanned")
    code, out = run(*args, "--since", "no-such-branch")
    assert code == 2 and "--since no-such-branch: no such commit" in out


def test_a_shallow_clone_says_where_history_stops(tmp_path: Path, leaked: tuple[Path, str, list[str]]) -> None:
    stack, _, commits = leaked
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{stack.parent}", str(clone)], check=True)
    found = history("--stack-file", str(clone / "Pulumi.prod.yaml"), "--repo", str(clone))
    (warning,) = [f for f in found if f["severity"] == "warning"]
    assert warning["message"].startswith(f"history not scanned past commit {commits[2][:12]}: this is a shallow")


def test_a_detached_head_is_scanned_from_where_it_points(leaked: tuple[Path, str, list[str]]) -> None:
    stack, _, commits = leaked
    git(stack.parent, "checkout", "-q", "--detach", commits[1])
    every = findings("--stack-file", str(stack), "--repo", str(stack.parent))
    assert any("HEAD is detached" in f["message"] for f in every if f["check"] == "preflight.history_scan")
    errors = [(f["check"], f["name"]) for f in every if f["severity"] == "error"]
    assert errors == [("preflight.credential_scan", "deploy/notes.md:2")], "reported once, by the tree scan"


def test_binary_and_huge_files_are_skipped_and_odd_lines_parse(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    token = "cfut_" + canary_cloudflare_token()
    huge = "x" * 100 + "\n" * 30_000 + "y" * 3_000_000
    commit(root, "blobs", {"logo.png": "\x89PNG\x00\x01" * 1000, "dump.sql": huge,
                           "tricky.md": f"++ b/not-a-header\n@@ -1 +1 @@\n{token}\n"})
    commit(root, "gone", {"tricky.md": None})
    stack = write_stack(root / "Pulumi.prod.yaml", {})
    found = history("--stack-file", str(stack), "--repo", str(root))
    summary = next(f for f in found if f["severity"] == "info")
    assert "2 binary or over-2-MB file versions skipped" in summary["message"]
    assert [f["name"].split(":", 1)[1] for f in found if f["severity"] == "error"] == ["tricky.md:3"]


def test_two_private_keys_are_two_findings(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    commit(root, "keys", {"a.pem": canary_private_key(), "b.pem": canary_private_key()})
    commit(root, "gone", {"a.pem": None, "b.pem": None})
    stack = write_stack(root / "Pulumi.prod.yaml", {})
    errors = [f["name"].split(":", 1)[1] for f in history("--stack-file", str(stack), "--repo", str(root))
              if f["severity"] == "error"]
    assert sorted(errors) == ["a.pem:1", "b.pem:1"]


def test_a_broken_baseline_is_bad_input(leaked: tuple[Path, str, list[str]]) -> None:
    stack, _, _ = leaked
    args = ("--stack-file", str(stack), "--repo", str(stack.parent))
    for text in ("{not json", json.dumps({"version": 2, "salt": "x", "handled": []}),
                 json.dumps({"version": 1, "salt": "x", "handled": [{"kind": "no hash"}]})):
        (stack.parent / BASELINE).write_text(text)
        code, out = run(*args)
        assert code == 2 and BASELINE in out and "--update-baseline" in out, out


def test_a_baseline_that_is_a_named_pipe_is_bad_input_not_a_hang(leaked: tuple[Path, str, list[str]]) -> None:
    stack, _, _ = leaked
    os.mkfifo(stack.parent / BASELINE)  # read_text() on it waited for a writer for ever
    code, out = run("--stack-file", str(stack), "--repo", str(stack.parent))
    assert code == 2 and "is a named pipe (FIFO), not a secrets baseline" in out, out


@pytest.mark.parametrize(("header", "path"), [
    (b"+++ deploy/notes.md\n", "deploy/notes.md"),
    (b"+++ b/notes.md\n", "b/notes.md"),
    (b"+++ docs/\xc3\xbcn\xc3\xaf code/setup notes.txt\t\n", "docs/\u00fcn\u00ef code/setup notes.txt"),
    (b'+++ "odd\\tname \\"quoted\\".env"\t\n', 'odd\tname "quoted".env'),
    (b'+++ "caf\\303\\251 \\\\ \xc3\xbc.env"\t\n', "caf\u00e9 \\ \u00fc.env"),
    (b'+++ "two\\nlines.txt"\n', "two\nlines.txt"),
    (b"+++ dev/null\n", "dev/null"),
    (b"+++ /dev/null\n", None),
])
def test_diff_headers_give_the_new_path(header: bytes, path: str | None) -> None:
    assert diff_path(header) == path


UNUSUAL = ("docs/\u00fcn\u00ef code/setup notes.txt", 'notes/say "hi" there.txt', "tab\there.txt", "two\nlines.txt",
           "b/kept prefix.txt")


def test_unusual_paths_are_named_exactly_in_findings_and_the_baseline(tmp_path: Path,
                                                                       clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("PULUMI_ACCESS_TOKEN", "pul-placeholder")
    clean_env.setenv("CLOUDFLARE_API_TOKEN", "cfut_" + canary_cloudflare_token())
    root = tmp_path / "repo"
    added = commit(root, "notes", {name: f"CLOUDFLARE_API_TOKEN={canary_cloudflare_token()}\n" for name in UNUSUAL})
    commit(root, "gone", dict.fromkeys(UNUSUAL))
    git(root, "config", "diff.noprefix", "true")  # a user's setting must not change the header read
    stack = write_stack(root / "Pulumi.prod.yaml", {})
    args = ("--stack-file", str(stack), "--repo", str(root))
    errors = sorted(f["name"] for f in history(*args) if f["severity"] == "error")
    assert errors == sorted(f"{added[:12]}:{name}:1" for name in UNUSUAL)
    assert run(*args, "--update-baseline")[0] == 0
    seen = sorted(entry["first_seen"] for entry in json.loads((root / BASELINE).read_text())["handled"])
    assert seen == sorted(f"{added[:12]} {name}:1" for name in UNUSUAL)


@pytest.mark.parametrize(("command", "stopped"), [
    (["sleep", "5"], "stopped after 0.3 s at commit "),
    (["sh", "-c", "echo 'fatal: bad object deadbeef' >&2; exit 128"], "git log failed: fatal: bad object deadbeef"),
])
def test_a_hung_or_failing_git_log_is_a_finding_not_a_hang(leaked: tuple[Path, str, list[str]],
                                                          monkeypatch: pytest.MonkeyPatch, command: list[str],
                                                          stopped: str) -> None:
    from launchready.preflight import history as module
    from launchready.preflight.detection import Detector

    stack, _, _ = leaked
    monkeypatch.setattr(module, "log_command", lambda repo, revisions: command)
    with Detector() as detector:
        scan = module.scan_history(stack.parent, None, detector, deadline=0.3)
    assert scan.stopped is not None and scan.stopped.startswith(stopped)


def test_commit_messages_and_ref_names_are_scanned_masked_and_baselined(tmp_path: Path,
                                                                        clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("PULUMI_ACCESS_TOKEN", "pul-placeholder")
    clean_env.setenv("CLOUDFLARE_API_TOKEN", "cfut_" + canary_cloudflare_token())
    root, key_id, branch_token, tag_token = tmp_path / "repo", canary_aws_key_id(), canary_cloudflare_token(), \
        "cfat_" + canary_cloudflare_token()
    commit(root, "start", {"README.md": "launch\n"})
    lookalike = commit(root, "a diff in words\n\n+++ b/x\n@@ -1 +1 @@\n+ nothing here", {})
    rotated = commit(root, f"rotate key\n\nold: {key_id}", {})
    later = commit(root, "notes", {"notes.md": f"one\nCLOUDFLARE_API_TOKEN={canary_cloudflare_token()}\n"})
    commit(root, "gone", {"notes.md": None})
    git(root, "branch", f"feature/cfut_{branch_token}", lookalike)
    git(root, "tag", f"v1-{tag_token}")
    stack = write_stack(root / "Pulumi.prod.yaml", {})
    args = ("--stack-file", str(stack), "--repo", str(root))
    found = {f["name"]: f for f in history(*args)}
    assert found["history"]["message"].startswith("5 commits scanned for credentials (every added line and commit "
                                                   "message, and 3 ref names)")
    assert {name: f["type"] for name, f in found.items() if f["severity"] == "error"} == {
        f"{rotated[:12]}:(commit message):3": "AWS Access Key", f"{later[:12]}:notes.md:2": "Cloudflare API Token",
        "ref:refs/heads/feature/***": "Cloudflare API Token", "ref:refs/tags/v1-***": "Cloudflare API Token"}
    assert f"is in the message of commit {rotated[:12]} (2026-10-01) line 3" in \
        found[f"{rotated[:12]}:(commit message):3"]["message"]
    assert "is in the name of the ref refs/heads/feature/*** (at commit " in \
        found["ref:refs/heads/feature/***"]["message"]
    canaries = (key_id, branch_token, branch_token[:12], branch_token[-12:], tag_token, tag_token[-12:])
    for fmt in FORMATS:
        assert not [c for c in canaries if c in run(*args, "--format", fmt)[1]], fmt
    assert run(*args, "--update-baseline")[0] == 0
    baseline = (root / BASELINE).read_text()
    assert not [c for c in canaries if c in baseline]
    assert sorted(e["first_seen"] for e in json.loads(baseline)["handled"]) == sorted([
        f"{rotated[:12]} (commit message):3", f"{later[:12]} notes.md:2", "ref refs/heads/feature/***",
        "ref refs/tags/v1-***"])
    assert {f["severity"] for f in history(*args)} == {"info"}
