"""Pulumi resource names and type tokens, shared by the components and by `launchready adopt`
(which writes import files naming the exact resources the component will create).

Names derive from record identity, never from list positions, so reordering a spec never replaces
a resource (Pulumi identifies a resource by its URN, which contains the name).
"""

from __future__ import annotations

from launchready.core.plan.model import PlannedRecord

COMPONENT_NAME = "domain"
"""The ProductDomain instance name `__main__.py` uses; every child name starts with it."""

PRODUCT_DOMAIN_TYPE = "launchready:domain:ProductDomain"
DNS_RECORD_TYPE = "cloudflare:index/dnsRecord:DnsRecord"
RULESET_TYPE = "cloudflare:index/ruleset:Ruleset"
ZONE_SETTING_TYPE = "cloudflare:index/zoneSetting:ZoneSetting"
ZONE_TYPE = "cloudflare:index/zone:Zone"
ZONE_DNSSEC_TYPE = "cloudflare:index/zoneDnssec:ZoneDnssec"
HEALTHCHECK_TYPE = "cloudflare:index/healthcheck:Healthcheck"
NOTIFICATION_POLICY_TYPE = "cloudflare:index/notificationPolicy:NotificationPolicy"
NOTIFICATION_WEBHOOK_TYPE = "cloudflare:index/notificationPolicyWebhooks:NotificationPolicyWebhooks"
WORKERS_SCRIPT_TYPE = "cloudflare:index/workersScript:WorkersScript"
WORKERS_CRON_TYPE = "cloudflare:index/workersCronTrigger:WorkersCronTrigger"
WORKERS_KV_NAMESPACE_TYPE = "cloudflare:index/workersKvNamespace:WorkersKvNamespace"

RULESET_SUFFIX = {
    "http_request_dynamic_redirect": "redirects",
    "http_request_cache_settings": "cache",
    "http_ratelimit": "ratelimit",
}
"""One zone entry-point ruleset per phase (Cloudflare error 20217 otherwise), one resource name each."""


def record_name(record: PlannedRecord, component: str = COMPONENT_NAME) -> str:
    return f"{component}-{record.key}"


def setting_name(setting_id: str, component: str = COMPONENT_NAME) -> str:
    return f"{component}-setting-{setting_id.replace('_', '-')}"


def ruleset_name(phase: str, component: str = COMPONENT_NAME) -> str:
    return f"{component}-{RULESET_SUFFIX[phase]}"


def zone_name(component: str = COMPONENT_NAME) -> str:
    return f"{component}-zone"


def dnssec_name(component: str = COMPONENT_NAME) -> str:
    return f"{component}-dnssec"


def healthcheck_name(check_key: str, component: str = COMPONENT_NAME) -> str:
    """Keyed by the checked URL (host and path), so reordering monitoring.checks replaces nothing."""
    return f"{component}-healthcheck-{check_key}"


def notification_policy_name(component: str = COMPONENT_NAME) -> str:
    return f"{component}-uptime-alerts"


def notification_webhook_name(component: str = COMPONENT_NAME) -> str:
    return f"{component}-alert-webhook"


def monitor_name(part: str, component: str = COMPONENT_NAME) -> str:
    """The monitor Worker's resources: `script`, `cron` and `state` (its KV namespace)."""
    return f"{component}-monitor-{part}"
