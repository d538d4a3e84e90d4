"""Plan rows for monitoring and rate limits (the plan table and the handover report share them)."""

from __future__ import annotations

from launchready.core.plan import DomainPlan
from launchready.core.plan.ops_model import HEALTH_CHECK_INTERVAL


def monitoring_status(plan: DomainPlan) -> str:
    monitoring = plan.monitoring
    if monitoring is None or monitoring.created:
        return "created"
    return f"shown only: {plan.cloudflare_plan} plan has none (set plan: pro)"


def monitoring_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    monitoring = plan.monitoring
    if monitoring is None:
        return []
    alerts = ", ".join(monitoring.alert_emails) + (" + webhook" if monitoring.has_webhook else "")
    return [(check.url, f"{HEALTH_CHECK_INTERVAL}s", " ".join(check.expected_codes), alerts,
             monitoring_status(plan)) for check in monitoring.checks]


def ratelimit_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    return [
        (rule.ref, ", ".join(rule.paths), ", ".join(rule.hosts) or "every host", " ".join(rule.methods) or "any",
         f"{rule.requests_per_period} per {rule.period}s per IP", f"JSON 429 for {rule.mitigation_timeout}s")
        for rule in plan.rate_limits
    ]


MONITORING_COLUMNS = ("check", "every", "expects", "alerts", "status")
RATELIMIT_COLUMNS = ("rule", "paths", "hosts", "methods", "limit", "then")
