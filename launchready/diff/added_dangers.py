"""Added records that change where traffic or mail goes: a pull request can take over mail, a subtree
or part of the site's visitors without deleting anything.

A new name (a host, a TXT verification token) stays harmless; what is flagged is an addition beside what
already answers: another MX at a name that has mail (senders try the lowest preference first, RFC 5321
§5.1), an NS delegation (the delegated servers answer for everything below the cut, RFC 1034 §4.2), another
address for the apex or a web host, and a DNS-only record that answers a proxied host's origin, which
Cloudflare otherwise hides (Cloudflare docs, "Proxy status", read 2026-11).
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterator

from launchready.core.dnsname import relative
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.diff.elide import describe, few
from launchready.diff.model import APPROVAL, Danger, PlanDiff, RecordChange

ADDRESS_TYPES = frozenset({"A", "AAAA"})
TARGET_TYPES = ADDRESS_TYPES | {"CNAME"}

MX_WHY = ("whoever runs that server receives the domain's inbound mail, password resets and sign-in links "
          "included; senders try the lowest priority first and the next when it does not answer (RFC 5321 "
          "§5.1); " + APPROVAL)
NS_WHY = ("whoever runs that nameserver answers for every name below it: they can point them anywhere, receive "
          "their mail and get certificates for them (RFC 1034 §4.2); " + APPROVAL)
ADDRESS_WHY = ("the name then answers with both, so resolvers (or Cloudflare, for a proxied host) send part of "
               "the visitors to the new target, and whoever runs it serves them the site; " + APPROVAL)
ORIGIN_WHY = ("Cloudflare hides a proxied host's origin; published, it lets attackers reach the origin directly, "
              "around Cloudflare's WAF, cache and DDoS protection; proxy the record instead (proxied: true), or "
              + APPROVAL)


def additions(diff: PlanDiff, types: frozenset[str]) -> Iterator[RecordChange]:
    return (change for change in diff.records if change.action == "added" and change.type in types)


def preference(record: PlannedRecord) -> int:
    return record.priority or 0


def first_receiver(record: PlannedRecord, others: list[PlannedRecord]) -> str:
    """Where the added MX stands among the name's other MX records (RFC 5321 §5.1: lowest first)."""
    if not others:
        return "it is now the only one"
    best = min(others, key=preference)
    if preference(record) < preference(best):
        return f"it now receives first, before {best.content} (priority {preference(best)})"
    if preference(record) == preference(best):
        return f"it shares first place with {best.content} (priority {preference(best)}): senders pick either"
    return (f"{best.content} (priority {preference(best)}) still receives first; it gets the mail when that "
            "does not answer")


def mx_added_dangers(diff: PlanDiff, base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """An MX added at a name that keeps receiving mail at a server it had (a switch of every MX is record.mx's:
    the deletions are flagged)."""
    still_there = {record.identity for record in head.records}
    had_mail = {record.name for record in base.records if record.type == "MX" and record.identity in still_there}
    for change in additions(diff, frozenset({"MX"})):
        if change.name not in had_mail:
            continue
        record = change.record
        others = [r for r in head.records if r.type == "MX" and r.name == change.name and r != record]
        shown = describe(record, head.zone)
        yield Danger(rule="record.mx-added", subject=shown, why=MX_WHY,
                     change=f"adds {shown} beside {len(others)} other MX: {first_receiver(record, others)}")


def ns_added_dangers(diff: PlanDiff, zone: str) -> Iterator[Danger]:
    """Every added NS record: below the zone it delegates a subtree to other servers."""
    for change in additions(diff, frozenset({"NS"})):
        record, shown = change.record, describe(change.record, zone)
        what = "adds a nameserver at the apex" if record.name == zone else \
            f"delegates {record.name} to {record.content}"
        yield Danger(rule="record.ns-added", subject=shown, change=f"adds {shown}: {what}", why=NS_WHY)


def kind(record_type: str) -> str:
    return "addresses" if record_type in ADDRESS_TYPES else record_type


def address_added_dangers(diff: PlanDiff, base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """Another address (or CNAME) for the apex or a web host, beside one it keeps answering."""
    web_names = {head.zone} | {host.fqdn for host in head.web_hosts}
    still_there = {record.identity for record in head.records}
    for change in additions(diff, TARGET_TYPES):
        existing = [r.content for r in base.records if r.name == change.name and r.type in TARGET_TYPES
                    and kind(r.type) == kind(change.type) and r.identity in still_there]
        if change.name in web_names and existing:
            shown = describe(change.record, head.zone)
            yield Danger(rule="record.address-added", subject=shown, why=ADDRESS_WHY,
                         change=f"adds {shown} beside {few(existing)}")


def same_target(content: str) -> str:
    """An address in its canonical form (2001:DB8:0::10 is 2001:db8::10), a name lowercased without the final dot."""
    try:
        return ipaddress.ip_address(content).compressed
    except ValueError:
        return content.lower().removesuffix(".")


def origins(plan: DomainPlan) -> dict[str, set[str]]:
    """Target → the proxied web hosts whose origin it is."""
    proxied = {host.fqdn for host in plan.web_hosts if host.proxied}
    found: dict[str, set[str]] = defaultdict(set)
    for record in plan.records:
        if record.name in proxied and record.proxied and record.type in TARGET_TYPES:
            found[same_target(record.content)].add(relative(record.name, plan.zone))
    return found


def publishes_origin(change: RecordChange, hidden: dict[str, set[str]]) -> set[str]:
    """The proxied hosts whose origin this added or changed record newly answers DNS-only."""
    new, old = change.new, change.old
    if new is None or new.proxied or new.type not in TARGET_TYPES:
        return set()
    if old is not None and not old.proxied and same_target(old.content) == same_target(new.content):
        return set()
    return hidden.get(same_target(new.content), set())


def unproxied_hosts(base: DomainPlan, head: DomainPlan) -> set[str]:
    """Web hosts proxied at the base and not at the head (proxy.origin-exposed judges them as a whole)."""
    return {h.fqdn for h in base.web_hosts if h.proxied} - {h.fqdn for h in head.web_hosts if h.proxied}


def origin_published_dangers(base: DomainPlan, head: DomainPlan, diff: PlanDiff) -> Iterator[Danger]:
    """A DNS-only record answering a proxied host's origin (a host that stops being proxied is
    proxy.origin-exposed's)."""
    hidden, unproxied = origins(head), unproxied_hosts(base, head)
    for change in diff.records:
        hosts = set() if change.name in unproxied else publishes_origin(change, hidden)
        if hosts:
            shown = describe(change.record, head.zone)
            yield Danger(rule="proxy.origin-published", subject=shown, why=ORIGIN_WHY,
                         change=f"{shown} is DNS-only and answers the origin of {few(sorted(hosts))}")


def added_dangers(diff: PlanDiff, base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    yield from mx_added_dangers(diff, base, head)
    yield from ns_added_dangers(diff, head.zone)
    yield from address_added_dangers(diff, base, head)
    yield from origin_published_dangers(base, head, diff)
