"""Symbolic links that loop (`ln -s a a`) wherever preflight looks: named and passed over, or bad input for
the stack file itself; never a traceback (Path.resolve() raises RuntimeError on them before Python 3.13)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from launchready.core.paths import loops, real_path, same_file
from launchready.preflight.token_checks import siblings_of
from tests.preflight.conftest import git_repo, write_stack
from tests.preflight.test_preflight_cli import findings, run

LOOP = "is a symbolic link that loops (Too many levels of symbolic links)"


@pytest.fixture
def repo(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> Path:
    clean_env.setenv("CLOUDFLARE_API_TOKEN", "set")
    clean_env.setenv("PULUMI_ACCESS_TOKEN", "set")
    root = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    write_stack(root / "Pulumi.prod.yaml", {})
    return root


def test_a_looping_sibling_stack_is_named_and_passed_over(repo: Path) -> None:
    (repo / "Pulumi.old.yaml").symlink_to("Pulumi.old.yaml")
    args = ("--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo))
    (shared,) = [f for f in findings(*args) if f["check"] == "preflight.shared_secret"]
    assert shared["severity"] == "warning" and shared["name"] == "Pulumi.old.yaml"
    assert shared["message"] == (f"Pulumi.old.yaml {LOOP}, so it was not compared; remove it or point it at a "
                                 "stack file")
    assert run(*args)[0] == 0
    assert siblings_of(repo / "Pulumi.prod.yaml") == (), "--online passes over it too"


def test_all_stacks_reports_the_looping_stack_as_bad_input_and_checks_the_rest(repo: Path) -> None:
    (repo / "Pulumi.old.yaml").symlink_to("Pulumi.old.yaml")
    code, out = run("--all-stacks", "--project-dir", str(repo), "--repo", str(repo))
    assert code == 2
    assert "Pulumi.old.yaml: cannot read the stack file (Too many levels of symbolic links)" in out
    assert "stack prod: 0 errors, 2 warnings" in out  # the looping-link warning, and no Pulumi project beside it


def test_a_looping_stack_file_is_bad_input(repo: Path) -> None:
    (repo / "selfloop").symlink_to("selfloop")
    code, out = run("--stack-file", str(repo / "selfloop"), "--repo", str(repo))
    assert code == 2 and "cannot read the stack file (Too many levels of symbolic links)" in out


def test_a_committed_looping_link_is_named_and_passed_over(repo: Path) -> None:
    (repo / "selfloop").symlink_to("selfloop")
    (repo / "docs").mkdir()
    (repo / "docs" / "a").symlink_to("b")
    (repo / "docs" / "b").symlink_to("a")
    subprocess.run(["git", "-C", str(repo), "add", "selfloop", "docs"], check=True)
    args = ("--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo))
    warned = {f["name"]: f["message"] for f in findings(*args)
              if f["check"] == "preflight.credential_scan" and f["severity"] == "warning"}
    assert warned == {name: f"{name} {LOOP}, so it was not scanned; remove it or point it at a file"
                      for name in ("docs/a", "docs/b", "selfloop")}
    assert run(*args)[0] == 0


def test_path_helpers_never_raise_on_a_loop(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "file").write_text("x")
    (tmp_path / "link").symlink_to("file")
    assert loops(tmp_path / "loop") and not loops(tmp_path / "link") and not loops(tmp_path / "missing")
    assert real_path(tmp_path / "link") == (tmp_path / "file").resolve()
    assert same_file(tmp_path / "link", tmp_path / "file")
    assert real_path(tmp_path / "loop") in (None, tmp_path.resolve() / "loop")  # None before Python 3.13
    assert not same_file(tmp_path / "loop", tmp_path / "file")
