"""The DNS the demo serves: the zone as Cloudflare answers it, plus what the mail providers publish on their side.

A real resolver answers for every name, so the demo's resolvers serve one root-origin zone holding the
planned zone (`launchready.sandbox.dns_zone`) and the provider side the mail checks follow:
- each SPF `include:` target, nesting as many includes as the provider's documented lookup cost
  (`launchready.core.mailauth.providers.KNOWN_INCLUDES`; RFC 7208 §4.6.4 counts them);
- a DKIM key at the target of each DKIM CNAME (SES's `<token>.dkim.amazonses.com`, RFC 6376 §3.6.2.2);
- an address for each MX exchange outside the zone (RFC 5321 §5.1);
- the `<zone>._report._dmarc.<host>` authorization of each external DMARC report address (RFC 7489 §7.1).
Addresses come from the documentation ranges (RFC 5737, RFC 3849); the DKIM key is made for the run.

Zone faults edit the published zone, not the stack: `drifted` returns the plan the zone is built from.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Iterator

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import dns.zone

from launchready.core.errors import InputError
from launchready.core.mailauth import dmarc, spf
from launchready.core.mailauth.providers import include_cost
from launchready.core.plan import DomainPlan, PlannedRecord
from launchready.demo.faults import DemoFault
from launchready.sandbox.dns_zone import ZoneData

PROVIDER_TTL = 300
PROVIDER_V4 = "198.51.100.0/24"
NETBLOCK_V4 = "203.0.113.0/24"
MX_HOST_V4 = "203.0.113.25"
DKIM_MARK = "._domainkey."
HAND_ADDED_INCLUDES = tuple(f"_spf.{tool}.example.org" for tool in ("crm", "helpdesk", "newsletter", "billing",
                                                                    "surveys"))
"""What `spf-over-limit` adds to a sending name: five SaaS senders pasted in by hand, each nesting one more
include, so 10 more lookups than the plan counted."""
HAND_ADDED_COST = 2
IN = dns.rdataclass.IN


def require_breakable(plan: DomainPlan, faults: tuple[DemoFault, ...]) -> None:
    """Bad input (exit 2) when the stack has nothing a fault could break, so the demo never fakes a pass."""
    proxied = any(r.proxied for r in plan.records)
    needs = {"spf-over-limit": (bool(spf_records(plan)), "SPF record"),
             "missing-dkim": (bool(dkim_records(plan)), "DKIM record"),
             "origin-leak": (proxied, "proxied record"), "stale-resolver": (proxied, "proxied record"),
             "www-first": (any(r.kind == "canonical" for r in plan.redirects), "canonical-host redirect")}
    for fault in faults:
        found, what = needs.get(fault.name, (True, ""))
        if not found:
            raise InputError(f"--fault {fault.name}: stack {plan.stack} declares no {what}, so the fault has "
                             "nothing to break; pick another fault")


def drifted(plan: DomainPlan, faults: tuple[DemoFault, ...]) -> DomainPlan:
    """The plan the published zone is built from: the stack's plan, edited as the zone faults say."""
    names = {fault.name for fault in faults}
    records = list(plan.records)
    if "spf-over-limit" in names:
        records = [with_hand_added_includes(r) if r is spf_target(plan) else r for r in records]
    if "missing-dkim" in names:
        records.remove(dkim_target(plan))
    if "origin-leak" in names:
        leaked = leak_target(plan)
        records = [r.model_copy(update={"proxied": False}) if r.name == leaked else r for r in records]
    return plan.model_copy(update={"records": tuple(records)})


def leak_target(plan: DomainPlan) -> str:
    """The proxied name whose orange cloud `origin-leak` turns off: an address record away from the apex and
    the canonical host (an admin or API host, where a leak usually happens), else any proxied name."""
    proxied = [r for r in plan.records if r.proxied]
    canonical = {host.fqdn for host in plan.web_hosts if host.canonical}
    quiet = [r for r in proxied if r.type in ("A", "AAAA") and r.name != plan.zone and r.name not in canonical]
    return (quiet or proxied)[-1].name


def spf_records(plan: DomainPlan) -> list[PlannedRecord]:
    return [r for r in plan.records if r.type == "TXT" and spf.is_spf(r.content)]


def spf_target(plan: DomainPlan) -> PlannedRecord:
    """The apex SPF record when there is one (where hand edits usually land), else the first SPF record."""
    found = spf_records(plan)
    apex = [r for r in found if r.name == plan.zone]
    return (apex or found)[0]


def dkim_records(plan: DomainPlan) -> list[PlannedRecord]:
    """DKIM key records first (a TXT the founder pasted), then CNAMEs into a provider."""
    found = [r for r in plan.records if DKIM_MARK in r.name and r.type in ("TXT", "CNAME")]
    return sorted(found, key=lambda r: r.type != "TXT")


def dkim_target(plan: DomainPlan) -> PlannedRecord:
    return dkim_records(plan)[0]


def with_hand_added_includes(record: PlannedRecord) -> PlannedRecord:
    terms = record.content.split()
    added = [f"include:{domain}" for domain in HAND_ADDED_INCLUDES]
    content = " ".join([*terms[:-1], *added, terms[-1]])
    return record.model_copy(update={"content": content, "txt_strings": ()})


def provider_side(plan: DomainPlan) -> Iterator[tuple[str, str, str]]:
    """(fqdn, rdtype, rdata text) the providers publish for what `plan` points at."""
    for record in spf_records(plan):
        for term in spf.parse(record.content):
            if term.name in ("include", "redirect") and term.value and not in_zone(term.value, plan.zone):
                yield from provider_spf(term.value)
    for record in dkim_records(plan):
        if record.type == "CNAME" and not in_zone(record.content, plan.zone):
            yield record.content, "TXT", txt_text(dkim_key_record())
    for exchange in sorted({r.content for r in plan.records if r.type == "MX" and r.content != "."}):
        if not in_zone(exchange, plan.zone):
            yield exchange, "A", MX_HOST_V4
    yield from report_authorizations(plan)


def provider_spf(domain: str) -> Iterator[tuple[str, str, str]]:
    """An include target nesting (cost - 1) includes, so a live walk counts the documented cost."""
    cost = HAND_ADDED_COST if domain in HAND_ADDED_INCLUDES else include_cost(domain).lookups
    nested = [f"_netblocks{i}.{domain}" for i in range(1, cost)]
    yield domain, "TXT", txt_text(" ".join(["v=spf1", *(f"include:{n}" for n in nested), f"ip4:{PROVIDER_V4}",
                                             "~all"]))
    for name in nested:
        yield name, "TXT", txt_text(f"v=spf1 ip4:{NETBLOCK_V4} ~all")


def report_authorizations(plan: DomainPlan) -> Iterator[tuple[str, str, str]]:
    record = next((r for r in plan.records if r.name == f"_dmarc.{plan.zone}" and r.type == "TXT"), None)
    if record is None or not dmarc.is_dmarc(record.content):
        return
    parsed = dmarc.parse(record.content)
    uris = [uri for tag in ("rua", "ruf") for uri in dmarc.report_uris(parsed.get(tag) or "")]
    for host in sorted({h for uri in uris if (h := dmarc.uri_host(uri)) and dmarc.is_external(h, plan.zone)}):
        yield dmarc.authorization_name(plan.zone, host), "TXT", txt_text("v=DMARC1")


def in_zone(fqdn: str, zone: str) -> bool:
    return dns.name.from_text(fqdn).is_subdomain(dns.name.from_text(zone))


@functools.cache
def dkim_key_record() -> str:
    """A 2048-bit RSA DKIM key made for this run (the private half is never kept): what SES publishes."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    public = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"


def txt_text(value: str) -> str:
    """TXT rdata in presentation form, split into 255-byte character-strings (RFC 7208 §3.3)."""
    raw = value.encode()
    strings = [raw[i:i + 255] for i in range(0, len(raw), 255)]
    text: str = dns.rdtypes.ANY.TXT.TXT(IN, dns.rdatatype.TXT, strings).to_text()
    return text


def resolver_zone(zone: ZoneData, plan: DomainPlan) -> ZoneData:
    """`zone` and its stale and leaked variants, each merged with the provider side into one root zone."""
    extra = list(provider_side(plan))

    def merge(variant: ZoneData | None) -> ZoneData | None:
        return None if variant is None else ZoneData(merged(variant.zone, extra))

    merged_zone = merge(zone)
    assert merged_zone is not None
    return ZoneData(merged_zone.zone, previous=merge(zone.previous), leaked=merge(zone.leaked))


def merged(zone: dns.zone.Zone, extra: list[tuple[str, str, str]]) -> dns.zone.Zone:
    root = dns.zone.Zone(dns.name.root)
    origin = zone.origin
    assert origin is not None
    for name, ttl, rdata in zone.iterate_rdatas():
        add_rdata(root, name.derelativize(origin), ttl, rdata)
    for fqdn, rdtype, text in extra:
        add_rdata(root, dns.name.from_text(fqdn), PROVIDER_TTL,
                  dns.rdata.from_text(IN, dns.rdatatype.from_text(rdtype), text))
    return root


def add_rdata(zone: dns.zone.Zone, name: dns.name.Name, ttl: int, rdata: dns.rdata.Rdata) -> None:
    node = zone.find_node(name.relativize(dns.name.root), create=True)
    node.find_rdataset(IN, rdata.rdtype, create=True).add(rdata, ttl)
