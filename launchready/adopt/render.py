"""The adoption report (text, Markdown, JSON) and the spec snippet for records the spec does not declare."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from launchready.adopt.caa import caa_document, caa_lines
from launchready.adopt.model import Adoption, ExistingRecord, Overwrite, RecordMatch, RuleMatch
from launchready.adopt.overwrites import shown_content
from launchready.adopt.settings_render import setting_document, setting_markdown, setting_text
from launchready.adopt.snippet import omitted, shown_comment, spec_snippet
from launchready.core.contract import versioned
from launchready.core.dnsname import relative
from launchready.render.escape import md_code, md_fence, md_text
from launchready.render.formats import DocumentFormat
from launchready.render.report import md_cell

UNDECLARABLE = "Not in the snippet, because the spec cannot declare them (they stay as they are in Cloudflare)"


def described(record: ExistingRecord, zone: str) -> str:
    priority = f"{record.priority} " if record.priority is not None else ""
    return f"{relative(record.name, zone)} {record.type} {priority}{shown_content(record)}"


def left_out(adoption: Adoption) -> list[str]:
    """Each undeclared record the snippet leaves out, with why and what to do."""
    return [f"{described(r, adoption.zone.zone)}: {why}" for r, why in omitted(adoption)]


def id_note(adoption: Adoption) -> str:
    if adoption.zone.source == "zone file":
        return ("A zone file carries no record ids, so no import file was written: run "
                "`launchready adopt --from-cloudflare --output import.json` to fetch the ids and write it.")
    return ""


def rule_line(match: RuleMatch) -> str:
    note = f" ({match.note})" if match.note else ""
    return f"  {match.fate:<9} {match.existing.phase} {match.existing.ref}: {match.existing.expression}{note}"


def rule_text(adoption: Adoption) -> list[str]:
    """Every existing rule with its fate; the rules the first `pulumi up` would delete, apart."""
    if not adoption.rules:
        return []
    lines = ["", f"Existing rules in the phases launchready fills ({len(adoption.rules)}):"]
    lines += [rule_line(m) for m in adoption.rules]
    if adoption.lost_rules:
        lines += ["", f"RULES THE FIRST `pulumi up` WOULD DELETE ({len(adoption.lost_rules)}); add them to "
                  "rules.keep (the snippet below), or pass --accept-rule-loss:"]
        lines += [rule_line(m) for m in adoption.lost_rules]
    return lines


KEEP_ADVICE = ("To keep one as it is, make the spec plan the same thing: an SPF record's terms (email.send; a "
               "`custom` sender takes `includes`, `ip4`, `ip6`, `mechanisms`), the DMARC policy (email.dmarc), the "
               "DKIM key (email.send), the mail host (email.receive, or the MX under records:), a CAA, NS or "
               "address the zone holds (records:, a host's origin or cname), its proxy state (proxied: on the host or "
               "record), a rule's action, target, status, "
               "threshold and cache TTLs (its redirect, rate limit or cache setting in the spec, or the rule itself "
               "under rules.keep instead of the planned one), a zone setting (the spec's tls.* set to the zone's "
               "value).")
DECLARE_ADVICE = ("To make a change on purpose, list it under adopted.overwrites in launchready:domain (the one "
                  "`adopted:` key, beside adopted.records; the snippet never adds these), then run adopt again:")


def overwrite_text(adoption: Adoption) -> list[str]:
    """The dangerous changes the spec does not declare (they fail adopt), how to keep or declare each, and
    the declared ones."""
    lines: list[str] = []
    if undeclared := adoption.undeclared_overwrites:
        lines += ["", f"DANGEROUS CHANGES THE FIRST `pulumi up` WOULD MAKE ({len(undeclared)}) to what the zone "
                  "holds; adopt fails until the spec keeps each one or declares it:"]
        lines += [f"  {o.rule}: {o.change}: {o.why}" for o in undeclared]
        lines += ["", f"  {KEEP_ADVICE}", f"  {DECLARE_ADVICE}", "", "      adopted:", "        overwrites:"]
        lines += [f"          - {json.dumps(o.entry)}" for o in undeclared]
    if declared := [o for o in adoption.overwrites if o.declared]:
        lines += ["", f"Dangerous changes adopted.overwrites declares ({len(declared)}); the first up makes them:"]
        lines += [f"  {o.rule}: {o.change}" for o in declared]
    return lines


def update_note(match: RecordMatch) -> str:
    danger = f"; {match.overwrite.rule}, see below" if match.overwrite else ""
    return f"  [first up changes {', '.join(match.updates)}{danger}]" if match.updates else ""


def text_lines(adoption: Adoption) -> list[str]:
    zone = adoption.zone.zone
    lines = [f"Adopting {zone} (from {adoption.zone.source})", ""]
    lines.append(f"Existing records the component will manage ({len(adoption.records)}); `pulumi up` fails "
                 "on these unless they are imported (81053/81057/81058):")
    lines += [f"  {m.resource:<40} {described(m.existing, zone)}{update_note(m)}" for m in adoption.records]
    for r in adoption.rulesets:
        lines.append(f"  {r.resource:<40} ruleset {r.existing.phase} ({r.existing.id}; error 20217 otherwise)")
    if adoption.zone_resource:
        lines.append(f"  {adoption.zone_resource:<40} the zone itself ({adoption.zone.zone_id})")
    if adoption.conflicts:
        lines += ["", f"Conflicts no import can fix ({len(adoption.conflicts)}):"]
        lines += [f"  {described(c.existing, zone)}: {c.reason}" for c in adoption.conflicts]
    lines += setting_text(adoption) + overwrite_text(adoption)
    if caa := caa_lines(adoption):
        lines += ["", *caa]
    if adoption.superseded:
        lines += ["", f"Existing records the plan supersedes ({len(adoption.superseded)}); they would keep "
                  "answering beside the planned ones:"]
        lines += [f"  {described(c.existing, zone)}: {c.reason}" for c in adoption.superseded]
    lines += ["", f"Existing records the spec does not declare ({len(adoption.undeclared)}); they stay as they are:"]
    lines += [f"  {described(r, zone)}" for r in adoption.undeclared]
    lines += rule_text(adoption)
    if spec_snippet(adoption):
        lines += ["", "To keep everything, add these entries under launchready:domain (into the list of the same "
                  "key if the stack has one), then run adopt again for the import file:", ""]
        lines += [f"  {line}" for line in spec_snippet(adoption).splitlines()]
    if undeclarable := left_out(adoption):
        lines += ["", f"  {UNDECLARABLE}:"] + [f"    {line}" for line in undeclarable]
    for ruleset in adoption.other_rulesets:
        count = f" with {len(ruleset.rules)} rule{'s' if len(ruleset.rules) != 1 else ''}" if ruleset.rules else ""
        lines.append(f"note: entry-point ruleset {ruleset.phase} ({ruleset.id}) exists{count}; the plan does not use "
                     "that phase yet, so it is left alone")
    lines += ["", f"Ignored: {len(adoption.ignored)} Cloudflare-managed records (SOA, apex NS)."]
    lines += [f"note: {text}" for text in adoption.zone.notes + adoption.zone_notes]
    note = id_note(adoption)
    return lines + ([note] if note else [])


def render_text(adoption: Adoption) -> str:
    return "\n".join(line.rstrip() for line in text_lines(adoption)) + "\n"


def render_markdown(adoption: Adoption) -> str:
    """Every zone-file or API value as code or inert text (launchready.render.escape): the records are input."""
    zone = adoption.zone.zone
    lines = [f"### launchready adopt {md_text(zone)} (from {md_text(adoption.zone.source)})", "",
             "| resource | existing record | first `pulumi up` changes |", "|---|---|---|"]
    lines += [f"| {md_code(m.resource, table=True)} | {md_code(described(m.existing, zone), table=True)} | "
              f"{md_text(', '.join(m.updates) or '-', table=True)} |" for m in adoption.records]
    lines += [f"| {md_code(r.resource, table=True)} | ruleset {md_code(r.existing.phase, table=True)} | - |"
              for r in adoption.rulesets]
    if adoption.conflicts:
        lines += ["", "**Conflicts:**", ""] + [f"- {md_code(described(c.existing, zone))}: {md_text(c.reason)}"
                                               for c in adoption.conflicts]
    lines += setting_markdown(adoption) + md_overwrites(adoption)
    lines += md_caa(adoption)
    if adoption.superseded:
        lines += ["", "**Superseded** (they would keep answering beside the planned records):", ""]
        lines += [f"- {md_code(described(c.existing, zone))}: {md_text(c.reason)}" for c in adoption.superseded]
    lines += md_rules(adoption)
    if snippet := spec_snippet(adoption):
        lines += ["", "**Not in the spec yet** (add under `launchready:domain`):", ""]
        lines += md_fence(snippet.rstrip(), "yaml")
    lines += md_left_out(adoption)
    note = id_note(adoption)
    return "\n".join([*lines, "", f"Ignored: {len(adoption.ignored)} Cloudflare-managed records.",
                      *(md_text(f"Note: {text}") for text in adoption.zone.notes + adoption.zone_notes),
                      *([md_text(note)] if note else [])]) + "\n"


def md_caa(adoption: Adoption) -> list[str]:
    """The new apex CAA paragraph; the names served elsewhere as code (they are zone input)."""
    text = caa_lines(adoption)
    if not text:
        return []
    names = [f"- {md_code(line.strip())}" for line in text if line.startswith("  ")]
    lines = [part for line in text if not line.startswith("  ") for part in ("", md_text(line))]
    return lines + ([""] + names if names else [])


def md_left_out(adoption: Adoption) -> list[str]:
    zone, undeclarable = adoption.zone.zone, omitted(adoption)
    if not undeclarable:
        return []
    return ["", f"**{UNDECLARABLE}:**", ""] + [f"- {md_code(described(r, zone))}: {md_text(why)}"
                                                for r, why in undeclarable]


def md_overwrites(adoption: Adoption) -> list[str]:
    if not adoption.overwrites:
        return []
    undeclared = adoption.undeclared_overwrites
    lines = ["", "> [!WARNING]", f"> The first `pulumi up` would make {len(undeclared)} dangerous change"
             f"{'s' if len(undeclared) != 1 else ''} to what the zone holds that `adopted.overwrites` does not "
             f"declare. {md_text(KEEP_ADVICE)} To make one on purpose, list its entry under "
             "`adopted.overwrites`."] if undeclared else []
    lines += ["", "| danger | change | `adopted.overwrites` entry | declared |", "|---|---|---|---|"]
    return lines + [f"| {o.rule} | {md_text(f'{o.change}: {o.why}', table=True)} | {md_code(o.entry, table=True)} | "
                    f"{'yes' if o.declared else '**no**'} |" for o in adoption.overwrites]


def md_rules(adoption: Adoption) -> list[str]:
    if not adoption.rules:
        return []
    lost = len(adoption.lost_rules)
    warning = (f"> The first `pulumi up` would delete {lost} existing rule{'s' if lost != 1 else ''}: add them to "
               "`rules.keep` (the snippet below) or pass `--accept-rule-loss`.")
    lines = ["", "> [!WARNING]", warning] if lost else []
    lines += ["", "| existing rule | phase | expression | first `pulumi up` |", "|---|---|---|---|"]
    return lines + [f"| `{md_cell(m.existing.ref)}` | {m.existing.phase} | `{md_cell(m.existing.expression)}` | "
                    f"**{m.fate}**{': ' + md_cell(m.note) if m.note else ''} |" for m in adoption.rules]


def rule_doc(match: RuleMatch) -> dict[str, Any]:
    return {"phase": match.existing.phase, "id": match.existing.id, "ref": match.existing.ref, "fate": match.fate,
            "planned_ref": match.planned_ref, "note": match.note, "overwrite": overwrite_doc(match.overwrite),
            "rule": match.existing.rule}


def overwrite_doc(overwrite: Overwrite | None) -> dict[str, Any] | None:
    return overwrite.document() if overwrite else None


def record_doc(record: ExistingRecord) -> dict[str, Any]:
    """The record as JSON; its comment only when it cannot be a credential (launchready's marker taken off)."""
    return {**record.model_dump(), "content": shown_content(record), "comment": shown_comment(record)}


def document(adoption: Adoption) -> dict[str, Any]:
    return {
        "zone": adoption.zone.zone, "zone_id": adoption.zone.zone_id, "source": adoption.zone.source,
        "adopt": [{"resource": m.resource, "existing": record_doc(m.existing), "updates": list(m.updates),
                   "overwrite": overwrite_doc(m.overwrite)} for m in adoption.records],
        "rulesets": [{"resource": r.resource, **r.existing.model_dump(exclude={"rules"})} for r in adoption.rulesets],
        "zone_resource": adoption.zone_resource,
        "conflicts": [{"existing": record_doc(c.existing), "reason": c.reason} for c in adoption.conflicts],
        "superseded": [{"existing": record_doc(c.existing), "reason": c.reason, "overwrite": overwrite_doc(c.overwrite)}
                       for c in adoption.superseded],
        "undeclared": [record_doc(r) for r in adoption.undeclared],
        "spec_snippet": spec_snippet(adoption),
        "ignored": [record_doc(r) for r in adoption.ignored],
        "other_rulesets": [r.model_dump(exclude={"rules"}) for r in adoption.other_rulesets],
        "rules": [rule_doc(m) for m in adoption.rules],
        "lost_rules": [m.existing.ref for m in adoption.lost_rules],
        "dangerous": [o.document() for o in adoption.overwrites],
        "adopted": {"records": list(adoption.adopted), "rules": list(adoption.adopted_rules)},
        "caa": caa_document(adoption.caa),
        **setting_document(adoption),
        "notes": list(adoption.zone.notes) + [f"left out of spec_snippet: {line}" for line in left_out(adoption)],
    }


def render_json(adoption: Adoption) -> str:
    return json.dumps(versioned(document(adoption)), indent=2) + "\n"


RENDERERS: dict[DocumentFormat, Callable[[Adoption], str]] = {
    DocumentFormat.TEXT: render_text, DocumentFormat.JSON: render_json, DocumentFormat.MARKDOWN: render_markdown,
}


def render_adoption(adoption: Adoption, fmt: DocumentFormat) -> str:
    return RENDERERS[fmt](adoption)
