"""`launchready preflight`: the checks CI runs before `pulumi up` (offline; secrets never printed)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from launchready.core.files import write_output
from launchready.options import (
    AllStacksOption,
    OutputOption,
    ProjectDirsOption,
    ReportFormatOption,
    StackFileOption,
    StacksOption,
    guarded,
)
from launchready.render.formats import ReportFormat


@guarded
def preflight(
    stack: StacksOption = None,
    stack_file: StackFileOption = None,
    repo: Annotated[Path | None, typer.Option(help="Git repository whose tracked files are scanned for "
                                              "credentials (default: the project directory).",
                                              file_okay=False)] = None,
    fmt: ReportFormatOption = ReportFormat.TEXT,
    output: OutputOption = None,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
) -> None:
    """Before `pulumi up`: the spec is valid, the needed variables exist, and no secret is in plaintext,
    committed, or shared between stacks. Exit 1 lists what is missing."""
    from launchready.core.spec import stack_path
    from launchready.portfolio.targets import select
    from launchready.preflight import Environment, PreflightInput, run_preflight
    from launchready.render.report import headline, render_report

    targets = select(stack, stack_file, project_dir, all_stacks)
    env = Environment(variables=dict(os.environ), home=Path.home())
    if targets.single is None:
        from launchready.portfolio.checks import run_reports

        raise typer.Exit(code=run_reports(targets, lambda item: run_preflight(PreflightInput(
            stack_path=item.target.path, repo=repo or item.target.project_dir, repo_given=repo is not None, env=env)),
            fmt.value, "launchready preflight", output, need_plan=False))
    name, file, directory = targets.single
    path = stack_path(name, file, directory)
    given = PreflightInput(stack_path=path, repo=repo or directory, repo_given=repo is not None, env=env)
    report = run_preflight(given)
    write_output(render_report(report, fmt.value), output)
    if output is not None:
        typer.echo(headline(report), err=True)  # the text report's last line, without laying out the table
    raise typer.Exit(code=report.exit_code)


def register(app: typer.Typer) -> None:
    app.command("preflight")(preflight)
