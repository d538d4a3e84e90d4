"""`launchready report` over several stacks: one Markdown document (a portfolio table, then each stack's
handover), or with --format html one self-contained file per stack plus an index, in an --output folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.files import write_atomic
from launchready.portfolio.documents import finish, run_sections
from launchready.portfolio.load import Loaded
from launchready.portfolio.render import render_markdown_portfolio
from launchready.portfolio.section import Section, worst_exit
from launchready.portfolio.targets import Targets, folder_name
from launchready.render.formats import HandoverFormat


def portfolio_results(path: Path | None) -> dict[str, Any]:
    """A portfolio `validate --format json` document's sections by stack ({} without --results)."""
    if path is None:
        return {}
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise InputError(f"--results {path}: cannot read it as JSON ({exc}); give the output of "
                         "`launchready validate --all-stacks --format json`") from None
    stacks = document.get("stacks") if isinstance(document, dict) else None
    if not isinstance(stacks, dict):
        raise InputError(f"--results {path}: no \"stacks\" object; with several stacks give the output of "
                         "`launchready validate --all-stacks --format json`")
    return stacks


def results_for(stacks: dict[str, Any], key: str) -> Any:
    from launchready.core.findings import Finding, Report

    section = stacks.get(key)
    if not isinstance(section, dict) or not isinstance(section.get("findings"), list):
        return None
    raw = section.get("summary")
    summary: dict[str, Any] = raw if isinstance(raw, dict) else {}
    return Report.of((Finding.model_validate(f) for f in section["findings"]), stack=summary.get("stack"),
                     families=tuple(summary.get("families") or ()), notes=tuple(section.get("notes") or ()))


def handover_section(results: dict[str, Any], fmt: str) -> Any:
    from launchready.core.spec.loading import read_yaml
    from launchready.handover import handover, render

    def section(loaded: Loaded) -> Section:
        assert loaded.stack is not None and loaded.plan is not None
        target = loaded.target
        document = handover(loaded.plan, loaded.stack.spec, read_yaml(target.path), results_for(results, target.key))
        return Section(target.key, target.path, loaded.plan.zone, 0, body=render(document, HandoverFormat(fmt)),
                       gist=f"{len(loaded.plan.records)} records")

    return section


def run_report(targets: Targets, results: Path | None, fmt: str, output: Path | None) -> int:
    if fmt == "html":
        return html_folder(targets, results, output)
    sections = run_sections(targets, handover_section(portfolio_results(results), fmt))
    return finish(sections, "markdown", "launchready report", output)


def html_folder(targets: Targets, results: Path | None, output: Path | None) -> int:
    if output is None or (output.exists() and not output.is_dir()):
        raise InputError("--format html with several stacks writes one file per stack: give --output FOLDER")
    output.mkdir(parents=True, exist_ok=True)
    sections = run_sections(targets, handover_section(portfolio_results(results), "html"))
    for section in sections:
        if section.body:
            write_atomic(output / f"{folder_name(section.key)}.html", section.body.encode())
    index = render_markdown_portfolio([s if s.problem else replace_body(s) for s in sections], "launchready report")
    write_atomic(output / "index.md", index.encode())
    return worst_exit(sections)


def replace_body(section: Section) -> Section:
    from dataclasses import replace

    return replace(section, body=f"[{section.key}.html]({folder_name(section.key)}.html)")
