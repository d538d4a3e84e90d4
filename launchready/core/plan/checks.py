"""Rules over the planned records (hosts, extra records, CAA and mail together), because most conflicts
are between records from different keys: a host's CNAME and an SPF record at one name, an origin
address shared by every host, a hand-written CAA record beside the CAA policy.

They run on the plan of a spec the spec rules accepted (`launchready.core.stack` orders the stages), and
report problems by the key path each planned record carries in `source`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from launchready.core.cloudflare_ips import pinned_ranges
from launchready.core.errors import Problem
from launchready.core.plan.alert_checks import alert_plan_problems
from launchready.core.plan.callback_checks import callback_plan_problems
from launchready.core.plan.comments import comment_problems
from launchready.core.plan.email_checks import EMAIL_PLAN_RULES
from launchready.core.plan.kept_checks import kept_plan_problems
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.spec.models import CLOUDFLARE_CAS, DomainSpec


def plan_problems(plan: DomainPlan, spec: DomainSpec) -> list[Problem]:
    """Every problem of the planned record set, in rule order (empty: the plan can be applied)."""
    records = list(plan.records)
    problems = list(planned_record_problems(records, spec))
    for rule in EMAIL_PLAN_RULES:
        problems.extend(rule(records))
    problems.extend(kept_plan_problems(plan, spec))
    problems.extend(alert_plan_problems(plan, spec))
    problems.extend(callback_plan_problems(plan, spec))
    problems.extend(comment_problems(plan, spec))
    return problems


def planned_record_problems(records: list[PlannedRecord], spec: DomainSpec) -> Iterator[Problem]:
    """Every rule over the planned record set: each record declared once, no CNAME beside other data
    (RFC 1034 §3.6.2) or pointing at itself, nothing beside a delegation, one proxy status per name,
    no Cloudflare address as an origin, and CAA sets that keep Cloudflare's CAs."""
    by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)
    seen: dict[tuple[str, str, str], str] = {}
    yield from mixed_proxy_status(records)
    yield from origins_are_not_cloudflare(records)
    yield from caa_sets_keep_cloudflare(records, spec.caa.override_cloudflare)
    for record in records:
        by_name[record.name].append((record.type, record.source))
        if record.identity in seen:
            yield Problem(record.source, f"{record.type} {record.name} {record.content} is already declared at "
                          f"{seen[record.identity]}; remove one")
        seen.setdefault(record.identity, record.source)
        if record.type == "CNAME" and record.content == record.name:
            yield Problem(record.source, f"the CNAME at {record.name} points at itself, a loop no resolver can "
                          "follow; point it at the real target")
    yield from cname_loops(records)
    yield from combined_content_fits(records)
    flattened = spec.zone.name if apex_is_flattened(spec) else None
    for name, entries in by_name.items():
        yield from cname_conflicts(name, entries, flattened=name == flattened)
        if name != spec.zone.name:  # an apex NS record is refused on its own (records_are_well_formed)
            yield from delegation_conflicts(name, entries)


def cname_loops(records: list[PlannedRecord]) -> Iterator[Problem]:
    """CNAMEs that lead back to a name already on the chain (a→b→a, a→b→c→a): no resolver can follow
    them (RFC 1034 §3.6.2 asks resolvers to stop on a loop; RFC 1912 §2.4 warns against chains). A
    one-record loop is reported above, so loops here have two records or more, each reported once."""
    target = {r.name: r.content for r in records if r.type == "CNAME" and r.content != r.name}
    source = {r.name: r.source for r in records if r.type == "CNAME"}
    done: set[str] = set()  # names already walked: each name is visited once, so this is linear
    for start in sorted(target):
        chain: list[str] = []
        position: dict[str, int] = {}
        name = start
        while name in target and name not in position and name not in done:
            position[name] = len(chain)
            chain.append(name)
            name = target[name]
        done.update(chain)
        if name in position:  # the walk came back to a name on this chain
            loop = chain[position[name]:]
            yield Problem(source[loop[0]], f"the CNAMEs {' → '.join([*loop, loop[0]])} form a loop no resolver "
                          "can follow; point one of them at the real target")


CLOUDFLARE_SET_LIMIT = 8192
"""Records of one name and type may hold 8,192 characters of content together (Cloudflare docs, "DNS
record types", read 2026-11)."""


def combined_content_fits(records: list[PlannedRecord]) -> Iterator[Problem]:
    sizes: dict[tuple[str, str], int] = defaultdict(int)
    first: dict[tuple[str, str], str] = {}
    for record in records:
        sizes[(record.name, record.type)] += len(record.content)
        first.setdefault((record.name, record.type), record.source)
    for (name, rtype), size in sizes.items():
        if size > CLOUDFLARE_SET_LIMIT:
            yield Problem(first[(name, rtype)], f"the {rtype} records at {name} hold {size:,} characters together, "
                          f"over Cloudflare's limit of {CLOUDFLARE_SET_LIMIT:,} for one name and type; shorten them")


def mixed_proxy_status(records: list[PlannedRecord]) -> Iterator[Problem]:
    """Cloudflare treats every A/AAAA record at a name as proxied once one of them is ("Proxy status",
    read 2026-11), so a DNS-only address beside a proxied one would never be answered as planned."""
    proxied: dict[str, str] = {}
    for record in records:
        if record.type in ("A", "AAAA") and record.proxied:
            proxied.setdefault(record.name, record.source)
    for record in records:
        if record.type in ("A", "AAAA") and not record.proxied and record.name in proxied:
            yield Problem(record.source, f"the DNS-only {record.type} {record.content} at {record.name} would be "
                          f"proxied anyway: Cloudflare proxies every address at a name once one is "
                          f"({proxied[record.name]}); set proxied the same on both")


def origins_are_not_cloudflare(records: list[PlannedRecord]) -> Iterator[Problem]:
    """An A/AAAA record points at the origin, never at a Cloudflare address ("DNS record types", read
    2026-11). The usual cause: the address was copied from `dig` on a site that is already proxied."""
    ranges, seen = pinned_ranges(), set()
    for record in records:
        if record.type in ("A", "AAAA") and record.content not in seen and ranges.contains(record.content):
            seen.add(record.content)  # an origin address shared by every host is one mistake
            yield Problem(record.source, f"{record.content} is a Cloudflare address (what a proxied name answers "
                          "with, not your server); use the origin's own address, from your host's dashboard")


def caa_sets_keep_cloudflare(records: list[PlannedRecord], override: bool) -> Iterator[Problem]:
    """RFC 8659 §4: the CAA set at a name (issue, and issuewild for wildcards) lists every CA allowed there.
    Universal SSL covers the zone, *.zone and proxied subdomains, so each set needs Cloudflare's CAs;
    `issuewild ";"` at the apex, a common hardening tip, would stop its wildcard certificate."""
    sets: dict[tuple[str, str], list[PlannedRecord]] = defaultdict(list)
    for record in records:
        if record.caa and record.caa.tag in ("issue", "issuewild"):
            sets[(record.name, record.caa.tag)].append(record)
    for (name, tag), members in sets.items():
        allowed = {member.caa.value.split(";")[0].strip().lower() for member in members if member.caa}
        missing = [ca for ca in CLOUDFLARE_CAS if ca not in allowed]
        extra = [member.source for member in members if member.source != "caa.issuers"]
        if missing and extra and not override:  # caa.issuers alone is caa_keeps_cloudflare's to report
            yield Problem(extra[0], f"the CAA {tag} set at {name} leaves out {', '.join(missing)}, so Cloudflare's "
                          "edge certificate cannot be issued there (RFC 8659 §4); add them to that set, or set "
                          "caa.override_cloudflare: true if you bring your own certificate")


def delegation_conflicts(name: str, entries: list[tuple[str, str]]) -> Iterator[Problem]:
    """RFC 1034 §4.2.1: at a zone cut only the NS records belong to this zone; the delegated name servers
    answer for everything else at that name, so a record declared beside them is never served."""
    delegations = [source for rtype, source in entries if rtype == "NS"]
    others = [(rtype, source) for rtype, source in entries if rtype not in ("NS", "CNAME")]
    if delegations and others:
        rtype, other = others[0]
        yield Problem(other, f"the {rtype} record at {name} would never be answered: {delegations[0]} delegates "
                      "that name to other name servers (RFC 1034 §4.2.1); publish it there, or drop the delegation")


def apex_is_flattened(spec: DomainSpec) -> bool:
    """Whether the apex host opted in to a CNAME (`flatten: true`) that Cloudflare flattens."""
    apex = spec.hosts.get("apex")
    return apex is not None and apex.flatten


def cname_conflicts(name: str, entries: list[tuple[str, str]], flattened: bool = False) -> Iterator[Problem]:
    """A flattened apex CNAME answers as A/AAAA, so Cloudflare keeps the apex's MX, TXT and CAA beside it
    (Cloudflare, "CNAME flattening", read 2026-11); addresses and a second CNAME still conflict with it."""
    cnames = [source for rtype, source in entries if rtype == "CNAME"]
    others = [(rtype, source) for rtype, source in entries
              if rtype != "CNAME" and not (flattened and rtype not in ("A", "AAAA"))]
    if cnames and (others or len(cnames) > 1):
        rtype, other = others[0] if others else ("CNAME", cnames[1])
        yield Problem(cnames[0], f"a CNAME at {name} cannot share the name with the {rtype} record in {other} "
                      "(RFC 1034 §3.6.2); remove one")
