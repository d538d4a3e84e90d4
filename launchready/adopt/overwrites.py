"""Which changes the first `pulumi up` makes to what a zone held are dangerous, and whether the spec
declares them in `adopted.overwrites` (docs/diff-and-adopt.md, "Dangerous changes to what the zone holds").

A record is judged by `launchready diff`'s own rules (launchready.diff.dangerous): adopting an SPF,
DKIM or DMARC record and giving it other content is the change `diff` flags as record.spf, record.dkim
or record.dmarc (mail from senders the old SPF listed fails, a DMARC policy is weakened, a selector
stops verifying). Other adopted records (the apex A, a host's CNAME) are what adoption is for: the
report says what their first up changes, and that is all. TXT records are matched by the same kinds
(launchready.adopt.match), so an unrelated text never takes the place of an SPF or DMARC record.
"""

from __future__ import annotations

from launchready.adopt.model import ExistingRecord, Overwrite
from launchready.core.dnsname import relative
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.spec.kept import record_label
from launchready.diff.dangerous import Record, record_danger, record_kind
from launchready.diff.model import RecordChange

MAIL_KINDS = frozenset({"spf", "dkim", "dmarc"})
"""The record kinds of launchready.diff.dangerous whose content change adopt refuses unless declared."""


def mail_kind(record: Record, zone: str) -> str | None:
    """`spf`, `dkim` or `dmarc` by diff's classifier (an SPF is a TXT starting `v=spf1`, DKIM lives at
    `<selector>._domainkey`, DMARC at `_dmarc`); None for any other record."""
    kind = record_kind(record, zone)
    return kind if kind in MAIL_KINDS else None


def existing_label(record: ExistingRecord, zone: str) -> str:
    """`_dmarc TXT v=DMARC1; p=reject`: the record as the report prints it and `adopted.overwrites` lists it."""
    return record_label(relative(record.name, zone), record.type, record.priority, record.content)


def declares(plan: DomainPlan, entry: str) -> bool:
    """Whether `adopted.overwrites` lists `entry` (runs of spaces count as one, as in `adopted.records`)."""
    return " ".join(entry.split()) in {" ".join(line.split()) for line in plan.adopted_overwrites}


def overwrite(plan: DomainPlan, rule: str, change: str, why: str, entry: str) -> Overwrite:
    return Overwrite(rule=rule, change=change, why=why, entry=entry, declared=declares(plan, entry))


def as_planned(record: ExistingRecord) -> PlannedRecord:
    """The existing record in the plan's form, so diff's rules judge it as they judge a base revision."""
    return PlannedRecord(name=record.name, type=record.type, content=record.content, ttl=record.ttl,
                         proxied=record.proxied, priority=record.priority, key="existing", source="the zone")


def record_overwrite(plan: DomainPlan, existing: ExistingRecord, planned: PlannedRecord,
                     updates: tuple[str, ...]) -> Overwrite | None:
    """The danger of giving an adopted SPF, DKIM or DMARC record the planned content; None otherwise."""
    if "content" not in updates:
        return None
    change = RecordChange(action="changed", name=planned.name, type=planned.type, old=as_planned(existing),
                          new=planned, fields=updates)
    danger = record_danger(change, plan.zone)
    if danger is None or danger.rule.removeprefix("record.") not in MAIL_KINDS:
        return None
    return overwrite(plan, danger.rule, danger.change, danger.why, existing_label(existing, plan.zone))
