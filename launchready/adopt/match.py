"""Line up what exists in a zone with what the plan will create.

An existing record is, in this order:
- ignored: the SOA and the apex NS, which Cloudflare manages itself;
- adopted: it matches a planned record exactly (Cloudflare would refuse the create with 81057/81058),
  or it is the only record of a (name, type) where the plan also has exactly one (the apex A, a
  CNAME): imported into that resource, the first `pulumi up` updates it in place;
- a conflict: an A/AAAA where the plan has a CNAME or the reverse (81053 "An A, AAAA, or CNAME
  record with that host already exists"), which no import can fix;
- superseded: an A/AAAA/MX/CAA where the plan declares other records of that name and type, or a
  second SPF record where the plan declares one: nothing fails, but it keeps answering beside the
  planned set (mail split between old and new MX; two SPF records are a permanent error, RFC 7208
  §4.5), so the report says to delete it once the stack is live;
- undeclared: anything else. It stays untouched in the zone; the report prints a spec snippet so it
  can be declared (nothing is silently dropped or deleted).
Entry-point rulesets (`kind: zone`) of a phase the plan uses are adopted too (error 20217 otherwise).
"""

from __future__ import annotations

from collections import Counter

from launchready.adopt.model import (
    Adoption,
    Conflict,
    ExistingRecord,
    ExistingRuleset,
    ExistingZone,
    RecordMatch,
    RuleMatch,
    RulesetMatch,
    comparable,
)
from launchready.adopt.rules import phase_used, rule_matches
from launchready.adopt.snippet import KEPT_FATES, declarable
from launchready.core.dnsname import relative
from launchready.core.naming import record_name, ruleset_name, zone_name
from launchready.core.plan.adopted import label_of, planned_content
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.spec.kept import KEPT_PHASES, record_label

ADDRESS_OR_ALIAS = frozenset({"A", "AAAA", "CNAME"})


def cloudflare_managed(record: ExistingRecord, zone: str) -> bool:
    return record.type == "SOA" or (record.type == "NS" and record.name == zone)


def planned_identity(record: PlannedRecord) -> tuple[str, str, str]:
    return (record.name, record.type, comparable(record.type, planned_content(record)))


def updates(existing: ExistingRecord, planned: PlannedRecord) -> tuple[str, ...]:
    pairs = (("content", existing.identity[2], planned_identity(planned)[2]),
             ("priority", existing.priority, planned.priority), ("ttl", existing.ttl, planned.ttl),
             ("proxied", existing.proxied, planned.proxied))
    return tuple(name for name, old, new in pairs if old != new)


SET_TYPES = frozenset({"A", "AAAA", "MX", "CAA"})


def spf(content: str) -> bool:
    return content.lower().startswith("v=spf1")


def superseded_reason(record: ExistingRecord, plan: DomainPlan) -> str | None:
    planned = [r for r in plan.records if (r.name, r.type) == (record.name, record.type)]
    if record.type in SET_TYPES and planned:
        return (f"the plan declares other {record.type} records at {record.name}; this one would keep answering "
                "beside them: delete it in Cloudflare once the stack is live, or declare it")
    if record.type == "TXT" and spf(record.content) and any(spf(r.content) for r in planned):
        return ("the plan declares its own SPF record here; two SPF records make SPF fail for every message "
                "(RFC 7208 §4.5): delete this one once the stack is live")
    return None


def conflict_reason(existing: ExistingRecord, planned: PlannedRecord) -> str:
    article = "an" if planned.type[0] in "AE" else "a"
    return (f"the plan puts {article} {planned.type} at {planned.name}, and Cloudflare refuses it beside the existing "
            f"{existing.type} (error 81053); delete the {existing.type} in the dashboard, or change the spec "
            "to keep it")


class Matcher:
    """One pass over the existing records; each planned record is adopted at most once."""

    def __init__(self, plan: DomainPlan, existing: ExistingZone) -> None:
        self.plan = plan
        self.by_identity = {planned_identity(r): r for r in plan.records}
        self.planned_sets = Counter((r.name, r.type) for r in plan.records)
        self.existing_sets = Counter((r.name, r.type) for r in existing.records)
        self.taken: set[str] = set()

    def exact(self, record: ExistingRecord) -> PlannedRecord | None:
        planned = self.by_identity.get(record.identity)
        return planned if planned and planned.key not in self.taken else None

    def singleton(self, record: ExistingRecord) -> PlannedRecord | None:
        key = (record.name, record.type)
        if self.planned_sets[key] != 1 or self.existing_sets[key] != 1:
            return None
        planned = next(r for r in self.plan.records if (r.name, r.type) == key)
        return planned if planned.key not in self.taken else None

    def clashing(self, record: ExistingRecord) -> PlannedRecord | None:
        if record.type not in ADDRESS_OR_ALIAS:
            return None
        for planned in self.plan.records:
            if planned.name == record.name and planned.type in ADDRESS_OR_ALIAS and planned.type != record.type \
                    and "CNAME" in (planned.type, record.type):
                return planned
        return None

    def adopt(self, record: ExistingRecord, planned: PlannedRecord) -> RecordMatch:
        self.taken.add(planned.key)
        return RecordMatch(existing=record, planned=planned, resource=record_name(planned),
                           updates=updates(record, planned))


def ruleset_matches(plan: DomainPlan, existing: ExistingZone) -> tuple[list[RulesetMatch], list[ExistingRuleset]]:
    """Entry points of the phases the plan fills; other entry points are left alone and listed."""
    matches: list[RulesetMatch] = []
    others: list[ExistingRuleset] = []
    for ruleset in existing.rulesets:
        if ruleset.kind != "zone":
            continue
        if ruleset.phase in KEPT_PHASES and phase_used(plan, ruleset.phase):
            matches.append(RulesetMatch(existing=ruleset, resource=ruleset_name(ruleset.phase)))
        else:
            others.append(ruleset)
    return matches, others


def match(plan: DomainPlan, existing: ExistingZone) -> Adoption:
    """Classify every existing record and ruleset against the plan (see the module docstring)."""
    matcher = Matcher(plan, existing)
    adopted, conflicts, superseded, undeclared, ignored = [], [], [], [], []
    for record in existing.records:
        if cloudflare_managed(record, plan.zone):
            ignored.append(record)
            continue
        planned = matcher.exact(record) or matcher.singleton(record)
        clash = None if planned else matcher.clashing(record)
        if planned:
            adopted.append(matcher.adopt(record, planned))
        elif clash:
            conflicts.append(Conflict(existing=record, planned=clash, reason=conflict_reason(record, clash)))
        elif reason := superseded_reason(record, plan):
            superseded.append(Conflict(existing=record, planned=next(r for r in plan.records if (r.name, r.type) ==
                                                                     (record.name, record.type)), reason=reason))
        else:
            undeclared.append(record)
    rulesets, others = ruleset_matches(plan, existing)
    rules = rule_matches(plan, existing)
    zone_resource = zone_name() if plan.zone_mode == "create" and existing.zone_id else None
    return Adoption(zone=existing, records=tuple(adopted), rulesets=tuple(rulesets), conflicts=tuple(conflicts),
                    undeclared=tuple(undeclared), superseded=tuple(superseded), ignored=tuple(ignored),
                    other_rulesets=tuple(others), zone_resource=zone_resource, rules=rules,
                    adopted=missing_adopted(plan, adopted, undeclared), adopted_rules=missing_rules(plan, rules))


def missing_rules(plan: DomainPlan, rules: tuple[RuleMatch, ...]) -> tuple[str, ...]:
    refs = [m.existing.ref for m in rules if m.fate in KEPT_FATES]
    refs += [m.planned_ref for m in rules if m.fate == "produced" and m.planned_ref]
    return tuple(ref for ref in dict.fromkeys(refs) if ref not in plan.adopted_rules)


def missing_adopted(plan: DomainPlan, adopted: list[RecordMatch], undeclared: list[ExistingRecord]) -> tuple[str, ...]:
    """`adopted.records` entries for the imported records and the declarable undeclared ones (which
    the snippet adds), less those the spec already lists."""
    listed = {" ".join(label.split()) for label in plan_labels(plan)}
    labels = [label_of(m.planned, plan.zone) for m in adopted]
    labels += [record_label(relative(r.name, plan.zone), r.type, r.priority, r.content) for r in undeclared
               if declarable(r)]
    return tuple(dict.fromkeys(label for label in labels if label not in listed))


def plan_labels(plan: DomainPlan) -> list[str]:
    keys = set(plan.adopted_records)
    return [label_of(r, plan.zone) for r in plan.records if r.key in keys]
