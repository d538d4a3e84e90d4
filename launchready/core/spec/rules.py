"""Rules that relate several keys of a spec. Each rule yields Problems; all of them run, so a user
sees every problem in one message. Kept in alphabetical order; each cites what it relies on.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator

from launchready.core.dnsname import fqdn, outside_zone, target_problem
from launchready.core.errors import Problem
from launchready.core.spec.app_link_rules import APP_LINK_RULES
from launchready.core.spec.email_rules import EMAIL_RULES
from launchready.core.spec.kept_rules import kept_and_adopted
from launchready.core.spec.models import (
    AUTO_TTL,
    CLOUDFLARE_CAS,
    PROXIABLE,
    DomainSpec,
    HostSpec,
    RecordSpec,
    RecordType,
    unscoped_ipv6,
)
from launchready.core.spec.monitor_rules import check_list_problems, engine_problems
from launchready.core.spec.operations import monitor_engine, operations_problems
from launchready.core.spec.redirect_rules import checks_meet_no_redirect, redirects_are_sound
from launchready.core.spec.target_rules import CNAME_BESIDE_ADDRESSES, TARGET_RULES

Rule = Callable[[DomainSpec], Iterator[Problem]]
MIN_TTL, MAX_TTL = 60, 86400
"""Cloudflare accepts TTL 1 (automatic) or 60–86400 s outside Enterprise (API docs, read 2026-11)."""


def ttl_problem(ttl: int) -> str | None:
    if ttl == AUTO_TTL or MIN_TTL <= ttl <= MAX_TTL:
        return None
    return f"TTL {ttl} is rejected by Cloudflare; use 1 (automatic) or {MIN_TTL}–{MAX_TTL} seconds"


def caa_keeps_cloudflare(spec: DomainSpec) -> Iterator[Problem]:
    """RFC 8659 §4: once any CAA exists, only listed CAs may issue; Universal SSL needs its CAs."""
    missing = [ca for ca in CLOUDFLARE_CAS if ca not in spec.caa.issuers]
    if missing and not spec.caa.override_cloudflare:
        yield Problem("caa.issuers", f"leaves out {', '.join(missing)}, which Cloudflare's edge certificates "
                      "come from; add them, or set caa.override_cloudflare: true if you bring your own certificate")


def hosts_are_named_well(spec: DomainSpec) -> Iterator[Problem]:
    """Each key is a usable label by now (the model reads it with dnsname.host_label); apex and www must exist."""
    for required in ("apex", "www"):
        if required not in spec.hosts:
            yield Problem(f"hosts.{required}", "is missing; the canonical redirect needs both apex and www. "
                          "Give it ipv4/ipv6 or a cname, or set origin and both use it")


def host_target_problems(spec: DomainSpec, label: str, host: HostSpec) -> Iterator[str]:
    origin = spec.origin
    if not host.has_targets and not (origin.ipv4 or origin.ipv6 or origin.cname):
        yield "has no target; give ipv4/ipv6 addresses or a cname, or set origin for every proxied host"
    if host.cname and (host.ipv4 or host.ipv6):
        yield CNAME_BESIDE_ADDRESSES.format(host.cname)
    if label == "apex" and (host.cname or (not host.has_targets and origin.cname)) and not host.flatten:
        yield ("a CNAME at the apex is not allowed by DNS; Cloudflare will flatten it into A/AAAA answers. "
               "Set flatten: true to accept that")
    if host.proxied and host.ttl != AUTO_TTL:
        yield f"proxied records always use TTL 1 (automatic); remove ttl: {host.ttl} or set proxied: false"
    elif problem := ttl_problem(host.ttl):
        yield problem


def hosts_have_targets(spec: DomainSpec) -> Iterator[Problem]:
    for label, host in spec.hosts.items():
        for message in host_target_problems(spec, label, host):
            yield Problem(f"hosts.{label}", message)


def hsts_preload_is_ready(spec: DomainSpec) -> Iterator[Problem]:
    """hstspreload.org: preload needs includeSubDomains and max-age ≥ 31536000."""
    hsts = spec.tls.hsts
    if hsts.preload and not (hsts.include_subdomains and hsts.max_age >= 31536000):
        yield Problem("tls.hsts.preload", "needs include_subdomains: true and max_age ≥ 31536000 "
                      "(hstspreload.org rejects anything less); fix those first or set preload: false")
    if spec.tls.ssl == "off" and (spec.tls.always_use_https or hsts.enabled):
        yield Problem("tls.ssl", '"off" cannot be combined with always_use_https or HSTS; use "strict"')


def record_content_problem(record: RecordSpec) -> str | None:
    rtype, content = record.type, record.content
    if rtype is RecordType.CAA:
        return None if record.tag and record.value else "a CAA record needs tag and value (and no content)"
    if not content:
        return f"the {rtype.value} record needs content"
    if rtype is not RecordType.TXT and isinstance(content, tuple):
        return f"only TXT content may be a list of strings, not {rtype.value}"
    if rtype is RecordType.TXT:
        strings = content if isinstance(content, tuple) else ()
        long = [s for s in strings if len(s.encode()) > 255]
        return (f"a TXT string of {len(long[0].encode())} bytes exceeds 255 (RFC 1035 §3.3); split it into "
                "several strings, or give one string and launchready splits it") if long else None
    return address_or_name_problem(rtype, str(content), record.priority)


def address_or_name_problem(rtype: RecordType, content: str, priority: int | None) -> str | None:
    if rtype in (RecordType.A, RecordType.AAAA):
        version = 4 if rtype is RecordType.A else 6
        try:
            ok = ipaddress.ip_address(unscoped_ipv6(content)).version == version
        except ValueError as exc:
            return str(exc) if "%" in content else f'"{content}" is not an IPv{version} address'
        return None if ok else f'"{content}" is not an IPv{version} address'
    if rtype in (RecordType.MX, RecordType.SRV) and priority is None:
        return f"an {rtype.value} record needs priority" if rtype is RecordType.MX else "an SRV record needs priority"
    if rtype is RecordType.MX and content.strip() == ".":
        return None  # RFC 7505 null MX
    if rtype is RecordType.SRV:
        return srv_problem(content)
    return target_problem(content)


def srv_problem(content: str) -> str | None:
    """RFC 2782: SRV content is "weight port target" here (priority is its own key)."""
    parts = content.split()
    numbers_ok = len(parts) == 3 and all(p.isdigit() and int(p) <= 65535 for p in parts[:2])
    if not numbers_ok:
        return f'SRV content "{content}" must be "weight port target", e.g. "5 443 sip.example.com"'
    return target_problem(parts[2])


def records_are_well_formed(spec: DomainSpec) -> Iterator[Problem]:
    for i, record in enumerate(spec.records):
        path = f"records[{i}]"
        name = record.name  # valid and normalised by the model (owner_name)
        if outside := outside_zone(record.name, spec.zone.name):
            yield Problem(f"{path}.name", outside)
        if record.proxied and record.type not in PROXIABLE:
            yield Problem(f"{path}.proxied", f"a {record.type.value} record cannot be proxied "
                          "(only A, AAAA and CNAME can); remove proxied: true")
        if record.type is RecordType.NS and fqdn(name, spec.zone.name) == spec.zone.name:
            yield Problem(f"{path}.name", "the apex NS records are Cloudflare's own name servers and cannot be "
                          "declared; an NS record delegates a subdomain, so give it one (name: dev)")
        for message in (record_content_problem(record), record_ttl_problem(record)):
            if message:
                yield Problem(path, message)


def record_ttl_problem(record: RecordSpec) -> str | None:
    if record.ttl is None:
        return None
    if record.proxied and record.ttl != AUTO_TTL:
        return f"proxied records always use TTL 1 (automatic); remove ttl: {record.ttl}"
    return ttl_problem(record.ttl)


def operations_fit_the_plan(spec: DomainSpec) -> Iterator[Problem]:
    """Monitoring and rate limits within what the zone's Cloudflare plan allows (spec/operations.py)."""
    yield from operations_problems(spec.plan, spec.monitoring, spec.rate_limits, spec.zone.name, set(spec.hosts))
    if spec.monitoring is not None:
        yield from engine_problems(spec.plan, monitor_engine(spec.plan, spec.monitoring), spec.monitoring)
        yield from check_list_problems(spec.monitoring, fqdn(spec.canonical, spec.zone.name))


def rate_limits_see_their_hosts(spec: DomainSpec) -> Iterator[Problem]:
    """Rate limiting runs in Cloudflare's proxy (phase http_ratelimit): a DNS-only host's traffic goes
    straight to the origin, so a rule scoped to it would never count a request (read 2026-11)."""
    for name, rule in spec.rate_limits.items():
        for label in rule.hosts:
            host = spec.hosts.get(label)
            if host is not None and not host.proxied:
                yield Problem(f"rate_limits.{name}.hosts", f'"{label}" is DNS-only, so Cloudflare never sees its '
                              f"requests; set hosts.{label}.proxied: true or leave it out of this rule")


def zone_is_identified(spec: DomainSpec) -> Iterator[Problem]:
    if spec.zone.id and spec.zone.account_id:
        yield Problem("zone", "give either id (adopt an existing zone) or account_id (create it), not both")
    if "." not in spec.zone.name:
        yield Problem("zone.name", f'"{spec.zone.name}" is a top-level domain; the zone is the domain you '
                      "registered, such as example.com")


RULES: tuple[Rule, ...] = (
    caa_keeps_cloudflare,
    checks_meet_no_redirect,
    hosts_are_named_well,
    hosts_have_targets,
    hsts_preload_is_ready,
    kept_and_adopted,
    operations_fit_the_plan,
    rate_limits_see_their_hosts,
    records_are_well_formed,
    redirects_are_sound,
    zone_is_identified,
    *EMAIL_RULES,
    *APP_LINK_RULES,
    *TARGET_RULES,
)
"""Rules that read the spec alone; the rules over planned records run on the plan (launchready.core.plan.checks)."""


def spec_problems(spec: DomainSpec, rules: tuple[Rule, ...] = RULES) -> list[Problem]:
    """Every problem of a structurally valid spec, found without planning it."""
    return [problem for rule in rules for problem in rule(spec)]

