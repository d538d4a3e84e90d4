"""The Cloudflare comment of each planned record: the spec's own `records[].comment` when it has one,
always with a marker that launchready manages the record and which key it came from.

Cloudflare allows one comment per record, of at most 100 characters on Free zones and 500 on Pro,
Business and Enterprise, without newline or carriage return (Cloudflare docs, "Record attributes" and
its plan table "DNS record comments", read 2026-11-30). A comment that would not fit is refused on the
plan (exit 2) rather than cut: a cut comment would be updated in place on every `pulumi up`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from launchready.core.errors import Problem
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.spec.models import DomainSpec

COMMENT_LIMITS = {"free": 100, "pro": 500, "business": 500, "enterprise": 500}
MARKED = re.compile(r"^(?:(?P<note>.*\S) \(managed by launchready, [^()]*\)|managed by launchready \([^()]*\))$", re.S)
"""A comment launchready wrote: the marker alone, or a note followed by the marker (cloudflare_comment)."""


def cloudflare_comment(record: PlannedRecord) -> str:
    """`<note> (managed by launchready, records[0])`, or the marker alone for a record without a note."""
    return marked(record.note, record.source)


def marked(note: str | None, source: str) -> str:
    """The comment launchready sends for a record planned from `source` with `note`."""
    return f"{note} (managed by launchready, {source})" if note else f"managed by launchready ({source})"


def own_note(comment: str | None) -> str | None:
    """The note of a Cloudflare comment without launchready's marker: None for no comment or the marker alone."""
    if not comment or not comment.strip():
        return None
    found = MARKED.match(comment.strip())
    return (found["note"] or None) if found else comment.strip()


def with_notes(records: tuple[PlannedRecord, ...], spec: DomainSpec) -> tuple[PlannedRecord, ...]:
    """Each record planned from `records[i]` carries that entry's comment."""
    notes = {f"records[{i}]": record.comment.strip() for i, record in enumerate(spec.records) if record.comment}
    return tuple(record.model_copy(update={"note": notes[record.source]}) if record.source in notes else record
                 for record in records)


def comment_problems(plan: DomainPlan, spec: DomainSpec) -> Iterator[Problem]:
    limit = COMMENT_LIMITS[spec.plan]
    for record in plan.records:
        if not record.note:
            continue
        comment = cloudflare_comment(record)
        if "\n" in record.note or "\r" in record.note:
            yield Problem(f"{record.source}.comment", "holds a line break, which a Cloudflare record comment "
                          "cannot; write it on one line")
        elif len(comment) > limit:
            room = limit - len(comment) + len(record.note)
            yield Problem(f"{record.source}.comment", f"is {len(record.note)} characters; with launchready's marker "
                          f'"(managed by launchready, {record.source})" it is over Cloudflare\'s {limit}-character '
                          f"comment limit on the {spec.plan} plan; shorten it to {room} characters")
