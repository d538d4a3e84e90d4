"""The adoption report (text, Markdown, JSON) and the spec snippet for records the spec does not declare."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from launchready.adopt.model import Adoption, ExistingRecord
from launchready.core.contract import versioned
from launchready.core.plan.records import DEFAULT_RECORD_TTL
from launchready.core.spec.names import name_problem, relative

SNIPPET_TYPES = frozenset({"A", "AAAA", "CNAME", "MX", "TXT", "CAA", "SRV", "NS"})
"""Record types the spec's `records:` list accepts (launchready.core.spec.models.RecordType)."""
UNDECLARABLE = "Not in the snippet, because the spec cannot declare them (they stay as they are in Cloudflare)"


def described(record: ExistingRecord, zone: str) -> str:
    priority = f"{record.priority} " if record.priority is not None else ""
    return f"{relative(record.name, zone)} {record.type} {priority}{record.content}"


def declarable(record: ExistingRecord) -> bool:
    """Whether the spec's `records:` list can hold it: a wildcard owner (`*`), a type such as LOC or
    HTTPS, or a record the spec would refuse (TTL 0, an empty TXT, a null SRV target, a CAA tag other
    than issue/issuewild/iodef, non-UTF-8 text) stays out of the snippet and is listed apart, so the
    snippet always plans."""
    return record.type in SNIPPET_TYPES and name_problem(record.name) is None and snippet_problem(record) is None


def snippet_problem(record: ExistingRecord) -> str | None:
    """Why the spec would refuse this record as a `records:` entry, by the spec's own checks."""
    from pydantic import ValidationError

    from launchready.core.spec.models import RecordSpec
    from launchready.core.spec.rules import record_content_problem, record_ttl_problem

    fields = dict(snippet_fields(record, "@"))
    if "\\x" in str(fields.get("value", fields.get("content", ""))):
        return "its text is not UTF-8"
    try:
        spec = RecordSpec.model_validate(fields)
    except ValidationError:
        return "the spec refuses its fields"
    return record_content_problem(spec) or record_ttl_problem(spec)


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


def snippet_entry(record: ExistingRecord, zone: str) -> str:
    """One `records:` entry in flow style; values JSON-quoted, which YAML reads as double-quoted strings."""
    fields = snippet_fields(record, relative(record.name, zone))
    return "- {" + ", ".join(f"{key}: {json.dumps(value)}" for key, value in fields) + "}"


def spec_snippet(adoption: Adoption) -> str:
    """Ready to paste under `launchready:domain:` → `records:` in the stack file."""
    zone = adoption.zone.zone
    entries = [snippet_entry(r, zone) for r in adoption.undeclared if declarable(r)]
    if not entries:
        return ""
    return "    records:\n" + "".join(f"      {entry}\n" for entry in entries)


def id_note(adoption: Adoption) -> str:
    if adoption.zone.source == "zone file":
        return ("A zone file carries no record ids, so no import file was written: run "
                "`launchready adopt --from-cloudflare --output import.json` to fetch the ids and write it.")
    return ""


def text_lines(adoption: Adoption) -> list[str]:
    zone = adoption.zone.zone
    lines = [f"Adopting {zone} (from {adoption.zone.source})", ""]
    lines.append(f"Existing records the component will manage ({len(adoption.records)}); `pulumi up` fails "
                 "on these unless they are imported (81053/81057/81058):")
    for m in adoption.records:
        change = f"  [first up changes {', '.join(m.updates)}]" if m.updates else ""
        lines.append(f"  {m.resource:<40} {described(m.existing, zone)}{change}")
    for r in adoption.rulesets:
        lines.append(f"  {r.resource:<40} ruleset {r.existing.phase} ({r.existing.id}; error 20217 otherwise)")
    if adoption.zone_resource:
        lines.append(f"  {adoption.zone_resource:<40} the zone itself ({adoption.zone.zone_id})")
    if adoption.conflicts:
        lines += ["", f"Conflicts no import can fix ({len(adoption.conflicts)}):"]
        lines += [f"  {described(c.existing, zone)}: {c.reason}" for c in adoption.conflicts]
    if adoption.superseded:
        lines += ["", f"Existing records the plan supersedes ({len(adoption.superseded)}); delete them once the "
                  "stack is live:"]
        lines += [f"  {described(c.existing, zone)}: {c.reason}" for c in adoption.superseded]
    lines += ["", f"Existing records the spec does not declare ({len(adoption.undeclared)}); they stay as they are:"]
    lines += [f"  {described(r, zone)}" for r in adoption.undeclared]
    if spec_snippet(adoption):
        lines += ["  To manage them, add these entries to records: under launchready:domain (into the existing "
                  "list if the stack has one):", ""]
        lines += [f"  {line}" for line in spec_snippet(adoption).splitlines()]
    if undeclarable := [described(r, zone) for r in adoption.undeclared if not declarable(r)]:
        lines += ["", f"  {UNDECLARABLE}:"] + [f"    {line}" for line in undeclarable]
    for ruleset in adoption.other_rulesets:
        lines.append(f"note: entry-point ruleset {ruleset.phase} ({ruleset.id}) exists; the plan does not use "
                     "that phase, so it is left alone")
    lines += ["", f"Ignored: {len(adoption.ignored)} Cloudflare-managed records (SOA, apex NS)."]
    lines += [f"note: {text}" for text in adoption.zone.notes]
    note = id_note(adoption)
    return lines + ([note] if note else [])


def render_text(adoption: Adoption) -> str:
    return "\n".join(line.rstrip() for line in text_lines(adoption)) + "\n"


def render_markdown(adoption: Adoption) -> str:
    zone = adoption.zone.zone
    lines = [f"### launchready adopt {zone} (from {adoption.zone.source})", "",
             "| resource | existing record | first `pulumi up` changes |", "|---|---|---|"]
    lines += [f"| `{m.resource}` | `{described(m.existing, zone)}` | {', '.join(m.updates) or '-'} |"
              for m in adoption.records]
    lines += [f"| `{r.resource}` | ruleset `{r.existing.phase}` | - |" for r in adoption.rulesets]
    if adoption.conflicts:
        lines += ["", "**Conflicts:**", ""] + [f"- `{described(c.existing, zone)}`: {c.reason}"
                                               for c in adoption.conflicts]
    if adoption.superseded:
        lines += ["", "**Superseded** (delete them once the stack is live):", ""]
        lines += [f"- `{described(c.existing, zone)}`: {c.reason}" for c in adoption.superseded]
    if snippet := spec_snippet(adoption):
        lines += ["", "**Not declared in the spec** (left as they are):", "", "```yaml", snippet.rstrip(), "```"]
    if undeclarable := [described(r, zone) for r in adoption.undeclared if not declarable(r)]:
        lines += ["", f"**{UNDECLARABLE}:**", ""] + [f"- `{line}`" for line in undeclarable]
    note = id_note(adoption)
    return "\n".join([*lines, "", f"Ignored: {len(adoption.ignored)} Cloudflare-managed records.",
                      *(f"Note: {text}" for text in adoption.zone.notes), *([note] if note else [])]) + "\n"


def record_doc(record: ExistingRecord) -> dict[str, Any]:
    return record.model_dump()


def document(adoption: Adoption) -> dict[str, Any]:
    return {
        "zone": adoption.zone.zone, "zone_id": adoption.zone.zone_id, "source": adoption.zone.source,
        "adopt": [{"resource": m.resource, "existing": record_doc(m.existing), "updates": list(m.updates)}
                  for m in adoption.records],
        "rulesets": [{"resource": r.resource, **r.existing.model_dump()} for r in adoption.rulesets],
        "zone_resource": adoption.zone_resource,
        "conflicts": [{"existing": record_doc(c.existing), "reason": c.reason} for c in adoption.conflicts],
        "superseded": [{"existing": record_doc(c.existing), "reason": c.reason} for c in adoption.superseded],
        "undeclared": [record_doc(r) for r in adoption.undeclared],
        "spec_snippet": spec_snippet(adoption),
        "ignored": [record_doc(r) for r in adoption.ignored],
        "other_rulesets": [r.model_dump() for r in adoption.other_rulesets],
        "notes": list(adoption.zone.notes),
    }


def render_json(adoption: Adoption) -> str:
    return json.dumps(versioned(document(adoption)), indent=2) + "\n"


RENDERERS: dict[str, Callable[[Adoption], str]] = {"text": render_text, "json": render_json,
                                                   "markdown": render_markdown}


def render_adoption(adoption: Adoption, fmt: str) -> str:
    return RENDERERS[fmt](adoption)
