"""Frozen plan values: what the spec means for Cloudflare, before anything is created.

The Pulumi components turn these into resources; the validators turn the same values into
expectations. Nothing here knows about Pulumi or the network.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from launchready.core.plan.app_links_model import AppLinksPlan
from launchready.core.plan.ops_model import MonitoringPlan, RateLimitRule
from launchready.core.spec.kept import KeptRule

TXT_STRING_LIMIT = 255
"""RFC 1035 §3.3: one character-string holds at most 255 bytes."""


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CaaData(Value):
    flags: int
    tag: str
    value: str


class SrvData(Value):
    """RFC 2782 SRV fields besides priority (which PlannedRecord carries for MX and SRV alike)."""

    weight: int
    port: int
    target: str


class PlannedRecord(Value):
    """One DNS record as Cloudflare will hold it.

    `content` is the presentation a user reads: TXT as the unquoted text, MX/SRV as the target host,
    CAA as `0 issue "letsencrypt.org"`. `key` is the stable identity that names the Pulumi resource,
    so reordering the spec never replaces a record. `source` is the spec key path it came from.
    """

    name: str
    type: str
    content: str
    ttl: int
    proxied: bool = False
    priority: int | None = None
    caa: CaaData | None = None
    srv: SrvData | None = None
    txt_strings: tuple[str, ...] = ()
    key: str
    source: str
    note: str | None = None
    """The spec's `records[].comment`, sent in the record's Cloudflare comment (launchready.core.plan.comments)."""

    def contract(self) -> dict[str, Any]:
        """The record in the plan JSON contract (see README, "Plan JSON")."""
        return {
            "name": self.name, "type": self.type, "content": self.content,
            "priority": self.priority, "ttl": self.ttl, "proxied": self.proxied,
        }

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.name, self.type, self.content)


class PlannedKeptRule(KeptRule):
    """A rule of `rules.keep`, with the phase whose entry point holds it (before the generated rules)."""

    phase: str

    def as_cloudflare(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, exclude={"phase"})


class RedirectRule(Value):
    """A single-redirect rule (phase http_request_dynamic_redirect).

    `source_url`/`target_url` describe it for people and validators; `expression` and
    `target_expression`/`target_value` are what Cloudflare evaluates.
    """

    ref: str
    description: str
    kind: Literal["canonical", "legacy"]
    host: str
    source_path: str | None
    target_url: str
    status: int
    keep_query: bool
    expression: str
    target_expression: str | None = None
    target_value: str | None = None


class CacheRule(Value):
    """A cache rule (phase http_request_cache_settings); later rules override earlier ones."""

    ref: str
    description: str
    expression: str
    cache: bool
    edge_ttl: int | None = None
    browser_ttl: int | None = None


class HstsSetting(Value):
    enabled: bool
    max_age: int
    include_subdomains: bool
    preload: bool
    nosniff: bool

    def header(self) -> str | None:
        """The Strict-Transport-Security header this setting makes the edge send (RFC 6797 §6.1)."""
        if not self.enabled:
            return None
        parts = [f"max-age={self.max_age}"]
        parts += ["includeSubDomains"] if self.include_subdomains else []
        parts += ["preload"] if self.preload else []
        return "; ".join(parts)


class ZoneSettings(Value):
    ssl: str
    min_tls_version: str
    tls_1_3: str
    always_use_https: str
    automatic_https_rewrites: str
    hsts: HstsSetting

    def as_cloudflare(self) -> dict[str, Any]:
        """setting_id → value exactly as the Cloudflare API takes it (HSTS keys in snake_case)."""
        return {
            "ssl": self.ssl,
            "min_tls_version": self.min_tls_version,
            "tls_1_3": self.tls_1_3,
            "always_use_https": self.always_use_https,
            "automatic_https_rewrites": self.automatic_https_rewrites,
            "security_header": {"strict_transport_security": self.hsts.model_dump()},
        }


class WebHost(Value):
    """A web host the validators probe over HTTP and TLS."""

    label: str
    fqdn: str
    proxied: bool
    cache_bypass: bool
    canonical: bool


class DomainPlan(Value):
    """Everything one stack asks of Cloudflare, in plan order."""

    stack: str
    zone: str
    zone_mode: str
    zone_id: str | None = None
    account_id: str | None = None
    canonical_host: str
    records: tuple[PlannedRecord, ...]
    redirects: tuple[RedirectRule, ...]
    cache_rules: tuple[CacheRule, ...]
    zone_settings: ZoneSettings
    web_hosts: tuple[WebHost, ...]
    dnssec: bool
    cloudflare_plan: str = "free"
    monitoring: MonitoringPlan | None = None
    rate_limits: tuple[RateLimitRule, ...] = ()
    app_links: AppLinksPlan | None = None
    kept_rules: tuple[PlannedKeptRule, ...] = ()
    adopted_records: tuple[str, ...] = ()
    adopted_rules: tuple[str, ...] = ()
    adopted_overwrites: tuple[str, ...] = ()
    """`adopted.overwrites`: existing records (by label) and rules (by ref) the spec lets the first up change."""
    dnssec_protected: bool = True

    @property
    def canonical_url(self) -> str:
        return f"https://{self.canonical_host}"

    def contract(self) -> dict[str, Any]:
        """The `launchready plan --format json` document (stable: CI and other commands read it)."""
        document: dict[str, Any] = {
            "zone": self.zone,
            "canonical_url": self.canonical_url,
            "records": [record.contract() for record in self.records],
            "redirects": [rule.model_dump() for rule in self.redirects],
            "cache_rules": [rule.model_dump() for rule in self.cache_rules],
            "zone_settings": self.zone_settings.as_cloudflare(),
            "web_hosts": [host.model_dump() for host in self.web_hosts],
            "dnssec": self.dnssec,
            "cloudflare_plan": self.cloudflare_plan,
            "monitoring": self.monitoring.model_dump(mode="json") if self.monitoring else None,
            "rate_limits": [rule.as_cloudflare() for rule in self.rate_limits],
        } | ({"app_links": self.app_links.contract()} if self.app_links else {})
        if self.kept_rules:  # only present when the spec keeps rules or lists adopted ones
            document["kept_rules"] = [rule.model_dump(exclude_none=True) for rule in self.kept_rules]
        if self.adopted_records or self.adopted_rules or self.adopted_overwrites:
            document["adopted"] = {"records": list(self.adopted_records), "rules": list(self.adopted_rules)}
            document["adopted"] |= {"overwrites": list(self.adopted_overwrites)} if self.adopted_overwrites else {}
        return document

    def phase_rules(self, phase: str) -> tuple[PlannedKeptRule, ...]:
        """The kept rules of `phase` (they come before the generated ones)."""
        return tuple(rule for rule in self.kept_rules if rule.phase == phase)
