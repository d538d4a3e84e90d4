"""A product folder whose name holds a control character or a line break: refused as that product's bad
input, and every renderer keeps keys, paths and locations printable (SARIF without a traceback, JUnit
well-formed, text without a terminal escape) whatever reaches it."""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path

import pytest

from launchready.core.findings import failed
from launchready.portfolio.render import render_portfolio
from launchready.portfolio.section import Section
from launchready.render.sarif import render_sarif_findings
from tests.clirun import invoke
from tests.portfolio.conftest import write_project

EVIL = "ev\x01il\x1b[31m\nx"
CONTROLS = ("\x01", "\x1b", "\n")


@pytest.fixture
def evil(project: Path) -> Path:
    """Two products with a `alpha` stack (so keys are DIR/NAME), one in a folder named with controls."""
    return write_project(Path(EVIL), {"alpha": "evil.test"})


def sections() -> list[Section]:
    path = Path(f"{EVIL}/Pulumi.prod.yaml")
    return [Section(f"{EVIL}/prod", path, None, 2, problem=f"error: {path}: bad\x1b[2J"),
            Section(f"{EVIL}/staging", path, "evil.test", 0, body="fine", gist="1 record")]


def test_sarif_of_a_folder_with_a_line_break_is_a_document_not_a_traceback(evil: Path) -> None:
    run = invoke("preflight", "--all-stacks", "--project-dir", "portfolio", "--project-dir", EVIL, "--format", "sarif")
    results = json.loads(run.stdout)["runs"][0]["results"]
    assert run.code == 2
    [bad] = [r for r in results if r["ruleId"] == "stack.bad_input"]
    assert bad["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "ev%01il%1B%5B31m%0Ax/Pulumi.yaml"
    assert "control character" in bad["message"]["text"] and "\x1b" not in bad["message"]["text"]


def test_junit_with_such_a_folder_is_well_formed_xml(evil: Path) -> None:
    run = invoke("validate", "--all-stacks", "--project-dir", "portfolio", "--project-dir", EVIL, "--only", "dns",
                 "--resolver", "127.0.0.1:9", "--authoritative", "127.0.0.1:9", "--timeout", "0.5", "--format", "junit")
    assert run.code == 2
    xml.dom.minidom.parseString(run.stdout)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_carry_no_terminal_escape(evil: Path, fmt: str) -> None:
    run = invoke("plan", "--all-stacks", "--project-dir", "portfolio", "--project-dir", EVIL, "--format", fmt)
    assert run.code == 2 and "rename the folder to printable text" in run.stdout
    assert not any(char in run.stdout for char in CONTROLS[:2])


def test_every_renderer_keeps_a_hostile_key_and_path_printable() -> None:
    for fmt in ("text", "markdown", "junit", "sarif"):
        document = render_portfolio(sections(), fmt, "launchready plan")
        assert not any(char in document for char in CONTROLS[:2]), fmt
    xml.dom.minidom.parseString(render_portfolio(sections(), "junit", "launchready plan"))
    text = render_portfolio(sections(), "text", "launchready plan")
    assert "== ev\ufffdil\ufffd[31m x/staging: evil.test (ev\ufffdil\ufffd[31m x/Pulumi.prod.yaml) ==" in text


def test_a_sarif_location_with_a_line_break_keeps_its_file_and_line() -> None:
    finding = failed("stack.bad_input", "x", "bad", location="a b\nc/Pulumi.prod.yaml:12")
    [result] = json.loads(render_sarif_findings([finding]))["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "a%20b%0Ac/Pulumi.prod.yaml"}, "region": {"startLine": 12}}
