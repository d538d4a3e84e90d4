"""The zone settings and DNSSEC part of the adoption report, in text, Markdown and JSON."""

from __future__ import annotations

from typing import Any

from launchready.adopt.model import Adoption, SettingMatch
from launchready.adopt.settings import shown, spec_key
from launchready.render.escape import md_code, md_text


def danger_note(match: SettingMatch) -> str:
    return f"  [{match.overwrite.rule}, see below]" if match.overwrite else ""


def setting_text(adoption: Adoption) -> list[str]:
    """Each setting the first up changes, zone → spec; or that they agree."""
    state = adoption.zone.state
    if state is None:
        return []
    if not adoption.settings:
        return ["", f"Zone settings: the zone's {len(state.settings)} match the spec's tls.*; the first up keeps them."]
    lines = ["", f"Zone settings the first `pulumi up` changes ({len(adoption.settings)}), zone today → spec:"]
    return lines + [f"  {spec_key(m.setting):<28} {shown(m.current)} → {shown(m.planned)}{danger_note(m)}"
                    for m in adoption.settings]


def setting_markdown(adoption: Adoption) -> list[str]:
    if adoption.zone.state is None:
        return []
    if not adoption.settings:
        return ["", md_text(setting_text(adoption)[1])]
    lines = ["", "| zone setting | zone today | first `pulumi up` | danger |", "|---|---|---|---|"]
    return lines + [f"| `{spec_key(m.setting)}` | {md_code(shown(m.current), table=True)} | "
                    f"{md_code(shown(m.planned), table=True)} | {m.overwrite.rule if m.overwrite else '-'} |"
                    for m in adoption.settings]


def setting_document(adoption: Adoption) -> dict[str, Any]:
    """`settings` (each change, with its danger), `dnssec` (the zone's status; null from a zone file) and
    `zone_notes` (what the first up does to DNSSEC, or that a zone file could not show either)."""
    state = adoption.zone.state
    return {
        "settings": [{"setting": spec_key(m.setting), "current": m.current, "planned": m.planned,
                      "overwrite": m.overwrite.document() if m.overwrite else None} for m in adoption.settings],
        "dnssec": None if state is None else state.dnssec,
        "zone_notes": list(adoption.zone_notes),
    }
