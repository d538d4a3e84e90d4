"""A zone built from a DomainPlan the way Cloudflare answers it, for the loopback DNS server.

What Cloudflare's nameservers say about a zone (developers.cloudflare.com, read 2026-11):
- a proxied A/AAAA/CNAME answers with Cloudflare anycast addresses, both A and AAAA, never the
  origin and never the CNAME ("proxied records resolve to Cloudflare anycast IPs");
- a CNAME at the apex is flattened: the apex answers A/AAAA, never a CNAME (CNAME flattening);
- DNS-only records answer as declared; proxied records use TTL "auto", 300 s on the wire;
- when the zone has any CAA record, Universal SSL adds `issue` and `issuewild` records for the CAs it
  uses; they do not show in the dashboard but do in `dig` (SSL docs, "CAA records added by Cloudflare").

`zone_from_plan` also derives two other answer sets used by faults: `previous` (what the zone said
before the plan was applied: web hosts pointed DNS-only at an old server) and `leaked` (proxied names
answering with the origin, as if the orange cloud were off).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.CAA
import dns.rdtypes.ANY.TXT
import dns.zone

from launchready.core.plan import DomainPlan, PlannedRecord

PROXY_V4 = ("104.18.32.10", "104.18.33.10")
"""Fixed addresses inside Cloudflare's 104.16.0.0/13 that proxied names answer with here."""
PROXY_V6 = ("2606:4700:3030::6812:200a", "2606:4700:3030::6812:210a")
"""Fixed addresses inside Cloudflare's 2606:4700::/32."""
OLD_SERVER_V4 = "203.0.113.10"
"""Where the web hosts pointed before the plan was applied (documentation address, RFC 5737)."""
FLATTENED_V4 = ("192.0.2.80",)
"""What a DNS-only flattened apex CNAME answers with here (the target is outside the sandbox)."""

AUTO_TTL_SECONDS = 300
SOA_TIMERS = "10000 2400 604800 1800"
"""Refresh, retry, expire and negative TTL as Cloudflare's SOA shows them (dig SOA, read 2026-11)."""
DEFAULT_SERIAL = 2026110101
CAA_TTL = 3600
CLOUDFLARE_CAA_ISSUERS = ("letsencrypt.org", "pki.goog; cansignhttpexchanges=yes", "ssl.com", "sectigo.com")
"""The CAs whose `issue`/`issuewild` records Cloudflare adds (SSL docs, "Certificate authorities", read 2026-11)."""

Mode = Literal["cloudflare", "leaked", "previous"]
IN = dns.rdataclass.IN


@dataclass(frozen=True, eq=False)
class ZoneData:
    """One zone's records (a dnspython Zone, never mutated after it is built) and its variants."""

    zone: dns.zone.Zone
    previous: ZoneData | None = None
    leaked: ZoneData | None = None
    refers: bool = False
    """NS records below the origin are zone cuts answered with referrals (a parent zone); False for the
    demo resolvers' merged root zone, which answers every name itself."""

    @property
    def origin(self) -> dns.name.Name:
        origin = self.zone.origin
        assert origin is not None
        return origin

    @property
    def serial(self) -> int:
        soa = self.zone.get_rdataset("@", dns.rdatatype.SOA)
        assert soa is not None
        serial: int = soa[0].serial
        return serial

    def to_text(self) -> str:
        """The zone file (absolute names), as an independent server such as Knot DNS reads it."""
        text: str = self.zone.to_text(sorted=True, relativize=False, want_origin=True)
        return text


def default_nameservers(zone: str) -> dict[str, tuple[str, ...]]:
    """Two in-zone nameservers on loopback, as Cloudflare assigns two per zone."""
    return {f"ns1.{zone}": ("127.0.0.1",), f"ns2.{zone}": ("127.0.0.1",)}


def zone_from_plan(plan: DomainPlan, *, serial: int = DEFAULT_SERIAL,
                   nameservers: Mapping[str, Sequence[str]] | None = None) -> ZoneData:
    """The zone Cloudflare would serve for `plan`, with its `previous` and `leaked` variants."""
    servers = dict(nameservers or default_nameservers(plan.zone))
    previous = ZoneData(build_zone(plan, serial - 1, servers, "previous"))
    leaked = ZoneData(build_zone(plan, serial, servers, "leaked"))
    return ZoneData(build_zone(plan, serial, servers, "cloudflare"), previous=previous, leaked=leaked)


def build_zone(plan: DomainPlan, serial: int, nameservers: Mapping[str, Sequence[str]],
               mode: Mode) -> dns.zone.Zone:
    zone = dns.zone.Zone(dns.name.from_text(plan.zone))
    add_apex(zone, serial, nameservers)
    for record in plan.records:
        for rdtype, ttl, text in answers_for(record, plan.zone, mode):
            add(zone, record.name, rdtype, ttl, text)
    if mode != "previous" and any(r.type == "CAA" for r in plan.records):
        for issuer in CLOUDFLARE_CAA_ISSUERS:
            for tag in ("issue", "issuewild"):
                add(zone, plan.zone, "CAA", CAA_TTL, caa_text(0, tag, issuer))
    return zone


def add_apex(zone: dns.zone.Zone, serial: int, nameservers: Mapping[str, Sequence[str]]) -> None:
    origin = zone.origin
    assert origin is not None
    names = sorted(nameservers)
    add(zone, origin.to_text(), "SOA", 3600, f"{names[0]}. dns.cloudflare.com. {serial} {SOA_TIMERS}")
    for host, addresses in nameservers.items():
        add(zone, origin.to_text(), "NS", 86400, f"{host}.")
        if dns.name.from_text(host).is_subdomain(origin):
            for address in addresses:
                add(zone, host, "AAAA" if ":" in address else "A", 86400, address)


def answers_for(record: PlannedRecord, zone: str, mode: Mode) -> list[tuple[str, int, str]]:
    """(rdtype, ttl, rdata text) this record makes the zone answer in `mode`."""
    ttl = AUTO_TTL_SECONDS if record.ttl == 1 else record.ttl
    if record.proxied and mode == "cloudflare":
        return [("A", ttl, a) for a in PROXY_V4] + [("AAAA", ttl, a) for a in PROXY_V6]
    if record.proxied and mode == "previous":
        return [("A", AUTO_TTL_SECONDS, OLD_SERVER_V4)]
    if record.type == "CNAME" and record.name == zone and mode != "leaked":
        return [("A", ttl, a) for a in FLATTENED_V4]
    text = declared_text(record)
    return [(record.type, ttl, text)] if text is not None else []


def declared_text(record: PlannedRecord) -> str | None:
    """The record's rdata in zone-file form; None for types the sandbox does not serve (NS, SRV)."""
    if record.type in ("A", "AAAA"):
        return record.content
    if record.type == "CNAME":
        return f"{record.content}."
    if record.type == "MX":  # a null MX (RFC 7505) is the root name itself: "0 ."
        return f"{record.priority or 0} {record.content.rstrip('.')}."
    if record.type == "TXT":
        strings = record.txt_strings or (record.content,)
        rdata = dns.rdtypes.ANY.TXT.TXT(IN, dns.rdatatype.TXT, strings)
        return rdata.to_text()
    if record.type == "CAA" and record.caa is not None:
        return caa_text(record.caa.flags, record.caa.tag, record.caa.value)
    return None


def caa_text(flags: int, tag: str, value: str) -> str:
    rdata = dns.rdtypes.ANY.CAA.CAA(IN, dns.rdatatype.CAA, flags, tag.encode(), value.encode())  # type: ignore[no-untyped-call]
    text: str = rdata.to_text()
    return text


def add(zone: dns.zone.Zone, fqdn: str, rdtype: str, ttl: int, text: str) -> None:
    origin = zone.origin
    assert origin is not None
    name = dns.name.from_text(fqdn).relativize(origin)
    rdata = dns.rdata.from_text(IN, dns.rdatatype.from_text(rdtype), text, relativize=False)
    node = zone.find_node(name, create=True)
    node.find_rdataset(IN, rdata.rdtype, create=True).add(rdata, ttl)
