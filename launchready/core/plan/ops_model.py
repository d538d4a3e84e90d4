"""Frozen operations values: health checks, the alert policy and rate-limit rules.

Kept apart from the planning functions (launchready.core.plan.operations) so DomainPlan can hold them
without an import cycle. `as_cloudflare()` on each value is exactly what the component passes to
pulumi-cloudflare (snake_case keys), so the tests validate the same dicts against the Cloudflare
SDK's types that `pulumi up` sends.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, field_serializer

from launchready.core.plan.monitor_model import MonitorWorker
from launchready.core.redact import shown_url


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


HEALTH_CHECK_INTERVAL = 60
"""Seconds between probes; Cloudflare's usual standalone health-check interval."""
HEALTH_ALERT_TYPE = "health_check_status_notification"
RATELIMIT_PHASE = "http_ratelimit"
RATELIMIT_CHARACTERISTICS = ("ip.src", "cf.colo.id")
"""Counted per client IP; `cf.colo.id` (per data center) is mandatory in every rule created through
the API on every plan (Cloudflare, "Rate limiting parameters", read 2026-11)."""


class HealthCheck(Value):
    """One standalone HTTPS health check on a public URL (through Cloudflare's edge, as users see it)."""

    key: str
    url: str
    address: str
    path: str
    expected_codes: tuple[str, ...]

    @field_serializer("url", "path")
    def _url_shown(self, url: str) -> str:
        """Plans, reports and diffs show the query's values masked; as_cloudflare() keeps the path whole."""
        return shown_url(url)

    def as_cloudflare(self) -> dict[str, Any]:
        """Arguments of cloudflare.Healthcheck except zone_id. Two consecutive failures (two minutes)
        before an alert, so one dropped probe does not page anyone."""
        return {
            "name": self.key, "address": self.address, "type": "HTTPS", "interval": HEALTH_CHECK_INTERVAL,
            "timeout": 5, "retries": 2, "consecutive_fails": 2, "consecutive_successes": 2,
            "description": f"uptime of {self.url} (managed by launchready)",
            "http_config": {"method": "GET", "path": self.path, "port": 443,
                            "expected_codes": list(self.expected_codes), "follow_redirects": False,
                            "allow_insecure": False, "header": {"Host": [self.address]}},
        }


class MonitoringPlan(Value):
    """Health checks and the notification policy that emails (and optionally calls a webhook), or the
    monitor Worker (engine "worker") that checks the same URLs and alerts itself."""

    engine: str = "healthchecks"
    worker: MonitorWorker | None = None
    created: bool
    note: str | None = None
    checks: tuple[HealthCheck, ...]
    alert_emails: tuple[str, ...]
    webhook_url: str | None = None
    webhook_secure: bool = False
    """The URL is an encrypted Pulumi config value: unknown offline, decrypted only under `pulumi up`."""
    webhook_id: str | None = None
    account_id: str | None = None
    policy_name: str

    @field_serializer("webhook_url")
    def _webhook_host_only(self, url: str | None) -> str | None:
        """Chat webhooks (Slack, Discord) carry their secret in the URL path: plans, reports and diffs
        show the host alone; the component still reads the attribute."""
        return f"https://{urlsplit(url).hostname}/[secret]" if url else None

    @property
    def has_webhook(self) -> bool:
        return bool(self.webhook_url or self.webhook_secure or self.webhook_id)

    def notification_policy(self, health_check_ids: list[Any], webhook_ids: list[Any]) -> dict[str, Any]:
        """Arguments of cloudflare.NotificationPolicy except account_id; ids are passed in because
        they exist only after apply. For email, the mechanism id is the address itself."""
        mechanisms: dict[str, Any] = {"emails": [{"id": email} for email in self.alert_emails]}
        if webhook_ids:
            mechanisms["webhooks"] = [{"id": webhook_id} for webhook_id in webhook_ids]
        return {
            "name": self.policy_name, "alert_type": HEALTH_ALERT_TYPE, "enabled": True,
            "description": "a launchready health check changed status", "mechanisms": mechanisms,
            "filters": {"health_check_ids": health_check_ids},
        }


class RateLimitRule(Value):
    """One rule of the zone's http_ratelimit entry-point ruleset: block with a JSON 429."""

    ref: str
    description: str
    paths: tuple[str, ...]
    hosts: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    expression: str
    requests_per_period: int
    period: int
    mitigation_timeout: int
    characteristics: tuple[str, ...] = RATELIMIT_CHARACTERISTICS
    response_body: str

    def as_cloudflare(self) -> dict[str, Any]:
        """The rule as cloudflare.Ruleset takes it (a `block` rule with a `ratelimit` object)."""
        return {
            "ref": self.ref, "description": self.description, "enabled": True,
            "expression": self.expression, "action": "block",
            "action_parameters": {"response": {"status_code": 429, "content_type": "application/json",
                                               "content": self.response_body}},
            "ratelimit": {"characteristics": list(self.characteristics), "period": self.period,
                          "requests_per_period": self.requests_per_period,
                          "mitigation_timeout": self.mitigation_timeout},
        }
