"""What each monitoring engine can do, and the Workers plan limits the monitor Worker must fit.

The one table of limits (WORKERS_LIMITS) is Cloudflare's, read 2026-11:
- Workers "Limits" (developers.cloudflare.com/workers/platform/limits/): subrequests per
  invocation (Free 50, Paid 10,000), CPU time per invocation (Free 10 ms), Cron Triggers per
  account (Free 5, Paid 250), simultaneous outgoing connections (6 on both).
- "Workers KV limits" (developers.cloudflare.com/kv/platform/limits/): Free 1,000 writes a day.
docs/monitoring.md prints the same table with these sources.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchready.core.addresses import webhook_host_problem
from launchready.core.errors import Problem
from launchready.core.redact import shown_url
from launchready.core.spec.operations import MonitorEngine, MonitoringSpec, check_url


@dataclass(frozen=True)
class WorkersLimits:
    subrequests: int
    cpu_ms: int | None
    cron_triggers: int
    kv_writes_per_day: int | None


WORKERS_LIMITS: dict[str, WorkersLimits] = {
    "free": WorkersLimits(subrequests=50, cpu_ms=10, cron_triggers=5, kv_writes_per_day=1000),
    "paid": WorkersLimits(subrequests=10_000, cpu_ms=30_000, cron_triggers=250, kv_writes_per_day=None),
}
BODY_CAP = 65536
"""Bytes of a body the Worker reads to look for `body_contains` (worker.js BODY_CAP)."""
CPU_MS_BASE, CPU_MS_PER_CHECK, CPU_MS_PER_BODY = 1.5, 0.2, 0.6
"""An upper bound of a run's CPU time: bench/monitor_worker.py measured the whole workerd process
(workerd 1.20261117.1, every thread, runtime HTTP and KV work included) at 0.8 to 1.2 ms for an
empty run, about 0.18 ms more per check and 0.5 ms more per 64 KiB body searched; rounded up here."""
MONITOR_CRON_TRIGGERS = 1
"""The monitor uses one of the account's cron triggers (`* * * * *`)."""
WEBHOOK_KEYS = ("slack_webhook_url", "discord_webhook_url", "webhook_url")
WORKER_ONLY = ("slack_webhook_url", "discord_webhook_url", "body_contains", "email_from", "account_cron_triggers")


def webhook_channels(monitoring: MonitoringSpec) -> int:
    urls = (monitoring.slack_webhook_url, monitoring.discord_webhook_url, monitoring.webhook_url)
    return sum(url is not None for url in urls)


def estimated_cpu_ms(monitoring: MonitoringSpec) -> float:
    return CPU_MS_BASE + CPU_MS_PER_CHECK * len(monitoring.checks) + CPU_MS_PER_BODY * len(monitoring.body_contains)


def worker_budget_problems(monitoring: MonitoringSpec) -> Iterator[Problem]:
    """Per invocation: one subrequest per check plus one per webhook channel (email is a binding
    call); body checks against the CPU budget."""
    limits = WORKERS_LIMITS[monitoring.workers_plan]
    needed = len(monitoring.checks) + webhook_channels(monitoring)
    if needed > limits.subrequests:
        yield Problem("monitoring.checks", f"{len(monitoring.checks)} checks and {webhook_channels(monitoring)} "
                      f"webhooks need {needed} subrequests a run; Workers {monitoring.workers_plan} allows "
                      f"{limits.subrequests}; drop checks or set workers_plan: paid (Workers Paid)")
    triggers = monitoring.account_cron_triggers + MONITOR_CRON_TRIGGERS
    if triggers > limits.cron_triggers:
        yield Problem("monitoring.account_cron_triggers", f"the monitor's cron trigger would be the account's "
                      f"{triggers}th; Workers {monitoring.workers_plan} allows {limits.cron_triggers} per account; "
                      "free one up or set workers_plan: paid")
    cpu = estimated_cpu_ms(monitoring)
    if limits.cpu_ms is not None and cpu > limits.cpu_ms:
        yield Problem("monitoring.checks", f"{len(monitoring.checks)} checks ({len(monitoring.body_contains)} "
                      f"reading bodies) may use up to {cpu:.1f} ms of CPU a run; Workers {monitoring.workers_plan} "
                      f"allows {limits.cpu_ms} ms; drop checks or body checks, or set workers_plan: paid")


def worker_problems(monitoring: MonitoringSpec) -> Iterator[Problem]:
    if monitoring.webhook_id:
        yield Problem("monitoring.webhook_id", "webhook_id is a Cloudflare notification destination, used by "
                      "engine: healthchecks; the Worker posts to webhook_url itself")
    if not monitoring.alerts and not webhook_channels(monitoring):
        yield Problem("monitoring", "no alert channel: list addresses in alerts, or give slack_webhook_url, "
                      "discord_webhook_url or webhook_url")
    for key in monitoring.body_contains:
        if key not in monitoring.checks:
            yield Problem(f"monitoring.body_contains.{key}", "is not one of monitoring.checks; write the check "
                          "exactly as it appears there")
    yield from worker_budget_problems(monitoring)


def healthcheck_problems(monitoring: MonitoringSpec) -> Iterator[Problem]:
    if not monitoring.alerts:
        yield Problem("monitoring.alerts", "the healthchecks engine emails its alerts; list at least one address")
    for key in WORKER_ONLY:
        if getattr(monitoring, key):
            yield Problem(f"monitoring.{key}", "only the monitor Worker uses this; set engine: worker or remove it")


def webhook_problems(monitoring: MonitoringSpec) -> Iterator[Problem]:
    """Webhooks are called from Cloudflare's network (the monitor Worker, or a notification destination), so a
    loopback, private or special-use host is never reached (the rule for origins: launchready.core.addresses).
    A `secure:` URL is ciphertext offline and is not judged; a message names the host alone."""
    for key in WEBHOOK_KEYS:
        url = getattr(monitoring, key)
        host = urlsplit(url).hostname if isinstance(url, str) else None
        if host and (problem := webhook_host_problem(host)):
            yield Problem(f"monitoring.{key}", f"{problem}, so Cloudflare, which sends the alerts, can never "
                          "deliver them there; give the receiver's public https:// URL")


def engine_problems(plan: str, engine: MonitorEngine, monitoring: MonitoringSpec) -> Iterator[Problem]:
    yield from webhook_problems(monitoring)
    if engine == "worker":
        yield from worker_problems(monitoring)
    else:
        yield from healthcheck_problems(monitoring)


def check_list_problems(monitoring: MonitoringSpec, canonical: str) -> Iterator[Problem]:
    """A monitor that checks something, each URL once: an empty list would run every minute and check nothing,
    and one URL written twice (`/` and `https://<canonical>/`) is one check whose second spelling's
    body_contains would be lost."""
    if not monitoring.checks:
        yield Problem("monitoring.checks", "lists no check, so the monitor would check nothing; list at least "
                      "one, such as / (or remove monitoring)")
    first: dict[str, int] = {}
    for i, target in enumerate(monitoring.checks):
        url = check_url(target, canonical)
        if url in first:
            yield Problem(f"monitoring.checks[{i}]", f"asks for the same URL as monitoring.checks[{first[url]}] "
                          f"({shown_url(url)}); write it once, with its body_contains under that spelling")
        first.setdefault(url, i)
