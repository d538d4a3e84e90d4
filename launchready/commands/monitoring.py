"""`launchready monitoring test-alert`: prove that an alert from the monitor Worker reaches each
channel, before a real outage has to."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from launchready.options import ProjectDirOption, StackFileOption, StackOption, guarded

if TYPE_CHECKING:
    import datetime as dt

    from launchready.core.plan.monitor_model import MonitorWorker
    from launchready.monitor.alerts import ChannelResult

monitoring_app = typer.Typer(name="monitoring", help="Uptime monitoring after launch.", no_args_is_help=True)


@monitoring_app.command("test-alert")
@guarded
def test_alert(
    stack: StackOption = None,
    stack_file: StackFileOption = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="Seconds to wait for each channel.",
                                           min=0.1)] = 10.0,
    connect_to: Annotated[list[str] | None, typer.Option(
        "--connect-to", metavar="HOST:PORT:ADDR:PORT",
        help="As in curl: send requests for HOST:PORT to ADDR:PORT, keeping Host and SNI. Repeatable.")] = None,
    ca_bundle: Annotated[Path | None, typer.Option(metavar="FILE", help="PEM file of CAs to trust instead of "
                                                   "the system store.", exists=True, dir_okay=False)] = None,
    project_dir: ProjectDirOption = Path("."),
) -> None:
    """Send a labelled test alert through every channel of the stack's monitor Worker (the same
    payloads as a real alert) and say which accepted it; exit 1 naming any channel that refused."""
    import asyncio
    import datetime as dt

    from launchready.core.stack import load_plan
    from launchready.monitor.alerts import summary

    loaded, plan = load_plan(stack, stack_file, project_dir)
    worker = monitor_worker(plan.monitoring, loaded.name)
    typer.echo(f"test alert for stack {loaded.name} ({worker.zone}): {len(worker.channels)} channel(s)")
    results = asyncio.run(sending(worker, timeout, connect_to or [], ca_bundle, dt.datetime.now(dt.UTC)))
    for line in result_lines(results):
        typer.echo(line)
    closing, code = summary(results)
    typer.echo(closing)
    raise typer.Exit(code=code)


def monitor_worker(monitoring: object, stack: str) -> MonitorWorker:
    from launchready.core.errors import InputError
    from launchready.core.plan.ops_model import MonitoringPlan

    if not isinstance(monitoring, MonitoringPlan):
        raise InputError(f"stack {stack} declares no monitoring; add a monitoring section (docs/monitoring.md)")
    if monitoring.worker is None:
        raise InputError(f"stack {stack} uses monitoring.engine: {monitoring.engine}; test-alert sends through the "
                         "monitor Worker's channels (engine: worker). Cloudflare's dashboard tests notification "
                         "destinations (Notifications › Destinations › Test)")
    return monitoring.worker


async def sending(worker: MonitorWorker, timeout: float, connect_to: list[str], ca_bundle: Path | None,
                  now: dt.datetime) -> list[ChannelResult]:
    import httpx

    from launchready.monitor.alerts import send_test_alerts
    from validators.endpoints import parse_connect_to
    from validators.web.routing import ProbeTransport, probe_tls_context

    rules = tuple(parse_connect_to(rule) for rule in connect_to)
    tls = probe_tls_context(str(ca_bundle) if ca_bundle else None, verify=True)
    async with httpx.AsyncClient(transport=ProbeTransport(rules, tls), timeout=httpx.Timeout(timeout),
                                 follow_redirects=False, headers={"User-Agent": "launchready-test-alert"}) as client:
        return await send_test_alerts(worker, client, now)


def result_lines(results: list[ChannelResult]) -> list[str]:
    width = max((len(r.target) for r in results), default=0)
    return [f"  {r.outcome:<10} {r.kind:<8} {r.target:<{width}}  {r.detail}" for r in results]


def register(app: typer.Typer) -> None:
    app.add_typer(monitoring_app)
