"""`launchready monitoring test-alert`: prove that an alert from the monitor Worker reaches each
channel, before a real outage has to; for a portfolio, every product's channels in one run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from launchready.options import AllStacksOption, ProjectDirsOption, StackFileOption, StacksOption, guarded

if TYPE_CHECKING:
    import datetime as dt

    from launchready.monitor.alerts import Route

monitoring_app = typer.Typer(name="monitoring", help="Uptime monitoring after launch.", no_args_is_help=True)


@monitoring_app.command("test-alert")
@guarded
def test_alert(
    stack: StacksOption = None,
    stack_file: StackFileOption = None,
    timeout: Annotated[float, typer.Option(
        metavar="SECONDS", min=0.1,
        help="Seconds each channel has, as a whole, to accept the alert (connect, send, answer its status); "
             "a channel that has not answered by then is refused (exit 1).")] = 10.0,
    connect_to: Annotated[list[str] | None, typer.Option(
        "--connect-to", metavar="HOST:PORT:ADDR:PORT",
        help="As in curl: send requests for HOST:PORT to ADDR:PORT, keeping Host and SNI. Repeatable.")] = None,
    ca_bundle: Annotated[Path | None, typer.Option(metavar="FILE", help="PEM file of CAs to trust instead of "
                                                   "the system store.", exists=True, dir_okay=False)] = None,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
) -> None:
    """Send a labelled test alert through every channel of the stack's monitor Worker (the same
    payloads as a real alert) and say which accepted it; exit 1 naming any channel that refused.
    Several stacks (--stack repeated, --all-stacks, --project-dir repeated) send at once: a block per
    stack, then one line for the run; a stack without a monitor Worker is bad input (exit 2) while the
    others still send."""
    import datetime as dt

    from launchready.monitor.alerts import Route
    from launchready.portfolio.targets import select

    targets = select(stack, stack_file, project_dir, all_stacks)
    route, now = Route(timeout, tuple(connect_to or ()), ca_bundle), dt.datetime.now(dt.UTC)
    if targets.single is None:
        from launchready.portfolio.alerts import run_test_alerts

        lines, code = run_test_alerts(targets, route, now)
        typer.echo("\n".join(lines))
        raise typer.Exit(code=code)
    raise typer.Exit(code=one_stack(targets.single, route, now))


def one_stack(single: tuple[str | None, Path | None, Path], route: Route, now: dt.datetime) -> int:
    """The classic run: the heading before sending, then a line per channel and the verdict."""
    import asyncio

    from launchready.core.stack import load_plan
    from launchready.monitor.alerts import heading, result_lines, send_all, sending_worker, summary

    loaded, plan = load_plan(*single)
    worker = sending_worker(plan.monitoring, loaded.name)
    typer.echo(heading(loaded.name, worker))
    (results,) = asyncio.run(send_all([worker], route, now))
    for line in result_lines(results):
        typer.echo(line)
    closing, code = summary(results)
    typer.echo(closing)
    return code


def register(app: typer.Typer) -> None:
    app.add_typer(monitoring_app)
