"""Frozen values of the monitor Worker: its checks, its alert channels and its bindings.

`config()` is the JSON the Worker reads from its MONITOR_CONFIG binding; it holds no secret. Webhook
URLs live only in `AlertChannel.url`, which is left out of every dump, repr and plan output (hosts
only), and reach Cloudflare as `secret_text` bindings (components/monitor.py).
"""

from __future__ import annotations

import json
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from launchready.core.redact import shown_url, visible

COMPATIBILITY_DATE = "2026-11-01"
"""The Workers runtime behaviour the script is written for (Cloudflare "Compatibility dates", read
2026-11); the tests run it in workerd with the same date."""
CRON_EVERY_MINUTE = "* * * * *"
SCRIPT_MODULE = "worker.js"
ChannelKind = Literal["slack", "discord", "webhook", "email"]
SECRET_BINDINGS: dict[str, str] = {"slack": "ALERT_SLACK_URL", "discord": "ALERT_DISCORD_URL",
                                   "webhook": "ALERT_WEBHOOK_URL"}
"""Secret binding per webhook channel kind (worker.js SECRET_OF)."""
CONFIG_BINDING, STATE_BINDING, EMAIL_BINDING = "MONITOR_CONFIG", "MONITOR_STATE", "ALERT_EMAIL"


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def status_ranges(codes: tuple[str, ...]) -> list[list[int]]:
    """"200" → [200, 200], "2xx" → [200, 299]: what the Worker compares a status with."""
    return [[int(c[0]) * 100, int(c[0]) * 100 + 99] if c.endswith("xx") else [int(c), int(c)] for c in codes]


class MonitorCheck(Value):
    url: str
    expected_codes: tuple[str, ...]
    body_contains: str | None = None
    timeout_ms: int

    @field_serializer("url")
    def _url_shown(self, url: str) -> str:
        """Plans, reports and diffs show the query's values masked; config() hands the Worker the URL."""
        return shown_url(url)

    @field_serializer("body_contains")
    def _text_shown(self, text: str | None) -> str | None:
        return visible(text) if text else text

    def config(self) -> dict[str, Any]:
        return {"url": self.url, "expect": status_ranges(self.expected_codes),
                "expected": " ".join(self.expected_codes), "body_contains": self.body_contains,
                "timeout_ms": self.timeout_ms}


ENCRYPTED = "an encrypted Pulumi config value"
"""How a webhook given as `{secure: ...}` is shown offline (plan, diff, handover)."""


class AlertChannel(Value):
    """Where alerts go. `target` is what may be shown: a webhook's host, or the email addresses."""

    kind: ChannelKind
    target: str
    url: str | None = Field(default=None, exclude=True, repr=False)

    @classmethod
    def webhook(cls, kind: ChannelKind, url: object) -> AlertChannel:
        """Only the host is ever shown; the URL itself stays opaque (it may carry the secret). A `secure:`
        stack value is still ciphertext offline: shown as such, and no URL until `pulumi up` decrypts it."""
        if not isinstance(url, str):
            return cls(kind=kind, target=ENCRYPTED)
        return cls(kind=kind, target=(urlsplit(url).hostname or "?").lower(), url=url)

    @property
    def secret_binding(self) -> str | None:
        return SECRET_BINDINGS.get(self.kind)

    def label(self) -> str:
        return f"{self.kind} {self.target}"


class MonitorWorker(Value):
    """The script, its cron trigger and KV namespace, and what the script is told."""

    zone: str
    script_name: str
    kv_title: str
    cron: str = CRON_EVERY_MINUTE
    compatibility_date: str = COMPATIBILITY_DATE
    main_module: str = SCRIPT_MODULE
    checks: tuple[MonitorCheck, ...]
    channels: tuple[AlertChannel, ...]
    email_from: str
    fail_after: int
    max_alerts_per_hour: int
    workers_plan: str

    @property
    def webhooks(self) -> tuple[AlertChannel, ...]:
        return tuple(channel for channel in self.channels if channel.kind != "email")

    @property
    def email_to(self) -> tuple[str, ...]:
        return tuple(address for c in self.channels if c.kind == "email" for address in c.target.split(", "))

    def config(self) -> dict[str, Any]:
        email = {"from": self.email_from, "to": list(self.email_to)} if self.email_to else None
        return {"zone": self.zone, "fail_after": self.fail_after, "max_alerts_per_hour": self.max_alerts_per_hour,
                "checks": [check.config() for check in self.checks],
                "channels": [{"kind": c.kind, "host": c.target} for c in self.webhooks], "email": email}

    def plain_bindings(self, namespace_id: Any) -> list[dict[str, Any]]:
        """Every binding but the secrets: config as JSON text, the KV namespace, and send_email limited to
        the alert addresses (which must be verified Email Routing destinations)."""
        bindings: list[dict[str, Any]] = [
            {"name": CONFIG_BINDING, "type": "json", "json": json.dumps(self.config(), separators=(",", ":"))},
            {"name": STATE_BINDING, "type": "kv_namespace", "namespace_id": namespace_id},
        ]
        if self.email_to:
            bindings.append({"name": EMAIL_BINDING, "type": "send_email",
                             "allowed_destination_addresses": list(self.email_to)})
        return bindings
