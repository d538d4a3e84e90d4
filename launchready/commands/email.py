"""`launchready email ses`: create (or read) the Amazon SES identity for the stack's zone, enable Easy
DKIM and the custom MAIL FROM domain, and write the DKIM tokens and MAIL FROM settings into the stack
file, so `pulumi up` plans every SES record without calling AWS. Several stacks (--stack repeated,
--all-stacks, --project-dir repeated) are set up in one run, one after another (launchready.portfolio.ses).

The stack file is edited as a round trip (ruamel.yaml): comments, order, quoting and every other key
stay as they were; only the ses entry under email.send changes (it is added when missing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from launchready.options import AllStacksOption, ProjectDirsOption, StackFileOption, StacksOption, fail_input, guarded

email_app = typer.Typer(name="email", help="Set up mail providers for a stack.", no_args_is_help=True)

RegionOption = Annotated[str, typer.Option(
    "--region", metavar="REGION", help="The SES region the product sends from, e.g. eu-west-1 (with several "
    "stacks, every stack's identity is made there).")]
EndpointOption = Annotated[str | None, typer.Option(
    "--endpoint-url", metavar="URL", help="Another SES endpoint (a local emulator, a VPC endpoint); with "
    "several stacks, one client serves them all.")]


@email_app.command("ses")
@guarded
def ses(
    region: RegionOption,
    stack: StacksOption = None,
    stack_file: StackFileOption = None,
    endpoint_url: EndpointOption = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", min=1,
                                           help="Seconds to wait for each SES call (one attempt each).")] = 20.0,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
) -> None:
    """Create or read the SES identity for the zone (Easy DKIM, custom MAIL FROM) and write its DKIM tokens,
    region and MAIL FROM into the stack file. Uses the standard AWS credential chain.

    Several stacks (--stack repeated, --all-stacks, --project-dir repeated) are set up one after another
    through one SES client (the same --region and --endpoint-url for all), a block per stack and one line
    for the run; a stack whose file is broken or unwritable, or whose SES call fails, is its own block with
    exit code 2 while the others still run. Two stacks with one zone are both refused before any SES call."""
    from launchready.aws.ses import checked_region
    from launchready.portfolio.targets import select

    region = checked_region(region)
    targets = select(stack, stack_file, project_dir, all_stacks)
    if targets.single is None:
        from launchready.portfolio.ses import run_ses_setup

        raise typer.Exit(code=run_ses_setup(targets, region, endpoint_url, timeout, typer.echo))
    one_stack(targets.single, region, endpoint_url, timeout)


def one_stack(single: tuple[str | None, Path | None, Path], region: str, endpoint_url: str | None,
              timeout: float) -> None:
    """The classic run: its output and exit codes are those of the command before it took several stacks."""
    from launchready.aws import ses as ses_api
    from launchready.aws.ses_setup import NEXT_STEP, call_ses, done_lines, prepare, record, still_needs_work
    from launchready.core.spec.loading import stack_path

    edit = prepare(stack_path(*single))
    try:
        client = ses_api.client(region, endpoint_url, timeout)  # botocore alone waits 60 s, up to 5 times
        identity = call_ses(client, edit)
    except ses_api.SesError as exc:
        raise fail_input(f"error: {exc}") from None
    record(edit, region, identity)
    for line in done_lines(edit, region, identity):
        typer.echo(line)
    problem = still_needs_work(edit.path)
    if problem:
        raise fail_input(problem)
    typer.echo(NEXT_STEP)


def register(app: typer.Typer) -> None:
    app.add_typer(email_app)
