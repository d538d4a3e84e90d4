"""A web host that answers another address, and a proxied record that stops being proxied.

Replacing what a name answers (its A/AAAA addresses, or its CNAME target) moves all its traffic at once,
exactly like the apex (record.apex): whoever runs the new target serves the site to every visitor. It is
judged for the names browsers reach: the stack's web hosts (`hosts`, both revisions) and any record
Cloudflare proxies, which serves HTTP(S) through Cloudflare's edge (Cloudflare docs, "Proxy status", read
2026-11). A proxied record that becomes DNS-only publishes its origin, as a web host does
(proxy.origin-exposed).

Left to the rules that already say it: the apex (record.apex), a switch between addresses and a CNAME
(record.type-switch), another address beside one the name keeps (record.address-added), a web host
unproxied as a whole (proxy.origin-exposed) and a DNS-only record at a proxied host's origin
(proxy.origin-published).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from launchready.core.dnsname import relative
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.diff.added_dangers import TARGET_TYPES, kind, origins, publishes_origin, unproxied_hosts
from launchready.diff.elide import describe, few
from launchready.diff.model import APPROVAL, Danger, PlanDiff, RecordChange

HOST_WHY = ("every visitor of that name reaches the new target at once, and whoever runs it serves them the site, "
            "sign-ins and session cookies included; if it is not meant, put the old value back in the stack file; "
            + APPROVAL)
EXPOSED_WHY = ("Cloudflare hides a proxied record's target; DNS-only, it answers that origin to everyone, so attacks "
               "reach it directly, around Cloudflare's WAF, cache and DDoS protection; set proxied: true again, or "
               + APPROVAL)

Moves = dict[tuple[str, str], tuple[list[PlannedRecord], list[PlannedRecord]]]


def target_moves(diff: PlanDiff, zone: str) -> Moves:
    """(name, "addresses" or "CNAME") → (targets that left, targets that came), below the apex."""
    moves: Moves = defaultdict(lambda: ([], []))
    for change in diff.records:
        if change.type not in TARGET_TYPES or change.name == zone:
            continue
        if change.action == "changed" and "content" not in change.fields:
            continue  # a TTL or proxy change keeps what answers
        left, came = moves[(change.name, kind(change.type))]
        left.extend([change.old] if change.old else [])
        came.extend([change.new] if change.new else [])
    return moves


def keeps_one(base: DomainPlan, head: DomainPlan, name: str, target_kind: str) -> bool:
    """Whether the name still answers one of its old targets of that kind (record.address-added's case)."""
    still_there = {record.identity for record in head.records}
    return any(r.identity in still_there for r in base.records
               if r.name == name and r.type in TARGET_TYPES and kind(r.type) == target_kind)


def served_names(base: DomainPlan, head: DomainPlan) -> frozenset[str]:
    return frozenset(host.fqdn for host in (*base.web_hosts, *head.web_hosts))


def moved_danger(name: str, left: list[PlannedRecord], came: list[PlannedRecord], zone: str) -> Danger:
    shown = relative(name, zone)
    types = "/".join(sorted({record.type for record in (*left, *came)}))
    old, new = sorted(r.content for r in left), sorted(r.content for r in came)
    return Danger(rule="record.host", subject=f"{shown} {types}", why=HOST_WHY,
                  change=f"{shown} {types} moves from {few(old)} to {few(new)}")


def host_moved_dangers(diff: PlanDiff, base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """A web host's or proxied record's every address (or its CNAME target) replaced by another."""
    served = served_names(base, head)
    for (name, target_kind), (left, came) in sorted(target_moves(diff, head.zone).items()):
        if not left or not came or keeps_one(base, head, name, target_kind):
            continue
        if name in served or any(record.proxied for record in (*left, *came)):
            yield moved_danger(name, left, came, head.zone)


def unproxied(change: RecordChange) -> bool:
    old, new = change.old, change.new
    return old is not None and new is not None and old.proxied and not new.proxied and new.type in TARGET_TYPES


def record_exposed_dangers(diff: PlanDiff, base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """A proxied record (not a web host unproxied as a whole, not a proxied host's origin) turned DNS-only."""
    hosts_unproxied, hidden = unproxied_hosts(base, head), origins(head)
    for change in diff.records:
        if unproxied(change) and change.name not in hosts_unproxied and not publishes_origin(change, hidden):
            shown = describe(change.record, head.zone)
            yield Danger(rule="proxy.origin-exposed", subject=shown, why=EXPOSED_WHY,
                         change=f"{shown} is no longer proxied: its DNS answers now show that origin")


def host_dangers(diff: PlanDiff, base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    yield from host_moved_dangers(diff, base, head)
    yield from record_exposed_dangers(diff, base, head)
