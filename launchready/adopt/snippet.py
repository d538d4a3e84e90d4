"""The spec snippet adopt prints: records the spec does not declare, rules it would drop (for
`rules.keep`), and the `adopted` entries that protect what was there before launchready.

Every entry is in YAML flow style with JSON-quoted values (YAML reads them as double-quoted strings),
indented to paste under `launchready:domain:`; each list goes into the list of the same key if the
stack already has one. Applying it and running adopt again prints no snippet: nothing is left to add.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from launchready.adopt.model import Adoption, ExistingRecord, RuleMatch
from launchready.adopt.overwrites import mail_kind
from launchready.core.dnsname import name_problem, relative
from launchready.core.errors import Problem, SpecError
from launchready.core.plan.comments import COMMENT_LIMITS, marked, own_note
from launchready.core.plan.records import DEFAULT_RECORD_TTL
from launchready.core.private_keys import is_private_key
from launchready.core.redact import credential_shaped, is_email, secret_like
from launchready.core.spec.kept import KEPT_PHASES

SNIPPET_TYPES = frozenset({"A", "AAAA", "CNAME", "MX", "TXT", "CAA", "SRV", "NS"})
"""Record types the spec's `records:` list accepts (launchready.core.spec.models.RecordType)."""
MAX_COMMENT = max(COMMENT_LIMITS.values())
"""No Cloudflare comment is longer (500 characters on paid plans); a longer one did not come from Cloudflare."""
KEPT_FATES = frozenset({"deleted", "untouched"})
"""Rules offered for `rules.keep`: those the plan would drop, and those in phases it leaves alone
(kept, they come under launchready with the rest of the zone)."""


def declarable(record: ExistingRecord, zone: str) -> bool:
    """Whether the spec's `records:` list can hold it: a wildcard owner (`*`), a type such as LOC or
    HTTPS, or a record the spec would refuse (TTL 0, an empty TXT, a null SRV target, a CAA tag other
    than issue/issuewild/iodef, non-UTF-8 text, a DKIM key verifiers cannot use, a proxied DKIM CNAME)
    stays out of the snippet and is listed apart with why (left_out_reason), so the snippet always plans."""
    return undeclarable_reason(record, zone) is None


@lru_cache(maxsize=8192)
def undeclarable_reason(record: ExistingRecord, zone: str) -> str | None:
    """Why the spec's `records:` list cannot hold the record, or None when it can; remembered, since the
    match, the snippet and each report ask for every record (a paid zone holds up to 3,500)."""
    if record.type not in SNIPPET_TYPES:
        return f"the spec's records: list has no {record.type} type"
    if record.name.split(".")[0] == "*":
        return "the spec's records: list cannot hold a wildcard name"
    if problem := name_problem(record.name):
        return f"its name {problem}"
    return snippet_problem(record, zone)


def snippet_problem(record: ExistingRecord, zone: str) -> str | None:
    """Why `plan` would refuse this record as a `records:` entry: the entry is judged by the spec's own models
    and rules (launchready.core.spec: a record's fields, a DKIM key record's key, a DKIM name DNS-only), in a
    spec that holds it alone."""
    fields = dict(snippet_fields(record, relative(record.name, zone)))
    if "\\x" in str(fields.get("value", fields.get("content", ""))):
        return "its text is not UTF-8"
    found = [p for p in spec_refusals(fields, zone) if p.path == "records[0]" or p.path.startswith("records[0].")]
    if not found:
        return None
    field = found[0].path.removeprefix("records[0]").lstrip(".")
    return f"the spec refuses it ({field + ': ' if field else ''}{found[0].message})"


def spec_refusals(fields: dict[str, Any], zone: str) -> list[Problem]:
    """Every problem the spec's models and rules find in a spec of `zone` whose one record is `fields`."""
    from launchready.core.spec.loading import typed_spec
    from launchready.core.spec.rules import spec_problems

    try:
        return spec_problems(typed_spec({"zone": zone, "records": [fields]}))
    except SpecError as error:
        return list(error.problems)


DKIM_FIX = ("as it is, verifiers cannot use it, so mail signed with this selector fails DKIM: fix it in the "
            "dashboard (a sender shows the key it signs with now) and run adopt again for its entry, or delete it "
            "if no sender signs with this selector any more; until then it stays as it is in Cloudflare")


PRIVATE_FIX = ("it publishes the PRIVATE half of a key for anyone to read, so anyone can sign mail as the domain: "
               "make a new key pair at the sender, publish its public key, then delete it in the dashboard; "
               "until then it stays as it is in Cloudflare")


def left_out_reason(record: ExistingRecord, zone: str) -> str:
    """Why an undeclared record is not in the snippet, and what to do about it."""
    if is_private_key(record.content):
        return PRIVATE_FIX
    why = undeclarable_reason(record, zone) or "the spec cannot declare it"
    return f"{why}; {DKIM_FIX}" if mail_kind(record, zone) == "dkim" else f"{why}; it stays as it is in Cloudflare"


def omitted(adoption: Adoption) -> list[tuple[ExistingRecord, str]]:
    """Each undeclared record the snippet leaves out, in zone order, with why and what to do: those the spec
    cannot declare, and those `plan` refuses beside the rest (launchready.adopt.snippet_plan)."""
    zone, refused = adoption.zone.zone, {refusal.record: refusal.reason for refusal in adoption.refused}
    return [(r, left_out_reason(r, zone) if r not in refused else refused[r]) for r in adoption.undeclared
            if r in refused or not declarable(r, zone)]


def snippet_fields(record: ExistingRecord, name: str) -> list[tuple[str, Any]]:
    fields: list[tuple[str, Any]] = [("name", name), ("type", record.type)]
    if record.type == "CAA":
        flags, tag, value = record.content.split(" ", 2)
        fields += [("tag", tag), ("value", value.strip('"'))] + ([("flags", int(flags))] if flags != "0" else [])
    else:
        fields.append(("content", record.content))
    if record.priority is not None:
        fields.append(("priority", record.priority))
    if record.proxied:
        fields.append(("proxied", True))
    elif record.ttl != DEFAULT_RECORD_TTL:  # ttl: 1 keeps Cloudflare's automatic TTL (300 s when DNS only)
        fields.append(("ttl", record.ttl))
    return fields


def snippet_entry(record: ExistingRecord, zone: str, comment: str | None = None, left_out: str = "") -> str:
    """One `records:` entry in flow style; values JSON-quoted, which YAML reads as double-quoted strings.
    `comment` is the record's comment to copy; `left_out` why it was not, as a YAML comment after the entry."""
    fields = snippet_fields(record, relative(record.name, zone)) + ([("comment", comment)] if comment else [])
    entry = "- {" + ", ".join(f"{key}: {json.dumps(value)}" for key, value in fields) + "}"
    return f"{entry}  # {left_out}" if left_out else entry


def shown_comment(record: ExistingRecord) -> str | None:
    """The record's own comment (launchready's marker taken off) when a report may show it: one printable
    line, no longer than Cloudflare allows, that cannot be a credential (launchready.core.redact: no
    token's shape, no `user:password@host`; an e-mail address is fine)."""
    note = own_note(record.comment)
    if note is None or not note.isprintable() or len(note) > MAX_COMMENT or credential_shaped(note):
        return None
    return None if any(secret_like(word) and not is_email(word.strip(".,;:()<>")) for word in note.split()) else note


def left_out(note: str) -> str:
    """Why a comment shown_comment refuses is not copied, by its size only."""
    if not note.isprintable():
        return "holds a line break or a control character"
    return f"is over Cloudflare's {MAX_COMMENT} characters" if len(note) > MAX_COMMENT else "could be a credential"


def copied_comment(record: ExistingRecord, source: str, limit: int) -> tuple[str | None, str]:
    """(the comment the `records:` entry at `source` carries, why the record's comment is left out). It
    must fit Cloudflare's `limit` with launchready's marker, or the snippet would not plan."""
    note = own_note(record.comment)
    if note is None:
        return None, ""
    size = f"{len(note)} characters"
    if shown_comment(record) is None:
        return None, f"its Cloudflare comment ({size}) {left_out(note)}, so it is not copied"
    room = limit - len(marked("x", source)) + 1
    if len(note) > room:
        return None, (f"its Cloudflare comment ({size}) is not copied: with launchready's marker it would be over "
                      f"Cloudflare's {limit}-character limit; add a comment of at most {room} characters")
    return note, ""


def snippet_entries(adoption: Adoption) -> list[str]:
    """The `records:` entries of the records the spec can declare, each with its comment copied."""
    entries: list[str] = []
    refused = {refusal.record for refusal in adoption.refused}
    for record in [r for r in adoption.undeclared if declarable(r, adoption.zone.zone) and r not in refused]:
        source = f"records[{adoption.records_declared + len(entries)}]"
        entries.append(snippet_entry(record, adoption.zone.zone, *copied_comment(record, source,
                                                                                 adoption.comment_limit)))
    return entries


def kept(adoption: Adoption) -> list[RuleMatch]:
    return [m for m in adoption.rules if m.fate in KEPT_FATES]


def rule_lines(adoption: Adoption) -> list[str]:
    """`rules:` → `keep:` → one list per phase, each rule as one JSON object (valid YAML flow style)."""
    offered = kept(adoption)
    if not offered:
        return []
    lines = ["rules:", "  keep:"]
    for phase in KEPT_PHASES:
        rules = [m.existing.rule for m in offered if m.existing.phase == phase]
        lines += [f"    {phase}:"] + [f"      - {json.dumps(rule, sort_keys=True)}" for rule in rules] if rules else []
    return lines


def adopted_lines(adoption: Adoption) -> list[str]:
    records, rules = adoption.adopted, adoption.adopted_rules
    lines = ["adopted:"] if records or rules else []
    lines += ["  records:"] + [f"    - {json.dumps(label)}" for label in records] if records else []
    lines += ["  rules:"] + [f"    - {json.dumps(ref)}" for ref in rules] if rules else []
    return lines


def spec_snippet(adoption: Adoption) -> str:
    """Ready to paste under `launchready:domain:` in the stack file (4 spaces in, as the stack files
    are written); empty when the spec already holds everything."""
    entries = snippet_entries(adoption)
    lines = (["records:"] + [f"  {entry}" for entry in entries] if entries else [])
    lines += rule_lines(adoption) + adopted_lines(adoption)
    return "".join(f"    {line}\n" for line in lines)
