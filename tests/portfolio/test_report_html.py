"""`report --format html` over several stacks: one file per stack in an --output folder, never one stack's
handover written over another's, and an --output that cannot be a folder is bad input before any write."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import invoke
from tests.portfolio.conftest import write_project


def test_html_handovers_that_would_share_a_file_are_refused_before_anything_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(Path("x"), {"prod": "x.test"})
    write_project(Path("y"), {"prod": "y.test", "x_prod": "xp.test"})
    run = invoke("report", "--all-stacks", "--project-dir", "x", "--project-dir", "y", "-f", "html", "-o", "out")
    assert run.code == 2 and "would both write to the name x_prod in --output" in run.stderr, run.stderr
    assert not Path("out").exists()


@pytest.mark.parametrize(("output", "said"), [
    ("afile", "--output afile is a file"),
    ("afile/sub", "--output afile/sub: afile is a file, not a folder"),
])
def test_html_output_through_a_file_is_bad_input(project: Path, output: str, said: str) -> None:
    Path("afile").write_text("kept\n")
    run = invoke("report", "--project-dir", str(project), "--all-stacks", "-f", "html", "-o", output)
    assert run.code == 2 and said in run.stderr, run.stderr
    assert Path("afile").read_text() == "kept\n"


def test_html_run_where_every_stack_fails_says_why_on_stderr(project: Path) -> None:
    """The handovers are files, so stderr is where a CI log learns why each stack failed and the verdict."""
    (project / "Pulumi.alpha.yaml").write_text("config:\n  launchready:domain:\n    zone: 1\n")
    (project / "Pulumi.beta.yaml").write_text("config:\n  launchready:domain: [x\n")
    (project / "Pulumi.gamma.yaml").write_text("config:\n  launchready:domain:\n    zone: gamma.test\n")
    run = invoke("report", "--project-dir", str(project), "--all-stacks", "-f", "html", "-o", "out")
    assert run.code == 2 and run.stdout == ""
    lines = run.stderr.splitlines()
    assert lines[0] == "error: portfolio/Pulumi.alpha.yaml: 1 problem in launchready:domain"
    assert "error: portfolio/Pulumi.beta.yaml: line 3, column 1: did not find expected ',' or ']'; fix the YAML " \
           "syntax" in lines
    assert "error: portfolio/Pulumi.gamma.yaml: 2 problems in launchready:domain" in lines
    assert lines[-1] == ("FAIL launchready report: 3 stacks (3 bad input), exit code 2; wrote 0 HTML handovers and "
                         "out/index.md")
    assert sorted(p.name for p in Path("out").iterdir()) == ["index.md"]


def test_html_run_that_passes_says_its_verdict_and_what_it_wrote(project: Path) -> None:
    run = invoke("report", "--project-dir", str(project), "--all-stacks", "-f", "html", "-o", "out")
    assert run.code == 0 and run.stdout == ""
    assert run.stderr == ("PASS launchready report: 3 stacks (3 pass), exit code 0; wrote 3 HTML handovers and "
                          "out/index.md\n")
