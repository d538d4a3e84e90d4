"""plan, diff and report over several stacks: each stack's document rendered as the one-stack command
would, gathered into one portfolio document."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.files import on_stdout, write_output
from launchready.portfolio.load import Loaded, load_all
from launchready.portfolio.render import headline, render_portfolio
from launchready.portfolio.section import Section, bad_input, worst_exit
from launchready.portfolio.targets import Targets
from launchready.render import plural
from launchready.render.formats import DocumentFormat

Render = Callable[[Loaded], Section]


def run_sections(targets: Targets, render: Render) -> list[Section]:
    """A section per stack: a stack that failed to load, or whose rendering is bad input, is exit 2."""
    sections = []
    for loaded in load_all(targets.stacks):
        if loaded.problem:
            sections.append(bad_input(loaded))
            continue
        try:
            sections.append(render(loaded))
        except InputError as exc:  # the stack planned: its section keeps the zone
            sections.append(bad_input(replace(loaded, problem=f"error: {exc}")))
    return sections


def finish(sections: list[Section], fmt: str, title: str, output: Path | None,
           extra: dict[str, Any] | None = None) -> int:
    """The run's one document on stdout or in --output, and its exit code: the worst of its stacks. With
    --output the verdict goes to stderr too, as the one-stack commands say theirs, so a CI log never shows
    a bare exit code."""
    write_output(render_portfolio(sections, fmt, title, extra), output)
    if not on_stdout(output):
        print(headline(sections, title), file=sys.stderr)
    return worst_exit(sections)


def plan_section(fmt: str) -> Render:
    from launchready.render.plan import render_plan

    def render(loaded: Loaded) -> Section:
        assert loaded.plan is not None
        plan, target = loaded.plan, loaded.target
        document = json.loads(render_plan(plan, DocumentFormat.JSON)) if fmt == "json" else None
        body = "" if fmt == "json" else render_plan(plan, DocumentFormat(fmt))
        return Section(target.key, target.path, plan.zone, 0, document=document, body=body,
                       gist=f"{plural(len(plan.records), 'record')}, {plural(len(plan.redirects), 'redirect')}")

    return render


def run_plan(targets: Targets, fmt: str, output: Path | None) -> int:
    return finish(run_sections(targets, plan_section(fmt)), fmt, "launchready plan", output)
