"""Line up what exists in a zone with what the plan will create.

An existing record is, in this order:
- ignored: the SOA and the apex NS, which Cloudflare manages itself;
- adopted: it matches a planned record exactly (Cloudflare would refuse the create with 81057/81058),
  or it is the only record of a (name, type) where the plan also has exactly one (the apex A, a
  CNAME): imported into that resource, the first `pulumi up` updates it in place. A TXT is matched
  only to a planned TXT of its kind (launchready.adopt.overwrites.mail_kind): an SPF record to the
  SPF record, DMARC to DMARC, a DKIM key to the key of its selector, when each side holds one; any
  other text only to the same text, so a verification token never becomes the SPF record. An
  adopted SPF, DKIM, DMARC, MX, CAA or NS record, or an address or alias, whose content changes is a
  dangerous change (`overwrite`, launchready.adopt.overwrites);
- a conflict: an A/AAAA where the plan has a CNAME or the reverse (81053 "An A, AAAA, or CNAME
  record with that host already exists"), which no import can fix; or an SPF, DMARC or DKIM TXT that
  would answer beside the planned one of its kind (two SPF records are a permanent error for every
  message, RFC 7208 §3.2, §4.5), which no import can fix either;
- superseded: an A/AAAA/MX/CAA/NS where the plan declares other records of that name and type, or an
  A/AAAA where it declares only addresses of the other family (an AAAA beside planned A records): nothing
  fails, but it keeps answering beside the planned set. An MX splits the mail between old and new
  hosts, an address the traffic between origins, a nameserver a delegation's answers: a dangerous change
  (record.mx-split, record.address-split, record.ns-split; an address of the other family is
  record.address-family-split: the visitors of its family reach the old server) to delete before the
  first up or declare;
  a CAA keeps allowing its CA while it stays, so the report says to list that CA in `caa.issuers` if
  anything still uses it, and to delete the record only once nothing does (launchready.adopt.caa);
- undeclared: anything else. It stays untouched in the zone; the report prints a spec snippet so it
  can be declared (nothing is silently dropped or deleted).
Entry-point rulesets (`kind: zone`) of a phase the plan uses are adopted too (error 20217 otherwise).
"""

from __future__ import annotations

import re
from collections import Counter

from launchready.adopt.caa import caa_review, superseded_caa_reason
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
from launchready.adopt.overwrites import (
    FAMILY,
    FAMILY_SPLIT,
    SPLITS,
    family_split,
    mail_kind,
    other_family,
    record_overwrite,
    split_set,
)
from launchready.adopt.proxy_flip import proxy_flip, with_flip
from launchready.adopt.rules import phase_used, rule_matches
from launchready.adopt.settings import setting_matches, zone_notes
from launchready.adopt.snippet import KEPT_FATES, declarable, snippet_entry
from launchready.adopt.snippet_plan import plan_refusals
from launchready.core.dnsname import relative
from launchready.core.naming import record_name, ruleset_name, zone_name
from launchready.core.plan.adopted import label_of, planned_content
from launchready.core.plan.comments import COMMENT_LIMITS, own_note
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.spec.kept import KEPT_PHASES, record_label
from launchready.core.spec.models import DomainSpec
from launchready.diff.dangerous import Record

ADDRESS_OR_ALIAS = frozenset({"A", "AAAA", "CNAME"})
RECORDS_SOURCE = re.compile(r"^records\[(\d+)\]")


def cloudflare_managed(record: ExistingRecord, zone: str) -> bool:
    return record.type == "SOA" or (record.type == "NS" and record.name == zone)


def planned_identity(record: PlannedRecord) -> tuple[str, str, str]:
    return (record.name, record.type, comparable(record.type, planned_content(record)))


def updates(existing: ExistingRecord, planned: PlannedRecord) -> tuple[str, ...]:
    """What the first up changes on an adopted record; `comment` when its own note (launchready's marker
    aside) is not the planned record's `comment`, which the first up would write over."""
    pairs = (("content", existing.identity[2], planned_identity(planned)[2]),
             ("priority", existing.priority, planned.priority), ("ttl", existing.ttl, planned.ttl),
             ("proxied", existing.proxied, planned.proxied), ("comment", own_note(existing.comment), planned.note))
    return tuple(name for name, old, new in pairs if old != new)


SET_TYPES = frozenset({"A", "AAAA", "MX", "CAA", "NS"})


def superseded_reason(record: ExistingRecord, plan: DomainPlan) -> str | None:
    planned = [r for r in plan.records if (r.name, r.type) == (record.name, record.type)]
    if record.type in SPLITS and planned:
        return (f"the plan declares other {record.type} records at {record.name}; this one would keep answering "
                f"beside them: delete it in Cloudflare before the first up, or declare it ({SPLITS[record.type][0]})")
    if record.type == "CAA" and planned and (advice := superseded_caa_reason(record)):
        return advice
    if record.type in SET_TYPES and planned:
        return (f"the plan declares other {record.type} records at {record.name}; this one would keep answering "
                "beside them: delete it in Cloudflare once the stack is live, or declare it")
    if beside := other_family(plan, record):
        return (f"the plan declares only {beside[0].type} records at {record.name}; this {record.type} would keep "
                f"answering for {FAMILY[record.type]} visitors: delete it in Cloudflare before the first up, or "
                f"declare it ({FAMILY_SPLIT})")
    return None


KindKey = tuple[str, str, str | None]


def kind_key(record: Record, zone: str) -> KindKey:
    """(name, type, kind): a TXT's kind is spf, dkim or dmarc (None for other text); other types have none."""
    return (record.name, record.type, mail_kind(record, zone) if record.type == "TXT" else None)


KIND_CONFLICTS = {
    "spf": ("SPF", "more than one SPF record at a name is a permanent error, so every message fails SPF "
            "(RFC 7208 §3.2, §4.5)", "merge the terms its senders still need into the spec's SPF (email.send: "
            "a `custom` sender takes `includes`, `ip4`, `ip6` and `mechanisms`)"),
    "dmarc": ("DMARC", "with more than one DMARC record receivers apply no DMARC policy at all (RFC 7489 "
              "§6.6.3)", "set email.dmarc to the policy the zone should publish"),
    "dkim": ("DKIM", "a selector's key record must be unique, and with more than one the result of verifying is "
             "undefined (RFC 6376 §3.6.2.2)", "put the key your sender signs with in the spec"),
}


def kind_conflict_reason(record: ExistingRecord, kind: str, held: int) -> str:
    """Why an SPF, DMARC or DKIM TXT beside the planned one fails, and the one safe way out."""
    label, why, merge = KIND_CONFLICTS[kind]
    return (f"the zone holds {held} {label} records at {record.name} and the plan declares its own; after the "
            f"first up they would answer side by side, and {why}. Fix: {merge}; then delete the other {label} "
            f"records at {record.name} in the dashboard until one is left (more than one is already broken "
            "today), and run adopt again: the one left is imported into the planned record and the first up "
            "replaces it in place (a change adopt then asks you to keep or declare in adopted.overwrites)")


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
        self.planned_sets = Counter(kind_key(r, plan.zone) for r in plan.records)
        self.existing_sets = Counter(kind_key(r, plan.zone) for r in existing.records)
        self.taken: set[str] = set()
        self.rulesets = existing.rulesets

    def exact(self, record: ExistingRecord) -> PlannedRecord | None:
        planned = self.by_identity.get(record.identity)
        return planned if planned and planned.key not in self.taken else None

    def singleton(self, record: ExistingRecord) -> PlannedRecord | None:
        """The planned record of the same (name, type), each side holding one; for a TXT, of the same kind
        (other text has no kind and is matched by `exact` alone)."""
        key = kind_key(record, self.plan.zone)
        if (record.type == "TXT" and key[2] is None) or self.planned_sets[key] != 1 or self.existing_sets[key] != 1:
            return None
        planned = next(r for r in self.plan.records if kind_key(r, self.plan.zone) == key)
        return planned if planned.key not in self.taken else None

    def clashing(self, record: ExistingRecord) -> PlannedRecord | None:
        if record.type not in ADDRESS_OR_ALIAS:
            return None
        for planned in self.plan.records:
            if planned.name == record.name and planned.type in ADDRESS_OR_ALIAS and planned.type != record.type \
                    and "CNAME" in (planned.type, record.type):
                return planned
        return None

    def same_kind(self, record: ExistingRecord) -> Conflict | None:
        """An SPF, DMARC or DKIM TXT that would answer beside the planned one of its kind."""
        key = kind_key(record, self.plan.zone)
        if record.type != "TXT" or key[2] is None or not self.planned_sets[key]:
            return None
        planned = next(r for r in self.plan.records if kind_key(r, self.plan.zone) == key)
        return Conflict(existing=record, planned=planned,
                        reason=kind_conflict_reason(record, key[2], self.existing_sets[key]))

    def conflict(self, record: ExistingRecord) -> Conflict | None:
        clash = self.clashing(record)
        if clash:
            return Conflict(existing=record, planned=clash, reason=conflict_reason(record, clash))
        return self.same_kind(record)

    def adopt(self, record: ExistingRecord, planned: PlannedRecord) -> RecordMatch:
        self.taken.add(planned.key)
        changed = updates(record, planned)
        return RecordMatch(existing=record, planned=planned, resource=record_name(planned), updates=changed,
                           overwrite=with_flip(record_overwrite(self.plan, record, planned, changed),
                                               proxy_flip(self.plan, self.rulesets, record, planned, changed)))

    def superseded(self, record: ExistingRecord) -> Conflict | None:
        reason = superseded_reason(record, self.plan)
        if reason is None:
            return None
        same = [r for r in self.plan.records if (r.name, r.type) == (record.name, record.type)]
        planned = (same or other_family(self.plan, record))[0]
        entry = snippet_entry(record, self.plan.zone)
        split = split_set(self.plan, record, entry) or family_split(self.plan, record, entry)
        return Conflict(existing=record, planned=planned, reason=reason, overwrite=split)


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


class Groups:
    """The records of a zone, each in the one group the module docstring gives it."""

    def __init__(self) -> None:
        self.adopted: list[RecordMatch] = []
        self.conflicts: list[Conflict] = []
        self.superseded: list[Conflict] = []
        self.undeclared: list[ExistingRecord] = []
        self.ignored: list[ExistingRecord] = []

    def place(self, matcher: Matcher, record: ExistingRecord) -> None:
        if cloudflare_managed(record, matcher.plan.zone):
            self.ignored.append(record)
        elif planned := matcher.exact(record) or matcher.singleton(record):
            self.adopted.append(matcher.adopt(record, planned))
        elif conflict := matcher.conflict(record):
            self.conflicts.append(conflict)
        elif superseded := matcher.superseded(record):
            self.superseded.append(superseded)
        else:
            self.undeclared.append(record)


def match(plan: DomainPlan, existing: ExistingZone, spec: DomainSpec | None = None) -> Adoption:
    """Classify every existing record and ruleset against the plan (see the module docstring); with the
    stack's `spec`, the snippet leaves out what `plan` would refuse beside it (launchready.adopt.snippet_plan)."""
    matcher, groups, limit = Matcher(plan, existing), Groups(), COMMENT_LIMITS.get(plan.cloudflare_plan, 100)
    for record in existing.records:
        groups.place(matcher, record)
    refused = plan_refusals(spec, plan.stack, plan.zone, groups.undeclared, limit) if spec else ()
    offered = [r for r in groups.undeclared if r not in {x.record for x in refused}]
    rulesets, others = ruleset_matches(plan, existing)
    rules = rule_matches(plan, existing)
    zone_resource = zone_name() if plan.zone_mode == "create" and existing.zone_id else None
    adoption = Adoption(zone=existing, records=tuple(groups.adopted), rulesets=tuple(rulesets),
                    conflicts=tuple(groups.conflicts), undeclared=tuple(groups.undeclared),
                    superseded=tuple(groups.superseded), ignored=tuple(groups.ignored), other_rulesets=tuple(others),
                    zone_resource=zone_resource, rules=rules, adopted_rules=missing_rules(plan, rules),
                    adopted=missing_adopted(plan, groups.adopted, offered), comment_limit=limit, refused=refused,
                    records_declared=records_declared(plan), settings=setting_matches(plan, existing.state),
                    zone_notes=zone_notes(plan, existing))
    return adoption.model_copy(update={"caa": caa_review(plan, adoption)})


def records_declared(plan: DomainPlan) -> int:
    """How many `records:` entries the spec has, read from the sources of the records it planned."""
    indexes = [int(found[1]) for r in plan.records if (found := RECORDS_SOURCE.match(r.source))]
    return max(indexes, default=-1) + 1


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
               if declarable(r, plan.zone)]
    return tuple(dict.fromkeys(label for label in labels if label not in listed))


def plan_labels(plan: DomainPlan) -> list[str]:
    keys = set(plan.adopted_records)
    return [label_of(r, plan.zone) for r in plan.records if r.key in keys]
