"""preflight --since REV: an allowlist pragma or a baseline entry that the range itself adds is never honoured
silently: each is a failed finding naming file and line, never the credential."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.preflight.conftest import canary_cloudflare_token, write_stack
from tests.preflight.history_repo import commit, git
from tests.preflight.test_preflight_cli import FORMATS, findings, run

REVIEW = "preflight.silencing_review"
BASELINE = ".launchready-secrets-baseline.json"


@pytest.fixture
def repo(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> Path:
    """main: a README and the stack; then branch `pr` is checked out."""
    clean_env.setenv("PULUMI_ACCESS_TOKEN", "pul-placeholder")
    clean_env.setenv("CLOUDFLARE_API_TOKEN", "cfut_" + canary_cloudflare_token())
    root = tmp_path / "repo"
    commit(root, "start", {"README.md": "launch\n"})
    write_stack(root / "Pulumi.prod.yaml", {})
    commit(root, "stack", {"Pulumi.prod.yaml": (root / "Pulumi.prod.yaml").read_text()})
    git(root, "checkout", "-q", "-b", "pr")
    return root


def reviews(root: Path, *args: str) -> list[dict[str, str]]:
    found = findings("--stack-file", str(root / "Pulumi.prod.yaml"), "--repo", str(root), *args)
    return [f for f in found if f["check"] == REVIEW]


def test_a_pragma_added_over_a_credential_fails_by_file_and_line_never_the_value(repo: Path, tmp_path: Path) -> None:
    token = canary_cloudflare_token()
    commit(repo, "notes", {"deploy/notes.sh": f"# deploy\nCLOUDFLARE_API_TOKEN={token}  # pragma: allowlist secret\n"})
    (hit,) = reviews(repo, "--since", "main")
    assert hit["severity"] == "error" and hit["name"] == "deploy/notes.sh:2"
    assert hit["message"].startswith("deploy/notes.sh line 2 holds a credential-shaped string (Cloudflare API Token) "
                                     "hidden by a `pragma: allowlist secret` added since main")
    for fmt in FORMATS:
        code, out = run("--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo), "--since", "main",
                        "--format", fmt)
        assert code == 1 and "deploy/notes.sh" in out and token not in out
    (passing,) = reviews(repo, "--since", "pr")  # once merged, the pragma is the base's: honoured
    assert passing["severity"] == "info"
    assert run("--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo), "--since", "pr")[0] == 0


def test_a_pragma_over_no_credential_is_not_flagged(repo: Path) -> None:
    commit(repo, "docs", {"docs.md": "End a reviewed line with `# pragma: allowlist secret`.\n"})
    assert [f["severity"] for f in reviews(repo, "--since", "main")] == ["info"]


def test_a_baseline_entry_the_range_adds_fails_naming_the_baseline_line(repo: Path) -> None:
    token = canary_cloudflare_token()
    commit(repo, "oops", {"deploy/notes.md": f"CLOUDFLARE_API_TOKEN={token}\n"})
    commit(repo, "remove it", {"deploy/notes.md": None})
    stack = str(repo / "Pulumi.prod.yaml")
    assert run("--stack-file", stack, "--repo", str(repo), "--since", "main", "--update-baseline")[0] == 1
    commit(repo, "mark it handled", {})
    (hit,) = reviews(repo, "--since", "main")
    assert hit["severity"] == "error" and hit["name"] == f"{BASELINE}:7"
    assert "marks a credential (Cloudflare API Token, first seen" in hit["message"]
    assert "an entry added since main" in hit["message"] and token not in hit["message"]
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "pr")
    git(repo, "checkout", "-q", "-b", "next")
    assert [f["severity"] for f in reviews(repo, "--since", "main")] == ["info"]  # the base holds it now
    assert run("--stack-file", stack, "--repo", str(repo), "--since", "main")[0] == 0
