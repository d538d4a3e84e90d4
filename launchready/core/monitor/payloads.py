"""Alert payloads, built exactly as the monitor Worker builds them (worker.js, "payloads" section).

An alert is one JSON object (docs/monitoring.md, "Alert payloads"); each channel gets its own
rendering of it: Slack-compatible incoming webhooks `{"text": ...}` (Slack "Sending messages using
incoming webhooks"), Discord webhooks `{"content": ..., "allowed_mentions": {"parse": []}}` with
content cut at 2,000 characters (Discord "Execute Webhook"), a generic webhook the alert itself, and
email a subject and a text body. tests/monitor compares these with what the Worker sends in workerd.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

DISCORD_MAX = 2000
SOURCE = "launchready-monitor"
RETRY_HOURS = 3
"""How long the Worker retries a message a channel refused or left unanswered (worker.js RETRY_MS)."""
TEST_NOTE = "This is a test alert from `launchready monitoring test-alert`; nothing is down."


def iso(moment: dt.datetime) -> str:
    """JavaScript's Date.toISOString(): UTC, milliseconds, a Z."""
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


UNSAVED_NOTE = ("The monitor cannot save its state: Workers KV refused the write, most likely because the account "
                "used its 1,000 KV writes of the day (Workers Free; the count restarts at 00:00 UTC). Until a write "
                "succeeds, the monitor keeps its state in memory only: if Cloudflare restarts it, an alert can repeat "
                "or be missed. To fix: find what else writes to Workers KV on this Cloudflare account and reduce it, "
                "or move to Workers Paid.")


def subject(alert: dict[str, Any]) -> str:
    downs = sum(change["state"] == "down" for change in alert["changes"])
    ups = len(alert["changes"]) - downs
    parts = ([f"{downs} down"] if downs else []) + ([f"{ups} recovered"] if ups else [])
    if not alert["changes"] and alert["suppressed"]:
        parts.append(f"{len(alert['also_down'])} down now" if alert["also_down"] else "every check up now")
    if alert["state_unsaved"]:
        parts.append("monitor cannot save its state")
    label = "[launchready TEST]" if alert["test"] else "[launchready]"
    return f"{label} {alert['zone']}: {', '.join(parts)}"


def detail(change: dict[str, Any]) -> str:
    status = "no response" if change["status"] is None else f"status {change['status']}"
    error = f", {change['error']}" if change["error"] else ""
    return f"({status}, {change['latency_ms']} ms{error})"


def text(alert: dict[str, Any]) -> str:
    lines = [subject(alert)]
    lines += [f"{'DOWN' if c['state'] == 'down' else 'RECOVERED'} {c['check']} {detail(c)}" for c in alert["changes"]]
    if alert["suppressed"]:
        which = f": {', '.join(alert['suppressed_checks'])}" if alert["suppressed_checks"] else ""
        lines.append(f"{alert['suppressed']} earlier change(s) not sent (at most {alert['max_alerts_per_hour']} "
                     f"alerts an hour){which}")
    if alert["also_down"]:
        lines.append(f"{'also down' if alert['changes'] else 'down now'}: {', '.join(alert['also_down'])}")
    if alert["state_unsaved"]:
        lines.append(UNSAVED_NOTE)
    if alert["test"]:
        lines.append(TEST_NOTE)
    return "\n".join(lines)


def clip(value: str, limit: int) -> str:
    """worker.js clip(); JavaScript counts UTF-16 code units, equal to characters for the ASCII text
    launchready writes (URLs, numbers, fixed words)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def render(kind: str, alert: dict[str, Any]) -> dict[str, Any]:
    if kind == "slack":
        return {"text": text(alert)}
    if kind == "discord":
        return {"content": clip(text(alert), DISCORD_MAX), "allowed_mentions": {"parse": []}}
    return alert


def email(alert: dict[str, Any], sender: str, to: list[str]) -> dict[str, Any]:
    """The message the Worker hands to its send_email binding."""
    return {"from": sender, "to": to, "subject": subject(alert), "text": text(alert)}


def make_test_alert(zone: str, check: str, max_alerts_per_hour: int, now: dt.datetime) -> dict[str, Any]:
    """A real alert's shape, marked `test`: one check reported down, nothing actually probed."""
    at = iso(now)
    change = {"check": check, "state": "down", "status": None, "latency_ms": 0,
              "error": "test alert, not a real failure", "since": at}
    return {"source": SOURCE, "zone": zone, "test": True, "at": at, "changes": [change], "also_down": [],
            "suppressed": 0, "suppressed_checks": [], "max_alerts_per_hour": max_alerts_per_hour,
            "state_unsaved": False}
