"""Pure planning: a validated `DomainSpec` in, a frozen `DomainPlan` out. No Pulumi, no network."""

from __future__ import annotations

from launchready.core.dnsname import fqdn
from launchready.core.plan.adopted import adopted_record_keys, kept_rules
from launchready.core.plan.app_links import app_links_plan, spare_well_known, with_fresh_files
from launchready.core.plan.cache import cache_rules, dynamic_by_default
from launchready.core.plan.comments import with_notes
from launchready.core.plan.email import email_records
from launchready.core.plan.folding import distinct_keys
from launchready.core.plan.model import (
    CacheRule,
    DomainPlan,
    HstsSetting,
    PlannedRecord,
    RedirectRule,
    WebHost,
    ZoneSettings,
)
from launchready.core.plan.operations import monitoring_plan, rate_limit_rules
from launchready.core.plan.records import record_identity, written_label, zone_records
from launchready.core.plan.redirects import canonical_hosts, redirect_rules
from launchready.core.spec.models import CacheMode, DomainSpec

__all__ = [
    "CacheRule", "DomainPlan", "PlannedRecord", "RedirectRule", "WebHost", "ZoneSettings",
    "build_plan", "web_hosts", "zone_settings",
]

def on_off(flag: bool) -> str:
    return "on" if flag else "off"


def zone_settings(spec: DomainSpec) -> ZoneSettings:
    tls = spec.tls
    return ZoneSettings(
        ssl=tls.ssl,
        min_tls_version=tls.min_tls_version,
        tls_1_3=on_off(tls.tls_1_3),
        always_use_https=on_off(tls.always_use_https),
        automatic_https_rewrites=on_off(tls.automatic_https_rewrites),
        hsts=HstsSetting(**tls.hsts.model_dump()),
    )


def web_hosts(spec: DomainSpec) -> tuple[WebHost, ...]:
    canonical = canonical_hosts(spec)[0]
    hosts = []
    for label, host in spec.hosts.items():
        mode = host.cache or (CacheMode.BYPASS if dynamic_by_default(label) else CacheMode.STANDARD)
        name = fqdn(label, spec.zone.name)
        hosts.append(WebHost(label=label, fqdn=name, proxied=host.proxied,
                             cache_bypass=mode is CacheMode.BYPASS, canonical=name == canonical))
    return tuple(hosts)


def dns_records(spec: DomainSpec) -> tuple[PlannedRecord, ...]:
    """Every record the spec declares (hosts, extra records, CAA, then mail), in spec order. Of records whose
    keys fold alike, the one at a label written in slug form keeps the key (launchready.core.plan.folding)."""
    planned, zone = with_notes((*zone_records(spec), *email_records(spec)), spec), spec.zone.name
    return distinct_keys(planned, "key", record_identity, lambda record: (written_label(record.name, zone),))


def build_plan(spec: DomainSpec, stack: str = "") -> DomainPlan:
    """The plan for one stack. Call it only on a spec that `launchready.core.spec.load_spec` accepted."""
    hosts = web_hosts(spec)
    links = app_links_plan(spec)
    records = dns_records(spec)
    return DomainPlan(
        stack=stack,
        zone=spec.zone.name,
        zone_mode=spec.zone.mode,
        zone_id=spec.zone.id,
        account_id=spec.zone.account_id,
        canonical_host=canonical_hosts(spec)[0],
        records=records,
        redirects=spare_well_known(redirect_rules(spec), links),
        cache_rules=with_fresh_files(cache_rules(spec, hosts), links),
        zone_settings=zone_settings(spec),
        web_hosts=hosts,
        dnssec=spec.dnssec,
        cloudflare_plan=spec.plan,
        monitoring=monitoring_plan(spec),
        rate_limits=rate_limit_rules(spec),
        app_links=links,
        kept_rules=kept_rules(spec),
        adopted_records=adopted_record_keys(spec, records),
        adopted_rules=spec.adopted.rules,
        adopted_overwrites=spec.adopted.overwrites,
        dnssec_protected=spec.dnssec_protected,
    )
