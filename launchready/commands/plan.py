"""`launchready plan`: render a stack's plan offline (no credentials, no network)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from launchready.core.files import write_output
from launchready.core.stack import load_plan
from launchready.options import OutputOption, ProjectDirOption, StackFileOption, StackOption, guarded
from launchready.render.formats import DocumentFormat


@guarded
def plan(
    stack: StackOption = None,
    stack_file: StackFileOption = None,
    fmt: Annotated[DocumentFormat, typer.Option("--format", "-f", help="text (handover table), json, markdown.")] = (
        DocumentFormat.TEXT
    ),
    output: OutputOption = None,
    project_dir: ProjectDirOption = Path("."),
) -> None:
    """Show what a stack asks of Cloudflare: records with TTLs, redirects, cache rules, zone settings."""
    from launchready.render.plan import render_plan

    _, domain_plan = load_plan(stack, stack_file, project_dir)
    write_output(render_plan(domain_plan, fmt), output)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
