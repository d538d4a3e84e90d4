"""`launchready monitoring test-alert`: one labelled test alert through every channel of the monitor
Worker, the same payload shape the Worker sends (launchready.core.monitor.payloads), and whether each
channel accepted it.

Webhook URLs are secrets: an outcome names the channel kind and host only, and an error is reported
by its type, never its message (httpx puts the URL in messages). A receiver is a third-party server:
its verdict is its status code alone, the answer's body is never read (a body of a million bytes sent
one a second, or an endless one, would otherwise hold the run open or fill memory), and each send has
--timeout as a whole, from connecting to the status line. Email cannot be sent from here:
the Worker's `send_email` binding exists only inside Cloudflare (Email Routing "Send emails from
Workers", read 2026-11), so the email channel is reported as not tried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from launchready.core.errors import InputError
from launchready.core.findings import seconds
from launchready.core.monitor.payloads import make_test_alert, render
from launchready.core.plan.monitor_model import AlertChannel, MonitorWorker
from launchready.core.plan.ops_model import MonitoringPlan

Outcome = Literal["accepted", "refused", "not tried"]


@dataclass(frozen=True)
class ChannelResult:
    kind: str
    target: str
    outcome: Outcome
    detail: str


EMAIL_DETAIL = ("not sent from here: Cloudflare's send_email binding works only inside the Worker, which "
                "mails these addresses on the next real change (they must be verified Email Routing destinations)")
ENCRYPTED_DETAIL = ("not sent from here: its URL is an encrypted Pulumi config value, which test-alert cannot "
                    "read; prove it by making a check fail on purpose (docs/monitoring.md)")


@dataclass(frozen=True)
class Route:
    """How this run reaches the channels: --timeout, --connect-to rules, --ca-bundle."""

    timeout: float
    connect_to: tuple[str, ...] = ()
    ca_bundle: Path | None = None


def sending_worker(monitoring: object, stack: str) -> MonitorWorker:
    """The monitor Worker whose channels the test alert goes through; bad input (exit 2) when the stack has
    none, since there is nothing of ours to prove."""
    if not isinstance(monitoring, MonitoringPlan):
        raise InputError(f"stack {stack} declares no monitoring; add a monitoring section (docs/monitoring.md)")
    if monitoring.worker is None:
        raise InputError(f"stack {stack} uses monitoring.engine: {monitoring.engine}; test-alert sends through the "
                         "monitor Worker's channels (engine: worker). Cloudflare's dashboard tests notification "
                         "destinations (Notifications › Destinations › Test)")
    return monitoring.worker


CONNECTIONS = 64
"""The client's pool size, and so the sends under way at once (Sender.gate)."""


@dataclass(frozen=True)
class Sender:
    """The run's one client, each send's whole-exchange budget (--timeout), and the gate that lets at most
    CONNECTIONS sends run at once: a send's deadline starts once a connection is free for it, so channels
    queued behind the pool's limit with many stacks are never reported as refused for the wait."""

    client: httpx.AsyncClient
    budget: float
    gate: asyncio.Semaphore


def alert_client(route: Route) -> httpx.AsyncClient:
    """One client, so one connection pool, for every channel of the run. Waiting for a free connection
    is not timed (pool=None, and Sender.gate keeps the sends to the pool's size); each send still has
    --timeout to connect and answer, as a whole (post)."""
    from validators.endpoints import parse_connect_to
    from validators.web.routing import ProbeTransport, probe_tls_context

    rules = tuple(parse_connect_to(rule) for rule in route.connect_to)
    tls = probe_tls_context(str(route.ca_bundle) if route.ca_bundle else None, verify=True)
    return httpx.AsyncClient(transport=ProbeTransport(rules, tls, CONNECTIONS),
                             timeout=httpx.Timeout(route.timeout, pool=None), follow_redirects=False,
                             headers={"User-Agent": "launchready-test-alert"})


async def send_all(workers: list[MonitorWorker], route: Route, now: dt.datetime) -> list[list[ChannelResult]]:
    """Every Worker's channels at once through one client; the results in the order of `workers`."""
    async with alert_client(route) as client:
        sender = Sender(client, route.timeout, asyncio.Semaphore(CONNECTIONS))
        return list(await asyncio.gather(*(send_test_alerts(worker, sender, now) for worker in workers)))


def heading(stack: str, worker: MonitorWorker) -> str:
    return f"test alert for stack {stack} ({worker.zone}): {len(worker.channels)} channel(s)"


def result_lines(results: list[ChannelResult]) -> list[str]:
    """A line per channel: its outcome, kind and target (a host or an address, never a webhook URL)."""
    width = max((len(r.target) for r in results), default=0)
    return [f"  {r.outcome:<10} {r.kind:<8} {r.target:<{width}}  {r.detail}" for r in results]


async def post(sender: Sender, channel: AlertChannel, alert: dict[str, object]) -> ChannelResult:
    """One send, judged by its status; the body is left unread and the connection closed with it."""
    async with sender.gate:
        try:
            async with asyncio.timeout(sender.budget), sender.client.stream(
                    "POST", str(channel.url), json=render(channel.kind, alert)) as response:
                status = response.status_code
        except (TimeoutError, httpx.TimeoutException):
            return ChannelResult(channel.kind, channel.target, "refused",
                                 f"no whole answer within {seconds(sender.budget)}")
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
            return ChannelResult(channel.kind, channel.target, "refused", f"no answer ({type(error).__name__})")
    accepted = 200 <= status < 300
    return ChannelResult(channel.kind, channel.target, "accepted" if accepted else "refused", f"HTTP {status}")


async def send_test_alerts(worker: MonitorWorker, sender: Sender, now: dt.datetime) -> list[ChannelResult]:
    check = worker.checks[0].url if worker.checks else f"https://{worker.zone}/"
    alert = make_test_alert(worker.zone, check, worker.max_alerts_per_hour, now)
    readable = [channel for channel in worker.webhooks if channel.url is not None]
    results = list(await asyncio.gather(*(post(sender, channel, alert) for channel in readable)))
    results += [ChannelResult(c.kind, c.target, "not tried", ENCRYPTED_DETAIL) for c in worker.webhooks
                if c.url is None]
    emails = [channel for channel in worker.channels if channel.kind == "email"]
    results += [ChannelResult(c.kind, c.target, "not tried", EMAIL_DETAIL) for c in emails]
    return results


def summary(results: list[ChannelResult]) -> tuple[str, int]:
    """The closing line and the exit code: 1 when any channel refused, naming it."""
    refused = [f"{r.kind} ({r.target})" for r in results if r.outcome == "refused"]
    if refused:
        return f"FAIL: {', '.join(refused)} refused the test alert", 1
    sent = sum(r.outcome == "accepted" for r in results)
    if not sent:
        return ("nothing sent: test-alert cannot send this stack's channels (email, or a webhook whose URL is "
                "encrypted); prove them by making a check fail on purpose (docs/monitoring.md)"), 0
    return f"PASS: {sent} channel(s) accepted the test alert", 0
