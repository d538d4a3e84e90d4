"""A validation report as text, JSON, Markdown or JUnit XML; all four carry the same findings."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from launchready.core.findings import Finding, Report, Severity
from launchready.render import plural

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
    table = Table(show_lines=False, expand=False, box=None, pad_edge=False)
    for column in ("", "check", "subject", "message"):
        table.add_column(column, overflow="fold")
    for r in rows(report.findings):
        table.add_row(*(Text(cell) for cell in r.cells))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False, markup=False)
    console.print(table)
    for note in report.notes:
        console.print(f"note: {note}")
    console.print(headline(report))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def render_json(report: Report) -> str:
    return json.dumps(report.document(), indent=2, sort_keys=False) + "\n"


def md_cell(text: str) -> str:
    """Text for a Markdown table cell on GitHub: `|` would end the cell and `<tag>` would vanish as HTML."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def md_code(text: str) -> str:
    """A subject (host, URL, name @ server) as code, so `_dmarc` or `*` never turn into emphasis."""
    return "`" + text.replace("|", "\\|") + "`"


def render_markdown(report: Report) -> str:
    lines = [f"### {report.title}: {headline(report)}", ""]
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
    lines += [f"> note: {note}" for note in report.notes]
    return "\n".join(lines).rstrip() + "\n"


def render_junit(report: Report) -> str:
    """One <testsuite> per check family (dns, http, …), one <testcase> per finding."""
    suites: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        suites[finding.check.split(".")[0]].append(finding)
    root = ET.Element("testsuites", name=report.title, tests=str(len(report.findings)))
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
    return f"expected: {shown(f.expected)}\nobserved: {shown(f.observed)}"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown, "junit": render_junit}


def render_report(report: Report, fmt: str) -> str:
    if fmt == "sarif":  # code scanning (launchready/render/sarif.py)
        from launchready.render.sarif import render_sarif

        return render_sarif(report)
    return RENDERERS[fmt](report)
