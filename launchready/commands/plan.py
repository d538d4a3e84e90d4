"""`launchready plan`: render a stack's plan offline (no credentials, no network)."""

from __future__ import annotations

from pathlib import Path  # noqa: F401  (typer reads the annotations)
from typing import Annotated

import typer

from launchready.core.files import write_output
from launchready.core.stack import load_plan
from launchready.options import AllStacksOption, OutputOption, ProjectDirsOption, StackFileOption, StacksOption, guarded
from launchready.render.formats import DocumentFormat


@guarded
def plan(
    stack: StacksOption = None,
    stack_file: StackFileOption = None,
    fmt: Annotated[DocumentFormat, typer.Option("--format", "-f", help="text (handover table), json, markdown.")] = (
        DocumentFormat.TEXT
    ),
    output: OutputOption = None,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
) -> None:
    """Show what a stack asks of Cloudflare: records with TTLs, redirects, cache rules, zone settings."""
    from launchready.portfolio.targets import select
    from launchready.render.plan import render_plan

    targets = select(stack, stack_file, project_dir, all_stacks)
    if targets.single is None:
        from launchready.portfolio.documents import run_plan

        raise typer.Exit(code=run_plan(targets, fmt.value, output))
    _, domain_plan = load_plan(*targets.single)
    write_output(render_plan(domain_plan, fmt), output)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
