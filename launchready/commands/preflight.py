"""`launchready preflight`: the checks CI runs before `pulumi up` (offline; secrets never printed)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from launchready.core.files import on_stdout, write_output
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
    since: Annotated[str | None, typer.Option(metavar="REV", help="Scan only the history after REV (for a "
                                              "pull request: --since origin/main). Default: every commit "
                                              "reachable from HEAD.")] = None,
    history: Annotated[bool, typer.Option(help="Scan the git history for credentials (every added line).")] = True,
    logs: Annotated[Path | None, typer.Option(metavar="DIR", help="Also scan saved CI logs or build output in "
                                              "DIR.", file_okay=False)] = None,
    baseline: Annotated[Path | None, typer.Option(metavar="FILE", help="The baseline of handled credentials "
                                                  "(default: .launchready-secrets-baseline.json at the top of "
                                                  "the repository).", dir_okay=False)] = None,
    update_baseline: Annotated[bool, typer.Option("--update-baseline", help="Mark every credential found in "
                                                  "history and logs as handled (after rotating them): writes "
                                                  "their salted hashes, never values, to the baseline.")] = False,
    online: Annotated[bool, typer.Option("--online", help="Also ask the Cloudflare API (token active, scope, "
                                         "separation from sibling stacks) and AWS IAM (SES key's permissions) "
                                         "what the credentials may do. Off by default: preflight is offline.")]
    = False,
    fmt: ReportFormatOption = ReportFormat.TEXT,
    output: OutputOption = None,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
) -> None:
    """Before `pulumi up`: the spec is valid, the needed variables exist, and no secret is in plaintext,
    committed (now or in git history), in an env file, in saved logs, or shared between stacks. Exit 1
    lists what is missing, with the rotation step for every exposed credential."""
    from launchready.core.spec import stack_path
    from launchready.portfolio.targets import select
    from launchready.preflight import Environment, PreflightInput, SecretsInput, run_preflight
    from launchready.render.report import headline, render_report

    targets = select(stack, stack_file, project_dir, all_stacks)
    env = Environment(variables=dict(os.environ), home=Path.home())

    def given(path: Path, directory: Path) -> PreflightInput:
        where = repo or directory
        secrets = SecretsInput(path, where, repo is not None, since=since, history=history, logs=logs,
                               baseline=baseline, update_baseline=update_baseline)
        return PreflightInput(stack_path=path, repo=where, repo_given=repo is not None, env=env, secrets=secrets,
                              online=online)

    if targets.single is None:
        from launchready.portfolio.checks import run_reports

        raise typer.Exit(code=run_reports(targets, lambda item: run_preflight(given(
            item.target.path, item.target.project_dir)), fmt.value, "launchready preflight", output, need_plan=False))
    name, file, directory = targets.single
    report = run_preflight(given(stack_path(name, file, directory), directory))
    write_output(render_report(report, fmt), output)
    if not on_stdout(output):
        typer.echo(headline(report), err=True)  # the text report's last line, without laying out the table
    raise typer.Exit(code=report.exit_code)


def register(app: typer.Typer) -> None:
    app.command("preflight")(preflight)
