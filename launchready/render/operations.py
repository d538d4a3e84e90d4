"""Plan rows for monitoring and rate limits (the plan table and the handover report share them)."""

from __future__ import annotations

from launchready.core.plan import DomainPlan
from launchready.core.plan.ops_model import HEALTH_CHECK_INTERVAL
from launchready.core.redact import shown_url


def monitoring_status(plan: DomainPlan) -> str:
    monitoring = plan.monitoring
    if monitoring is not None and monitoring.worker is not None:
        return f"monitor Worker, cron {monitoring.worker.cron}"
    if monitoring is None or monitoring.created:
        return "created"
    return f"shown only: {plan.cloudflare_plan} plan has none (set plan: pro or engine: worker)"


def alert_channels(plan: DomainPlan) -> str:
    """Who hears about a change: addresses, and webhooks by kind and host only (chat webhook URLs carry
    their secret in the path)."""
    monitoring = plan.monitoring
    if monitoring is None:
        return ""
    if monitoring.worker is not None:
        return ", ".join(channel.label() for channel in monitoring.worker.channels)
    return ", ".join(monitoring.alert_emails) + (" + webhook" if monitoring.has_webhook else "")


def monitoring_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    """One row per check, its URL shown with the query's values masked (launchready.core.redact.shown_url)."""
    monitoring = plan.monitoring
    if monitoring is None:
        return []
    alerts, status = alert_channels(plan), monitoring_status(plan)
    return [(shown_url(check.url), f"{HEALTH_CHECK_INTERVAL}s", " ".join(check.expected_codes), alerts, status)
            for check in monitoring.checks]


def ratelimit_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    return [
        (rule.ref, ", ".join(rule.paths), ", ".join(rule.hosts) or "every host", " ".join(rule.methods) or "any",
         f"{rule.requests_per_period} per {rule.period}s per IP", f"JSON 429 for {rule.mitigation_timeout}s")
        for rule in plan.rate_limits
    ]


MONITORING_COLUMNS = ("check", "every", "expects", "alerts", "status")
RATELIMIT_COLUMNS = ("rule", "paths", "hosts", "methods", "limit", "then")
