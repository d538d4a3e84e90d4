"""`report` over several stacks: --results goes through the one hardened reader and the one-stack
validation (naming the file, the stack and the field, never a value), and a stack without results says so."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import invoke

FINDING = {"check": "http.hsts", "severity": "error", "name": "alpha.test", "message": "no HSTS header"}


def section(stack: str = "alpha", **fields: Any) -> dict[str, Any]:
    """Stack `stack`'s part of a `validate --all-stacks --format json` document (its file and zone)."""
    return {"file": f"portfolio/Pulumi.{stack}.yaml", "zone": f"{stack}.test", "exit_code": 1, "schema_version": 1,
            "ok": False, "findings": [{**FINDING, "name": f"{stack}.test"}],
            "summary": {"stack": stack, "families": ["http"]}, "notes": [], **fields}


def results(stacks: dict[str, Any], **top: Any) -> str:
    Path("v.json").write_text(json.dumps({"schema_version": 1, "ok": False, "exit_code": 1, "stacks": stacks, **top}))
    return "v.json"


def report(project: Path, *args: str) -> Any:
    return invoke("report", "--project-dir", str(project), "--all-stacks", *args)


@pytest.mark.timeout(20)
@pytest.mark.parametrize(("special", "said"), [("fifo", "named pipe"), ("/dev/zero", "character device")])
def test_a_special_results_file_is_refused_unread(project: Path, special: str, said: str) -> None:
    if special == "fifo":
        os.mkfifo("fifo")  # no writer: a plain open waits forever
    run = report(project, "--results", special)
    assert run.code == 2 and said in run.stderr and special in run.stderr, run.stderr


@pytest.mark.parametrize(("stack", "field"), [
    (section(findings=[{"check": 5}]), "findings[0].check"),
    (section(summary={"families": 5}), "summary.families"),
    (section(notes=7), "notes"),
    (section(findings=[{**FINDING, "token": "sk-live-SECRET"}]), "findings[0].token"),
    (section(findings=[{**FINDING, "severity": "sk-live-SECRET"}]), "findings[0].severity"),
    ({"file": "portfolio/Pulumi.alpha.yaml", "summary": {}}, "no findings list"),
])
def test_a_malformed_section_names_the_file_the_stack_and_the_field(project: Path, stack: dict[str, Any],
                                                                    field: str) -> None:
    run = report(project, "--results", results({"alpha": stack}))
    assert run.code == 2 and run.stdout == "", run.stdout
    assert run.stderr.startswith(f"error: --results v.json (stack alpha): {field}"), run.stderr
    assert "SECRET" not in run.stderr and "input_value" not in run.stderr


@pytest.mark.parametrize("where", ["document", "section"])
def test_results_of_another_schema_version_are_refused(project: Path, where: str) -> None:
    path = results({"alpha": section(schema_version=2)}) if where == "section" else results({}, schema_version=2)
    run = report(project, "--results", path)
    assert run.code == 2 and "schema_version 2, but this launchready reads 1" in run.stderr, run.stderr


def test_a_stack_missing_from_the_results_says_so_in_its_handover(project: Path) -> None:
    held = {"./alpha": section(), "beta": section("beta"), "../p2/alpha": section()}
    run = report(project, "--results", results(held))
    assert run.code == 0, run.stderr
    alpha = run.stdout.split("## alpha (")[1].split("## beta (")[0]
    assert "No validation results for stack alpha in v.json: it holds `./alpha`, `beta`, `../p2/alpha`" in alpha
    assert "| `alpha` | alpha.test | PASS | 11 records, no validation results |" in run.stdout
    beta = run.stdout.split("## beta (")[1].split("## gamma (")[0]
    assert "FAIL: 1 error" in beta and "No validation results" not in beta


def test_a_stack_validate_stopped_on_says_so_in_its_handover(project: Path) -> None:
    stopped = {"file": "portfolio/Pulumi.alpha.yaml", "zone": None, "exit_code": 2, "ok": False,
               "error": "portfolio/Pulumi.alpha.yaml: sk-live-SECRET"}
    run = report(project, "--results", results({"alpha": stopped, "beta": section("beta"), "gamma": section("gamma")}))
    assert run.code == 0, run.stderr
    assert "`launchready validate` stopped on bad input for stack alpha (v.json)" in run.stdout
    assert "SECRET" not in run.stdout
