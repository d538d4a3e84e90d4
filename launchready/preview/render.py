"""A preview summary as text, JSON or Markdown (a PR comment or a job summary)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text

from launchready.core.contract import versioned
from launchready.preview.digest import OP_ORDER, FieldChange, PreviewSummary, Step
from launchready.render.console import printed
from launchready.render.formats import DocumentFormat
from launchready.render.report import md_cell

MARKER = "<!-- launchready-preview -->"
COLUMNS = ("op", "resource", "type", "what", "changes")


def change_text(change: FieldChange) -> str:
    if change.old is None:
        return f"{change.field}={change.new}"
    if change.new is None:
        return f"{change.field}={change.old}"
    return f"{change.field}: {change.old} → {change.new}"


def short_type(rtype: str) -> str:
    return rtype.rsplit(":", 1)[-1]


def row(step: Step) -> tuple[str, ...]:
    return (step.op, step.name, short_type(step.type), step.subject, "; ".join(map(change_text, step.changes)))


def headline(summary: PreviewSummary) -> str:
    counts = summary.counts()
    parts = [f"{counts[op]} to {op}" for op in OP_ORDER if counts[op]]
    changes = ", ".join(parts) if parts else "no changes"
    return f"pulumi preview: {changes} ({summary.unchanged} unchanged; Cloudflare and launchready resources only)"


def render_text(summary: PreviewSummary, width: int = 160) -> str:
    items: list[Any] = []
    if summary.steps:
        table = Table(box=None, pad_edge=False)
        for column in COLUMNS:
            table.add_column(column, overflow="fold")
        for step in summary.steps:
            table.add_row(*(Text(cell) for cell in row(step)))  # Text: "[secret]" is not markup
        items.append(table)
    items += [f"warning: {warning}" for warning in summary.warnings]
    items += [f"DANGER {danger}" for danger in summary.dangers]
    return printed(*items, headline(summary), width=width, soft_wrap=True)


def render_markdown(summary: PreviewSummary) -> str:
    lines = [MARKER, f"### {headline(summary)}", ""]
    if summary.dangers:
        lines += ["> [!WARNING]"] + [f"> - {md_cell(danger)}" for danger in summary.dangers] + [""]
    if summary.steps:
        lines += ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(md_cell(cell) for cell in row(step)) + " |" for step in summary.steps]
        lines.append("")
    lines += [f"> warning: {md_cell(warning)}" for warning in summary.warnings]
    return "\n".join(lines).rstrip() + "\n"


def document(summary: PreviewSummary) -> dict[str, Any]:
    return {
        "counts": summary.counts(),
        "unchanged": summary.unchanged,
        "steps": [{"op": s.op, "urn": s.urn, "type": s.type, "name": s.name, "what": s.subject,
                   "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in s.changes]}
                  for s in summary.steps],
        "warnings": list(summary.warnings),
        "dangerous": list(summary.dangers),
    }


def render_json(summary: PreviewSummary) -> str:
    return json.dumps(versioned(document(summary)), indent=2) + "\n"


RENDERERS: dict[DocumentFormat, Callable[[PreviewSummary], str]] = {
    DocumentFormat.TEXT: render_text, DocumentFormat.JSON: render_json, DocumentFormat.MARKDOWN: render_markdown,
}


def render_preview(summary: PreviewSummary, fmt: DocumentFormat) -> str:
    return RENDERERS[fmt](summary)
