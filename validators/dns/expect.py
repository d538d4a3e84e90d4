"""What every server should answer, derived from the plan alone (never from Pulumi state).

One Expectation per (name, query type):
- `exact`: DNS-only A/AAAA/CNAME/MX/TXT: the answer set equals the planned set;
- `caa`: the planned CAA records are all present; Cloudflare's own issue/issuewild records are tolerated;
- `proxied`: a proxied A/AAAA/CNAME answers A and AAAA with addresses inside Cloudflare's ranges, shows
  no CNAME and never an origin address or hostname (Cloudflare proxy status docs, read 2026-11);
- `flattened`: a DNS-only CNAME at the apex answers A/AAAA (CNAME flattening, read 2026-11);
- `no_cname`: the apex never answers a CNAME (RFC 1034 §3.6.2: a CNAME cannot sit beside SOA and NS).
NS (delegations) and SRV records are not compared: the plan does not hold their full data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from launchready.core.plan import DomainPlan, PlannedRecord
from validators.dns.rdata import bare, expected_value

Kind = Literal["exact", "caa", "proxied", "flattened", "no_cname", "soa"]
EXACT_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT")
PROXIABLE = ("A", "AAAA", "CNAME")


@dataclass(frozen=True)
class Expectation:
    """The rule one (name, type) answer is judged by. `values` are canonical forms (validators.dns.rdata);
    `origin` holds what a proxied name must never reveal; `required` is False when no data is fine."""

    name: str
    rdtype: str
    kind: Kind
    values: tuple[str, ...] = ()
    origin: tuple[str, ...] = ()
    required: bool = True
    sources: tuple[str, ...] = ()
    apex: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.rdtype)


def origin_values(plan: DomainPlan) -> tuple[str, ...]:
    """Every origin address and hostname behind a proxied record: none may ever appear in an answer."""
    return tuple(sorted({expected_value(r) for r in plan.records if r.proxied and r.type in PROXIABLE}))


def by_name(plan: DomainPlan) -> dict[str, list[PlannedRecord]]:
    names: dict[str, list[PlannedRecord]] = defaultdict(list)
    for record in plan.records:
        names[record.name].append(record)
    return names


def proxied_expectations(name: str, records: list[PlannedRecord], origin: tuple[str, ...],
                         apex: bool) -> list[Expectation]:
    """Cloudflare answers both A and AAAA for a proxied name; AAAA may be missing only when nothing
    in the plan asks for IPv6 (a zone can turn IPv6 compatibility off)."""
    types = {r.type for r in records}
    sources = tuple(sorted({r.source for r in records}))
    wants_v6 = bool(types & {"AAAA", "CNAME"})
    return [Expectation(name, "A", "proxied", origin=origin, sources=sources, apex=apex),
            Expectation(name, "AAAA", "proxied", origin=origin, required=wants_v6, sources=sources, apex=apex)]


def dns_only_expectations(name: str, zone: str, records: list[PlannedRecord]) -> list[Expectation]:
    by_type: dict[str, list[PlannedRecord]] = defaultdict(list)
    for record in records:
        by_type[record.type].append(record)
    found = []
    for rdtype, group in by_type.items():
        sources = tuple(sorted({r.source for r in group}))
        values = tuple(sorted({expected_value(r) for r in group}))
        if rdtype == "CNAME" and name == zone:
            found += [Expectation(name, "A", "flattened", values=values, sources=sources, apex=True),
                      Expectation(name, "AAAA", "flattened", values=values, required=False, sources=sources,
                                  apex=True)]
        elif rdtype == "CAA":
            found.append(Expectation(name, "CAA", "caa", values=values, sources=sources))
        elif rdtype in EXACT_TYPES:
            found.append(Expectation(name, rdtype, "exact", values=values, sources=sources))
    return found


def expectations(plan: DomainPlan) -> tuple[Expectation, ...]:
    """Every expectation for the plan's records, plus the apex rules; one per (name, type)."""
    origin = origin_values(plan)
    found: dict[tuple[str, str], Expectation] = {}
    for name, records in by_name(plan).items():
        proxied = [r for r in records if r.proxied and r.type in PROXIABLE]
        rest = [r for r in records if r not in proxied]
        # a proxied answer set wins over a stray DNS-only A/AAAA at the same name: Cloudflare merges them
        for expectation in proxied_expectations(name, proxied, origin, name == plan.zone) if proxied else []:
            found[expectation.key] = expectation
        for expectation in dns_only_expectations(name, plan.zone, rest):
            found.setdefault(expectation.key, expectation)
    apex = Expectation(bare(plan.zone), "CNAME", "no_cname", required=False, sources=("zone.name",), apex=True)
    found.setdefault(apex.key, apex)
    return tuple(found.values())


def soa_expectation(plan: DomainPlan) -> Expectation:
    return Expectation(bare(plan.zone), "SOA", "soa", sources=("zone.name",), apex=True)
