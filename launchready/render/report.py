"""A validation report as text, JSON, Markdown or JUnit XML; all four carry the same findings."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from launchready.core.findings import Finding, Report, Severity
from launchready.render import plural
from launchready.render.console import printed
from launchready.render.escape import md_code as code_span
from launchready.render.escape import md_text
from launchready.render.formats import ReportFormat

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

MARK = {Severity.ERROR: "FAIL", Severity.WARNING: "WARN", Severity.INFO: "ok"}


def shown(value: Any) -> str:
    """Expected or observed data, whole: a CI log is where a long SPF record or address set gets read."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)


def headline(report: Report) -> str:
    s = report.summary()
    verdict = "PASS" if report.ok else "FAIL"
    stack = f"stack {report.stack}: " if report.stack else ""
    took = f" in {report.elapsed_seconds:.1f}s" if report.elapsed_seconds is not None else ""
    counts = f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, {s['passed']} passed"
    return f"{verdict} {stack}{counts}{took}"


@dataclass(frozen=True)
class Row:
    """One line of a text or Markdown report: one finding, or the same verdict from several servers."""

    severity: Severity
    check: str
    subject: str
    message: str

    @property
    def cells(self) -> tuple[str, str, str, str]:
        return (MARK[self.severity], self.check, self.subject, self.message)


def mentions(server: str) -> re.Pattern[str]:
    """`server` as a whole ADDR:PORT in a message (127.0.0.1:53 not inside 127.0.0.1:5353)."""
    return re.compile(rf"(?<![\w.:\[]){re.escape(server)}(?!\d)")


def verdict_key(f: Finding) -> tuple[str, ...]:
    """What a finding says with its server left out: equal keys are one verdict seen from several servers."""
    message = mentions(f.resolver).sub("\0", f.message) if f.resolver else f.message
    said = json.dumps([f.expected, f.observed], sort_keys=True, default=str)
    return (f.severity.value, f.check, f.name, f.type or "", f.url or "", said, message)


def rows(findings: Iterable[Finding]) -> list[Row]:
    """Findings as table rows, in report order. Findings that differ only in the server asked (a zone-wide
    mistake seen by every resolver, every resolver passing) share one row naming each server; the JSON and
    JUnit reports keep one finding per server."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for index, f in enumerate(findings):
        groups.setdefault(verdict_key(f) if f.resolver else (str(index),), []).append(f)
    return [row(group) for group in groups.values()]


def row(group: list[Finding]) -> Row:
    first = group[0]
    if len(group) == 1 or first.resolver is None:
        return Row(first.severity, first.check, first.subject, first.message)
    servers = ", ".join(str(f.resolver) for f in group)
    where = f"{first.name} {first.type}" if first.type else first.name
    plural_role = re.sub(rf"\b(resolver|server) (?={mentions(first.resolver).pattern})", r"\1s ", first.message)
    message = mentions(first.resolver).sub(lambda _: servers, plural_role)
    return Row(first.severity, first.check, f"{where} @ {len(group)} servers", message)


def render_text(report: Report, width: int = 160) -> str:
    from rich.table import Table  # here, not at import: JSON, JUnit and Markdown need no rich (~10 ms)
    from rich.text import Text

    table = Table(show_lines=False, expand=False, box=None, pad_edge=False)
    for column in ("", "check", "subject", "message"):
        table.add_column(column, overflow="fold")
    for r in rows(report.findings):
        table.add_row(*(Text(cell) for cell in r.cells))
    return printed(table, *(f"note: {note}" for note in report.notes), headline(report), width=width)


def render_json(report: Report) -> str:
    return json.dumps(report.document(), indent=2, sort_keys=False) + "\n"


def md_cell(text: str) -> str:
    """Text for a Markdown table cell on GitHub, inert (launchready.render.escape): messages carry server text."""
    return md_text(text, table=True)


def md_code(text: str) -> str:
    """A subject (host, URL, name @ server) as code, so `_dmarc` or `*` never turn into emphasis."""
    return code_span(text, table=True)


def render_markdown(report: Report) -> str:
    lines = [f"### {md_text(report.title)}: {md_text(headline(report))}", ""]
    problems = rows(f for f in report.findings if f.severity is not Severity.INFO)
    if problems:
        lines += ["| | check | subject | message |", "|---|---|---|---|"]
        lines += [f"| {MARK[r.severity]} | `{r.check}` | {md_code(r.subject)} | {md_cell(r.message)} |"
                  for r in problems]
        lines.append("")
    verified = [f for f in report.findings if f.severity is Severity.INFO]
    if verified:
        lines += [f"<details><summary>{len(verified)} checks passed</summary>", ""]
        lines += [f"- `{r.check}` {md_code(r.subject)}: {md_cell(r.message)}" for r in rows(verified)]
        lines += ["", "</details>", ""]
    lines += [f"> note: {md_text(note)}" for note in report.notes]
    return "\n".join(lines).rstrip() + "\n"


def render_junit(report: Report) -> str:
    """One <testsuite> per check family (dns, http, …), one <testcase> per finding."""
    import xml.etree.ElementTree as ET  # only JUnit needs it

    suites: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        suites[finding.check.split(".")[0]].append(finding)
    root = ET.Element("testsuites", name=report.title, tests=str(len(report.findings)))
    for family, findings in sorted(suites.items()):
        failures = sum(f.severity is Severity.ERROR for f in findings)
        suite = ET.SubElement(root, "testsuite", name=family, tests=str(len(findings)),
                              failures=str(failures), errors="0", skipped="0")
        for f in findings:
            junit_case(suite, f)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def junit_case(suite: ET.Element, f: Finding) -> None:
    """One finding as a <testcase>: an error fails it, a warning is printed beside it."""
    import xml.etree.ElementTree as ET

    case = ET.SubElement(suite, "testcase", classname=f.check, name=f.subject)
    if f.severity is Severity.ERROR:
        ET.SubElement(case, "failure", message=f.message, type=f.check).text = detail(f)
    elif f.severity is Severity.WARNING:
        ET.SubElement(case, "system-out").text = f"WARNING: {f.message}"


def detail(f: Finding) -> str:
    return f"expected: {shown(f.expected)}\nobserved: {shown(f.observed)}"


RENDERERS: dict[ReportFormat, Callable[[Report], str]] = {
    ReportFormat.TEXT: render_text, ReportFormat.JSON: render_json,
    ReportFormat.MARKDOWN: render_markdown, ReportFormat.JUNIT: render_junit,
}


def render_report(report: Report, fmt: ReportFormat) -> str:
    if fmt == ReportFormat.SARIF:  # code scanning (launchready/render/sarif.py)
        from launchready.render.sarif import render_sarif

        return render_sarif(report)
    return RENDERERS[fmt](report)
