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
