"""`launchready monitoring test-alert`: one labelled test alert through every channel of the monitor
Worker, the same payload shape the Worker sends (launchready.core.monitor.payloads), and whether each
channel accepted it.

Webhook URLs are secrets: an outcome names the channel kind and host only, and an error is reported
by its type, never its message (httpx puts the URL in messages). Email cannot be sent from here:
the Worker's `send_email` binding exists only inside Cloudflare (Email Routing "Send emails from
Workers", read 2026-11), so the email channel is reported as not tried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Literal

import httpx

from launchready.core.monitor.payloads import make_test_alert, render
from launchready.core.plan.monitor_model import AlertChannel, MonitorWorker

Outcome = Literal["accepted", "refused", "not tried"]


@dataclass(frozen=True)
class ChannelResult:
    kind: str
    target: str
    outcome: Outcome
    detail: str


EMAIL_DETAIL = ("not sent from here: Cloudflare's send_email binding works only inside the Worker, which "
                "mails these addresses on the next real change (they must be verified Email Routing destinations)")


async def post(client: httpx.AsyncClient, channel: AlertChannel, alert: dict[str, object]) -> ChannelResult:
    try:
        response = await client.post(str(channel.url), json=render(channel.kind, alert))
    except httpx.HTTPError as error:
        return ChannelResult(channel.kind, channel.target, "refused", f"no answer ({type(error).__name__})")
    accepted = response.is_success
    return ChannelResult(channel.kind, channel.target, "accepted" if accepted else "refused",
                         f"HTTP {response.status_code}")


async def send_test_alerts(worker: MonitorWorker, client: httpx.AsyncClient,
                           now: dt.datetime) -> list[ChannelResult]:
    check = worker.checks[0].url if worker.checks else f"https://{worker.zone}/"
    alert = make_test_alert(worker.zone, check, worker.max_alerts_per_hour, now)
    results = list(await asyncio.gather(*(post(client, channel, alert) for channel in worker.webhooks)))
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
        return "nothing sent: this stack alerts by email only, which only the Worker can send", 0
    return f"PASS: {sent} channel(s) accepted the test alert", 0
