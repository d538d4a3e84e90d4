"""One portfolio report: JSON keyed by stack, JUnit with one test suite per stack, SARIF with one run of
every stack's findings, Markdown and text with a portfolio table (a row per stack, worst first) and each
stack's details below it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from launchready.core.contract import versioned
from launchready.core.findings import Severity, printable_value
from launchready.portfolio.section import Section, worst_exit
from launchready.render import plural
from launchready.render.escape import flat
from launchready.render.report import junit_case, md_cell, render_markdown, render_text


def headline(sections: list[Section], title: str) -> str:
    counts = Counter(s.verdict for s in sections)
    parts = ", ".join(f"{counts[v]} {v.lower()}" for v in ("PASS", "FAIL", "BAD INPUT") if counts[v])
    verdict = "PASS" if worst_exit(sections) == 0 else "FAIL"
    return f"{verdict} {title}: {plural(len(sections), 'stack')} ({parts}), exit code {worst_exit(sections)}"


def ranked(sections: list[Section]) -> list[Section]:
    return sorted(sections, key=Section.rank)


def section_json(section: Section) -> dict[str, Any]:
    head: dict[str, Any] = {"file": section.path.as_posix(), "zone": section.zone, "exit_code": section.exit_code}
    if section.problem:
        return {**head, "ok": False, "error": section.problem.removeprefix("error: ")}
    if section.report is not None:
        return {**head, **section.report.document()}
    return {**head, "ok": section.exit_code == 0, "document": section.document}


def summary(sections: list[Section]) -> dict[str, Any]:
    counts = Counter(s.verdict for s in sections)
    totals = [s.report.summary() for s in sections if s.report is not None]
    return {"stacks": len(sections), "passed": counts["PASS"], "failed": counts["FAIL"],
            "bad_input": counts["BAD INPUT"], "errors": sum(int(t["errors"]) for t in totals),
            "warnings": sum(int(t["warnings"]) for t in totals)}


def render_json(sections: list[Section], extra: dict[str, Any] | None = None) -> str:
    document = versioned({"ok": worst_exit(sections) == 0, "exit_code": worst_exit(sections),
                          "stacks": {s.key: section_json(s) for s in sections},
                          "summary": {**summary(sections), **(extra or {})}})
    return json.dumps(document, indent=2) + "\n"


def checked(sections: list[Section]) -> bool:
    """Whether the run checked something (validate, preflight, drift): only findings have errors and
    warnings to count; a plan, diff, adoption or handover sums itself up in its last column."""
    return any(s.report is not None for s in sections)


def columns(sections: list[Section]) -> tuple[str, ...]:
    """The portfolio table's header: a check run counts and names its worst finding, a document run
    (plan, diff, adopt, applinks, handover) has no findings to count and sums each stack up."""
    if checked(sections):
        return COLUMNS
    return (*COLUMNS[:3], "summary")


def table_rows(sections: list[Section]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for s in ranked(sections):
        errors, warnings = s.counts()
        counted = (str(errors), str(warnings)) if checked(sections) else ()
        rows.append(tuple(flat(cell) for cell in (s.key, s.zone or "-", s.verdict, *counted, s.worst())))
    return rows


COLUMNS = ("stack", "zone", "result", "errors", "warnings", "worst finding")


def render_markdown_portfolio(sections: list[Section], title: str) -> str:
    header = columns(sections)
    lines = [f"## {title}: {headline(sections, 'portfolio')}", "", "| " + " | ".join(header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(f"`{md_cell(c)}`" if i == 0 else md_cell(c) for i, c in enumerate(row)) + " |"
              for row in table_rows(sections)]
    for s in ranked(sections):
        lines += ["", f"## {md_cell(flat(s.key))} (`{md_cell(flat(s.path.as_posix()))}`)", "",
                  markdown_body(s).rstrip()]
    return "\n".join(lines).rstrip() + "\n"


def markdown_body(section: Section) -> str:
    if section.problem:
        return f"> {md_cell(section.problem)}"
    return render_markdown(section.report) if section.report is not None else section.body


def render_text_portfolio(sections: list[Section], title: str) -> str:
    rows = [columns(sections), *table_rows(sections)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + "  " + r[-1] for r in rows]
    for s in ranked(sections):
        lines += ["", f"== {text_heading(s)} ==", text_body(s).rstrip()]
    return "\n".join([*(line.rstrip() for line in lines), "", headline(sections, title)]) + "\n"


def text_heading(section: Section) -> str:
    """The stack's key, its zone when it got that far, and its file: one line, no terminal control (a folder
    name is the user's, a stackConfigDir anything)."""
    zone = f": {section.zone}" if section.zone else ""
    return flat(f"{section.key}{zone} ({section.path.as_posix()})")


def text_body(section: Section) -> str:
    if section.problem:
        return str(printable_value(section.problem))
    return render_text(section.report) if section.report is not None else section.body


def render_junit(sections: list[Section], title: str) -> str:
    """One <testsuite> per stack, one <testcase> per finding; a stack that failed to load is one <error>.
    Keys, paths and messages are printable: XML 1.0 has no form for most control characters (§2.2)."""
    root = ET.Element("testsuites", name=title, tests="0")
    total = 0
    for s in sections:
        findings = s.report.findings if s.report is not None else ()
        failures = sum(f.severity is Severity.ERROR for f in findings)
        suite = ET.SubElement(root, "testsuite", name=flat(s.key), tests=str(max(1, len(findings))),
                              failures=str(failures), errors=str(int(bool(s.problem))), skipped="0")
        total += max(1, len(findings))
        if s.problem:
            case = ET.SubElement(suite, "testcase", classname="stack", name=flat(s.path.as_posix()))
            ET.SubElement(case, "error", message=str(printable_value(s.problem.removeprefix("error: "))),
                          type="bad-input")
        for f in findings:
            junit_case(suite, f)
    root.set("tests", str(total))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def render_sarif_portfolio(sections: list[Section]) -> str:
    """Every stack's located findings in one SARIF run; a stack that could not be read is an error at its
    file, so code scanning shows it instead of passing it over."""
    from launchready.core.findings import failed
    from launchready.render.sarif import render_sarif_findings

    findings = [f for s in sections if s.report is not None for f in s.report.findings]
    findings += [failed("stack.bad_input", s.key, s.problem.removeprefix("error: "), location=s.path.as_posix())
                 for s in sections if s.problem]
    return render_sarif_findings(findings)


def render_portfolio(sections: list[Section], fmt: str, title: str, extra: dict[str, Any] | None = None) -> str:
    """The whole run in one document; `extra` adds fields to the JSON summary (query counts)."""
    if fmt == "json":
        return render_json(sections, extra)
    if fmt == "sarif":
        return render_sarif_portfolio(sections)
    if fmt == "junit":
        return render_junit(sections, title)
    if fmt == "markdown":
        return render_markdown_portfolio(sections, title)
    return render_text_portfolio(sections, title)
