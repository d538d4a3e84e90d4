"""`diff` over several stacks between two revisions: the stacks, and what each declares, are read at the
base and at the head (a revision, or the working tree when there is no --head), never from a working tree
that is not the head (docs/portfolio.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.clirun import CliRun, invoke
from tests.diff.conftest import Repo

BROKEN = "config:\n  launchready:domain:\n    zone: [\n"


def stack_text(zone: str, address: str) -> str:
    spec = {"zone": zone, "origin": {"ipv4": [address]}}
    return yaml.safe_dump({"config": {"launchready:domain": spec}}, sort_keys=False)


A, B, C = stack_text("a.example.com", "192.0.2.10"), stack_text("b.example.com", "192.0.2.11"), \
    stack_text("c.example.com", "192.0.2.12")


@pytest.fixture
def two(tmp_path: Path) -> Repo:
    """A repository holding stacks a and b, committed once."""
    made = Repo(tmp_path / "two")
    made.path.mkdir()
    (made.path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    (made.path / "Pulumi.a.yaml").write_text(A)
    (made.path / "Pulumi.b.yaml").write_text(B)
    made.git("init", "-q", "-b", "main")
    made.git("add", "Pulumi.yaml", "Pulumi.a.yaml", "Pulumi.b.yaml")
    made.git("commit", "-q", "-m", "a and b")
    return made


def commit(repo: Repo, files: dict[str, str | None], message: str) -> None:
    """Write (or, for None, delete) the files and commit exactly them."""
    for name, text in files.items():
        if text is None:
            repo.git("rm", "-q", name)
        else:
            (repo.path / name).write_text(text)
            repo.git("add", name)
    repo.git("commit", "-q", "-m", message)


def diff(repo: Repo, *args: str) -> tuple[CliRun, dict[str, Any]]:
    run = invoke("diff", "--project-dir", str(repo.path), "--format", "json", *args)
    assert run.stdout, run.stderr
    return run, json.loads(run.stdout)["stacks"]


def rules(section: dict[str, Any]) -> set[str]:
    return {danger["rule"] for danger in section["document"]["dangerous"]}


DELETION = {"record.apex", "record.caa", "rule.removed"}


def test_all_stacks_sees_a_stack_deleted_in_the_working_tree(two: Repo) -> None:
    two.git("rm", "-q", "Pulumi.b.yaml")
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD", "--fail-on-dangerous")
    assert run.code == 1
    assert sorted(stacks) == ["a", "b"] and stacks["a"]["exit_code"] == 0
    assert stacks["b"]["exit_code"] == 1 and rules(stacks["b"]) == DELETION
    assert stacks["b"]["document"]["head"] == {"ref": "working tree", "commit": None, "exists": False}


def test_all_stacks_sees_a_stack_deleted_between_two_revisions(two: Repo) -> None:
    commit(two, {"Pulumi.b.yaml": None}, "drop b")
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD~1", "--head", "HEAD", "--fail-on-dangerous")
    assert run.code == 1
    assert stacks["b"]["exit_code"] == 1 and rules(stacks["b"]) == DELETION
    assert stacks["b"]["document"]["head"]["exists"] is False


def test_all_stacks_with_every_stack_file_deleted_diffs_their_deletions(two: Repo) -> None:
    two.git("rm", "-q", "Pulumi.a.yaml", "Pulumi.b.yaml")
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD", "--fail-on-dangerous")
    assert run.code == 1, run.stderr
    assert {key: s["exit_code"] for key, s in stacks.items()} == {"a": 1, "b": 1}


def test_a_named_stack_deleted_at_head_is_its_deletion_not_bad_input(two: Repo) -> None:
    commit(two, {"Pulumi.b.yaml": None}, "drop b")
    run, stacks = diff(two, "--stack", "a", "--stack", "b", "--base", "HEAD~1", "--head", "HEAD",
                       "--fail-on-dangerous")
    assert run.code == 1
    assert stacks["b"]["exit_code"] == 1 and rules(stacks["b"]) == DELETION


def test_a_stack_added_at_head_is_its_addition_even_when_the_working_tree_lacks_it(two: Repo) -> None:
    commit(two, {"Pulumi.c.yaml": C}, "add c")
    (two.path / "Pulumi.c.yaml").unlink()  # the head is HEAD, not the working tree
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD~1", "--head", "HEAD", "--fail-on-dangerous")
    assert run.code == 0, stacks
    assert stacks["c"]["exit_code"] == 0 and stacks["c"]["document"]["dangerous"] == []
    assert stacks["c"]["document"]["base"]["exists"] is False and stacks["c"]["document"]["records"]


def test_a_named_stack_at_neither_revision_is_bad_input_naming_those_that_exist(two: Repo) -> None:
    commit(two, {"Pulumi.b.yaml": None}, "drop b")
    (two.path / "Pulumi.d.yaml").write_text(stack_text("d.example.com", "192.0.2.13"))  # untracked
    run, stacks = diff(two, "--stack", "a", "--stack", "c", "--base", "HEAD~1", "--head", "HEAD")
    assert run.code == 2 and stacks["a"]["exit_code"] == 0
    assert stacks["c"]["error"] == (f"{two.path / 'Pulumi.c.yaml'} exists at neither revision (not at HEAD~1, "
                                    "not at HEAD); the stacks at those revisions are a, b: check --stack c")


def test_a_broken_working_tree_file_does_not_matter_between_two_revisions(two: Repo) -> None:
    commit(two, {"Pulumi.a.yaml": stack_text("a.example.com", "192.0.2.20")}, "move a")
    (two.path / "Pulumi.a.yaml").write_text(BROKEN)
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD~1", "--head", "HEAD")
    assert run.code == 0, stacks
    assert rules(stacks["a"]) == {"record.apex", "record.host"} and stacks["a"]["document"]["head"]["ref"] == "HEAD"


def test_an_untracked_working_tree_stack_is_not_part_of_a_diff_between_two_revisions(two: Repo) -> None:
    commit(two, {"Pulumi.a.yaml": stack_text("a.example.com", "192.0.2.20")}, "move a")
    (two.path / "Pulumi.c.yaml").write_text(C)
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD~1", "--head", "HEAD")
    assert run.code == 0 and sorted(stacks) == ["a", "b"]


def test_a_stack_that_does_not_parse_at_an_end_is_bad_input_naming_that_end(two: Repo) -> None:
    commit(two, {"Pulumi.a.yaml": BROKEN}, "break a")
    (two.path / "Pulumi.a.yaml").unlink()  # the head is HEAD, not the working tree
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD~1", "--head", "HEAD")
    assert run.code == 2 and stacks["b"]["exit_code"] == 0
    assert stacks["a"]["exit_code"] == 2 and stacks["a"]["error"].startswith("HEAD:Pulumi.a.yaml: line 4")
    assert "HEAD~1" not in stacks["a"]["error"]


def test_a_stack_broken_at_both_ends_reports_both_problems(two: Repo) -> None:
    commit(two, {"Pulumi.a.yaml": BROKEN}, "break a")
    commit(two, {"Pulumi.a.yaml": "config: [\n"}, "break a otherwise")
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD~1", "--head", "HEAD")
    lines = stacks["a"]["error"].splitlines()
    assert run.code == 2 and len(lines) == 2
    assert lines[0].startswith("HEAD~1:Pulumi.a.yaml: line 4") and lines[1].startswith("error: HEAD:Pulumi.a.yaml")


def test_two_stacks_sharing_a_zone_at_head_are_refused_naming_both_files(two: Repo) -> None:
    commit(two, {"Pulumi.b.yaml": stack_text("a.example.com", "192.0.2.11")}, "b takes a's zone")
    (two.path / "Pulumi.b.yaml").write_text(B)  # the working tree is fine, HEAD is not
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD~1", "--head", "HEAD")
    assert run.code == 2 and {s["exit_code"] for s in stacks.values()} == {2}
    a, b = two.path / "Pulumi.a.yaml", two.path / "Pulumi.b.yaml"
    assert stacks["a"]["error"].startswith(f"HEAD:{a}: zone a.example.com is also declared by HEAD:{b}; ")
    assert stacks["b"]["error"].startswith(f"HEAD:{b}: zone a.example.com is also declared by HEAD:{a}; ")


def test_all_stacks_in_a_folder_without_stacks_at_either_end_is_bad_input(two: Repo) -> None:
    (two.path / "empty").mkdir()
    run = invoke("diff", "--project-dir", str(two.path / "empty"), "--all-stacks", "--base", "HEAD")
    assert run.code == 2 and not run.stdout
    assert run.stderr == (f"error: --all-stacks: {two.path / 'empty'} holds no Pulumi.NAME.yaml stack file at "
                          "HEAD nor in the working tree; check --project-dir\n")


def test_files_at_a_revision_that_are_not_stacks_are_passed_over(two: Repo) -> None:
    commit(two, {"Pulumi.x y.yaml": A, "Pulumi.a\x01b.yaml": A, "Pulumi..yaml": A}, "odd names")
    run, stacks = diff(two, "--all-stacks", "--base", "HEAD", "--head", "HEAD~1")
    assert run.code == 0 and sorted(stacks) == ["a", "b"]


def test_one_project_folder_written_two_ways_is_one_folder(two: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(two.path)
    run, stacks = diff(two, "--project-dir", ".", "--all-stacks", "--base", "HEAD")
    assert run.code == 0 and sorted(stacks) == ["a", "b"]


def test_a_project_folder_that_is_missing_says_so(two: Repo) -> None:
    run = invoke("diff", "--all-stacks", "--project-dir", str(two.path), "--project-dir", str(two.path / "gone"),
                 "--base", "HEAD")
    assert run.code == 2
    assert f"--project-dir {two.path / 'gone'} does not exist; give the folder that holds Pulumi.yaml" in run.stderr
