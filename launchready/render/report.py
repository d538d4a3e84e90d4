"""A validation report as text, JSON, Markdown or JUnit XML; all four carry the same findings."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from launchready.render import plural
from launchready.report import Finding, Report, Severity

MARK = {Severity.ERROR: "FAIL", Severity.WARNING: "WARN", Severity.INFO: "ok"}


def short(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def headline(report: Report) -> str:
    s = report.summary()
    verdict = "PASS" if report.ok else "FAIL"
    stack = f"stack {report.stack}: " if report.stack else ""
    took = f" in {report.elapsed_seconds:.1f}s" if report.elapsed_seconds is not None else ""
    counts = f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, {s['passed']} passed"
    return f"{verdict} {stack}{counts}{took}"



def render_text(report: Report, width: int = 160) -> str:
    table = Table(show_lines=False, expand=False, box=None, pad_edge=False)
    for column in ("", "check", "subject", "message"):
        table.add_column(column, overflow="fold")
    for f in report.findings:
        table.add_row(*(Text(cell) for cell in (MARK[f.severity], f.check, f.subject, f.message)))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False, markup=False)
    console.print(table)
    for note in report.notes:
        console.print(f"note: {note}")
    console.print(headline(report))
    return buffer.getvalue()


def render_json(report: Report) -> str:
    return json.dumps(report.document(), indent=2, sort_keys=False) + "\n"


def md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    lines = [f"### launchready validate: {headline(report)}", ""]
    problems = [f for f in report.findings if f.severity is not Severity.INFO]
    if problems:
        lines += ["| | check | subject | message |", "|---|---|---|---|"]
        lines += [f"| {MARK[f.severity]} | `{f.check}` | {md_cell(f.subject)} | {md_cell(f.message)} |"
                  for f in problems]
        lines.append("")
    verified = [f for f in report.findings if f.severity is Severity.INFO]
    if verified:
        lines += [f"<details><summary>{len(verified)} checks passed</summary>", ""]
        lines += [f"- `{f.check}` {md_cell(f.subject)}: {md_cell(f.message)}" for f in verified]
        lines += ["", "</details>", ""]
    lines += [f"> note: {note}" for note in report.notes]
    return "\n".join(lines).rstrip() + "\n"


def render_junit(report: Report) -> str:
    """One <testsuite> per check family (dns, http, …), one <testcase> per finding."""
    suites: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        suites[finding.check.split(".")[0]].append(finding)
    root = ET.Element("testsuites", name="launchready", tests=str(len(report.findings)))
    for family, findings in sorted(suites.items()):
        failures = sum(f.severity is Severity.ERROR for f in findings)
        suite = ET.SubElement(root, "testsuite", name=family, tests=str(len(findings)),
                              failures=str(failures), errors="0", skipped="0")
        for f in findings:
            case = ET.SubElement(suite, "testcase", classname=f.check, name=f.subject)
            if f.severity is Severity.ERROR:
                ET.SubElement(case, "failure", message=f.message, type=f.check).text = detail(f)
            elif f.severity is Severity.WARNING:
                ET.SubElement(case, "system-out").text = f"WARNING: {f.message}"
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def detail(f: Finding) -> str:
    return f"expected: {short(f.expected)}\nobserved: {short(f.observed)}"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown, "junit": render_junit}


def render_report(report: Report, fmt: str) -> str:
    return RENDERERS[fmt](report)
