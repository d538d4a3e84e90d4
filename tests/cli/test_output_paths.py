"""The spellings of a path option that are not a plain file name: `-` is standard output for every --output,
and an empty value (an unset shell variable) is refused, never read as the current folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import invoke
from tests.conftest import ROOT

STAGING = str(ROOT / "Pulumi.staging.yaml")
EVERY_STACK = ("--all-stacks", "--project-dir", str(ROOT))


@pytest.fixture(autouse=True)
def in_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs in an empty folder, so anything a command writes by mistake shows up in it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_dash_prints_on_stdout_as_no_output_does(tmp_path: Path) -> None:
    run = invoke("plan", "--stack-file", STAGING, "--output", "-")
    assert run.code == 0, run.stderr
    assert run.stdout == invoke("plan", "--stack-file", STAGING).stdout
    assert list(tmp_path.iterdir()) == [], "no file named -"


def test_dash_over_several_stacks_prints_the_portfolio_without_a_second_verdict() -> None:
    run = invoke("plan", *EVERY_STACK, "--format", "json", "-o", "-")
    assert run.code == 0
    assert run.stdout == invoke("plan", *EVERY_STACK, "--format", "json").stdout and run.stderr == ""


def test_a_file_named_dash_is_still_reachable_as_dot_slash_dash(tmp_path: Path) -> None:
    run = invoke("plan", "--stack-file", STAGING, "--output", "./-")
    assert run.code == 0 and run.stdout == ""
    assert (tmp_path / "-").read_text() == invoke("plan", "--stack-file", STAGING).stdout


EMPTY = {
    "plan --output": (["plan", "--stack-file", STAGING, "--output", ""],
                      "error: --output is empty: give a file name, or - for stdout"),
    "plan --stack-file": (["plan", "--stack-file", ""],
                          "error: --stack-file is empty: give the path of a Pulumi.NAME.yaml, or use --stack NAME"),
    "validate --output": (["validate", "--stack-file", STAGING, "--only", "dns", "--output", ""],
                          "error: --output is empty"),
    "diff --output": (["diff", "--stack-file", STAGING, "--output", ""], "error: --output is empty"),
    "demo --output": (["demo", "--output", ""], "error: --output is empty"),
    "report --output": (["report", "--stack-file", STAGING, "-o", ""], "error: --output is empty"),
    "report html folder": (["report", *EVERY_STACK, "-f", "html", "-o", ""], "error: --output is empty"),
    "report --results": (["report", "--stack-file", STAGING, "--results", ""], "error: --results is empty"),
    "applinks --write": (["applinks", "--stack-file", STAGING, "--write", ""],
                         "error: --write is empty: give the folder the files go under"),
    "adopt --output": (["adopt", "--stack-file", STAGING, "--from-cloudflare", "-o", ""],
                       "error: --output is empty"),
    "adopt --zone-file": (["adopt", "--stack-file", STAGING, "--zone-file", ""], "error: --zone-file is empty"),
}


@pytest.mark.parametrize("case", list(EMPTY))
def test_an_empty_path_is_refused_and_nothing_is_written(case: str, tmp_path: Path) -> None:
    args, message = EMPTY[case]
    run = invoke(*args)
    assert run.code == 2 and run.stderr.startswith(message), run.stderr
    assert list(tmp_path.iterdir()) == [], "nothing written into the current folder"


FOLDER_DASH = {
    "applinks --write": (["applinks", "--stack-file", STAGING, "--write", "-"],
                         "error: --write -: - is standard output, and --write names a folder"),
    "report html folder": (["report", *EVERY_STACK, "-f", "html", "-o", "-"],
                           "error: --output - is stdout, but with several stacks --output names a FOLDER that "
                           "receives one HTML file per stack"),
}


@pytest.mark.parametrize("case", list(FOLDER_DASH))
def test_dash_for_a_folder_is_refused_not_made_a_folder_named_dash(case: str, tmp_path: Path) -> None:
    args, message = FOLDER_DASH[case]
    run = invoke(*args)
    assert run.code == 2 and run.stderr.startswith(message), run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_output_says_so_and_how_to_fix() -> None:
    run = invoke("plan", "--stack-file", STAGING, "--output", "/")
    assert run.code == 2
    assert run.stderr == "error: cannot write /: it is a folder; give --output a file name, such as /report.txt\n"
