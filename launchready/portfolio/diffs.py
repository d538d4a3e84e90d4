"""`diff` over several stacks: each stack's diff rendered as the one-stack command would, gathered into one
portfolio document (docs/portfolio.md)."""

from __future__ import annotations

import json
from pathlib import Path

from launchready.portfolio.documents import Render, finish, run_sections
from launchready.portfolio.load import Loaded
from launchready.portfolio.section import Section
from launchready.portfolio.targets import Targets
from launchready.render.formats import DocumentFormat


def diff_section(base: str, head: str | None, fmt: str, fail_on_dangerous: bool) -> Render:
    from launchready.diff import diff_plans
    from launchready.diff.parallel import both_ends
    from launchready.diff.render import render_diff
    from launchready.diff.revisions import require_stack

    def render(loaded: Loaded) -> Section:
        target = loaded.target
        old, new = both_ends(base, head, target.name, target.project_dir)
        require_stack(old, new, target.name, target.project_dir)
        notes = tuple(note for note in (old.note, new.note) if note)
        result = diff_plans(old.plan, new.plan, stack=target.name, base_side=old.side, head_side=new.side,
                            notes=notes)
        code = 1 if fail_on_dangerous and result.dangerous else 0
        changes = len(result.records) + len(result.redirects) + len(result.cache_rules) + len(result.settings)
        return Section(target.key, target.path, result.zone, code,
                       document=json.loads(render_diff(result, DocumentFormat.JSON)) if fmt == "json" else None,
                       body="" if fmt == "json" else render_diff(result, DocumentFormat(fmt)),
                       gist=f"{changes} changes, {len(result.dangers)} dangerous")

    return render


def run_diff(targets: Targets, base: str, head: str | None, fmt: str, fail_on_dangerous: bool,
             output: Path | None) -> int:
    render = diff_section(base, head, fmt, fail_on_dangerous)
    return finish(run_sections(targets, render), fmt, "launchready diff", output)
