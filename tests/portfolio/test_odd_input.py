"""Several stacks meet odd input: every format, every folder spelling, names Pulumi would not read, output
paths that cannot be written. Each ends in a clear message or a correct report, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchready.diff.revisions import stack_names
from launchready.portfolio.matrix import entries
from launchready.portfolio.targets import select
from tests.clirun import invoke
from tests.diff.conftest import stack_yaml
from tests.portfolio.conftest import spec_for


def test_sarif_with_several_stacks_is_one_sarif_run_naming_each_broken_file(project: Path) -> None:
    (project / "Pulumi.beta.yaml").write_text("config: [broken\n")
    run = invoke("preflight", "--project-dir", str(project), "--all-stacks", "--format", "sarif")
    document = json.loads(run.stdout)
    assert document["version"] == "2.1.0" and len(document["runs"]) == 1
    broken = [r for r in document["runs"][0]["results"] if r["ruleId"] == "stack.bad_input"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in broken] == [
        "portfolio/Pulumi.beta.yaml"]
    assert run.code == 2


def test_preflight_refuses_two_stacks_declaring_one_zone_and_shows_their_zones(project: Path) -> None:
    (project / "Pulumi.gamma.yaml").write_text(stack_yaml(spec_for("alpha.test")))
    run = invoke("preflight", "--project-dir", str(project), "--all-stacks", "--format", "json")
    stacks = json.loads(run.stdout)["stacks"]
    assert run.code == 2
    assert {key: s["exit_code"] for key, s in stacks.items() if key != "beta"} == {"alpha": 2, "gamma": 2}
    assert "zone alpha.test is also declared by portfolio/Pulumi.gamma.yaml" in stacks["alpha"]["error"]
    assert stacks["alpha"]["zone"] == "alpha.test" and stacks["beta"]["zone"] == "beta.test"


def test_one_project_folder_written_two_ways_is_one_folder(project: Path) -> None:
    run = invoke("plan", "--all-stacks", "--project-dir", str(project), "--project-dir", str(project.resolve()),
                 "--format", "json")
    assert run.code == 0, run.stdout
    assert list(json.loads(run.stdout)["stacks"]) == ["alpha", "beta", "gamma"]


def test_a_document_written_to_a_file_says_the_verdict_on_stderr(project: Path) -> None:
    (project / "Pulumi.beta.yaml").write_text("config: [broken\n")
    run = invoke("plan", "--all-stacks", "--project-dir", str(project), "--output", "plan.txt")
    assert run.code == 2
    assert run.stderr.strip() == "FAIL launchready plan: 3 stacks (2 pass, 1 bad input), exit code 2"
    assert "BAD INPUT" in Path("plan.txt").read_text()


def test_output_naming_a_folder_is_refused_before_the_run(project: Path) -> None:
    Path("out").mkdir()
    run = invoke("validate", "--all-stacks", "--project-dir", str(project), "--only", "dns",
                 "--resolver", "127.0.0.1:9", "--authoritative", "127.0.0.1:9", "--output", "out")
    assert run.code == 2 and "cannot write out: it is a folder; give --output a file name" in run.stderr
    assert "elapsed" not in run.stdout + run.stderr  # refused before any query


def test_output_under_a_file_says_which_folder_is_not_one(project: Path) -> None:
    Path("afile").write_text("")
    run = invoke("plan", "--all-stacks", "--project-dir", str(project), "--output", "afile/plan.txt")
    assert run.code == 2 and "the folder afile is not a folder; create it first" in run.stderr


def test_a_dangling_link_says_it_is_a_link_and_is_not_listed_as_a_stack(project: Path) -> None:
    (project / "Pulumi.ghost.yaml").symlink_to("Pulumi.nowhere.yaml")
    run = invoke("plan", "--project-dir", str(project), "--stack", "ghost")
    assert run.code == 2
    assert "symbolic link to Pulumi.nowhere.yaml, which does not exist" in run.stderr
    run = invoke("plan", "--project-dir", str(project), "--stack", "ghosts")
    assert "the stacks beside it are alpha, beta, gamma (--stack NAME)" in run.stderr


def test_a_project_folder_that_is_missing_says_so(project: Path) -> None:
    run = invoke("plan", "--all-stacks", "--project-dir", str(project), "--project-dir", "elsewhere")
    assert run.code == 2
    assert "--project-dir elsewhere does not exist; give the folder that holds Pulumi.yaml" in run.stderr


@pytest.mark.parametrize("name", ["x/../Pulumi.alpha", "", "a\x1b[2Jb", ".."])
def test_a_stack_name_pulumi_would_not_take_is_bad_input(project: Path, name: str) -> None:
    for args in (["--stack", name], ["--stack", name, "--stack", "beta"]):
        run = invoke("plan", "--project-dir", str(project), *args)
        assert run.code == 2 and "\x1b" not in run.stderr
        assert "is not a stack name" in run.stderr or "name a stack with --stack NAME" in run.stderr


def test_all_stacks_passes_over_files_that_are_not_stacks(project: Path) -> None:
    for odd in ("Pulumi..yaml", "Pulumi.a\x01b.yaml", "Pulumi.x y.yaml"):
        (project / odd).write_text("config: {}\n")
    assert [t.key for t in select(None, None, [project], all_stacks=True).stacks] == ["alpha", "beta", "gamma"]


def test_the_headline_counts_one_stack_in_the_singular(project: Path) -> None:
    run = invoke("plan", "--project-dir", str(project), "--project-dir", str(project.resolve()), "--stack", "alpha",
                 "--stack", "beta", "--output", "p.md", "--format", "markdown")
    assert run.stderr.strip() == "PASS launchready plan: 2 stacks (2 pass), exit code 0"
    (project / "Pulumi.beta.yaml").unlink()
    (project / "Pulumi.gamma.yaml").unlink()
    run = invoke("plan", "--project-dir", str(project), "--all-stacks", "--output", "p.md")
    assert run.stderr.strip() == "PASS launchready plan: 1 stack (1 pass), exit code 0"


def test_a_stack_name_with_a_dot_is_a_stack_everywhere(project: Path) -> None:
    (project / "Pulumi.beta.yaml").rename(project / "Pulumi.beta.eu.yaml")
    assert [t.key for t in select(None, None, [project], all_stacks=True).stacks] == ["alpha", "beta.eu", "gamma"]
    run = invoke("plan", "--project-dir", str(project), "--stack", "beta.eu")
    assert run.code == 0 and "beta.eu" in run.stdout and "Pulumi.beta.eu" not in run.stdout
    assert stack_names(["Pulumi.beta.eu.yaml", "Pulumi.yaml", "Pulumi..yaml"]) == {"beta.eu"}
    assert [row["stack"] for row in entries(project)] == ["alpha", "beta.eu", "gamma"]


@pytest.mark.parametrize("command", [["plan", "--all-stacks"], ["preflight", "--all-stacks"], ["plan", "--stack", "a"],
                                     ["diff", "--all-stacks", "--base", "HEAD"]])
def test_a_project_dir_that_is_a_looping_link_is_named_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "loop").symlink_to("loop")
    run = invoke(*command, "--project-dir", str(tmp_path / "loop"))
    assert run.code == 2 and "Traceback" not in run.stderr
    assert "loop is a symbolic link that loops" in run.stderr and "point it at the project folder" in run.stderr
