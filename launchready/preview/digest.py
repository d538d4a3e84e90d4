"""Summarize `pulumi preview --json` for people reviewing DNS: which records, rulesets and zone settings
the real engine will create, update, replace or delete, with old → new values.

The input is Pulumi's PreviewDigest (Pulumi, "pulumi preview --json", and pkg/backend/display/json.go in
pulumi/pulumi, read 2026-11): `steps` with `op`, `urn`, `oldState`/`newState` (ResourceV3, `inputs` in
the provider's camelCase), and `diagnostics`. Step order and `diffReasons` order vary between runs, so
steps are sorted by (urn, op). Values Pulumi marks secret are shown as "[secret]", never in clear.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from launchready.core.errors import InputError
from launchready.core.inputs.jsondoc import load_json
from launchready.preview.rules import RULESET, rule_changes, step_dangers

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""The engine's sentinel for a value only known after apply."""
SECRET_SIG = "4dabf18193072939515e22adb298388d"
"""The signature key Pulumi puts on a serialized secret value (sdk/go/common/resource/sig)."""

OPS = {
    "create": "create", "update": "update", "delete": "delete", "replace": "replace",
    "create-replacement": "replace", "delete-replaced": "replace",
    "import": "import", "import-replacement": "import",
}
"""Step ops that change something; a replacement's three steps fold into one `replace`."""
OP_ORDER = ("create", "import", "update", "replace", "delete")

WATCHED = {
    "cloudflare:index/dnsRecord:DnsRecord": ("content", "data", "priority", "ttl", "proxied"),
    "cloudflare:index/zoneSetting:ZoneSetting": ("value",),
    "cloudflare:index/ruleset:Ruleset": ("rules",),
}
COLOR_TAG = re.compile(r"<\{%[a-z]*%\}>")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Step:
    op: str
    urn: str
    type: str
    name: str
    subject: str
    changes: tuple[FieldChange, ...] = ()
    dangers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreviewSummary:
    steps: tuple[Step, ...]
    unchanged: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def dangers(self) -> tuple[str, ...]:
        return tuple(danger for step in self.steps for danger in step.dangers)

    def counts(self) -> dict[str, int]:
        return {op: sum(1 for s in self.steps if s.op == op) for op in OP_ORDER}


def urn_parts(urn: str) -> tuple[str, str]:
    """(resource type, resource name) from `urn:pulumi:STACK::PROJECT::[PARENT$...]TYPE::NAME`."""
    parts = urn.split("::", 3)
    if len(parts) != 4 or not parts[0].startswith("urn:pulumi:"):
        raise InputError(f'"{urn}" is not a Pulumi URN; is this really `pulumi preview --json` output?')
    return parts[2].rsplit("$", 1)[-1], parts[3]


def ours(rtype: str) -> bool:
    return rtype.startswith(("cloudflare:index/", "launchready:"))


def is_secret(value: Any) -> bool:
    return value == "[secret]" or (isinstance(value, dict) and SECRET_SIG in value)


def shown(value: Any) -> str | None:
    """A state value for a table cell: secrets hidden, unknowns named, floats from the wire as ints."""
    if value is None:
        return None
    if is_secret(value):
        return "[secret]"
    if value == UNKNOWN:
        return "(known after apply)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return f"{len(value)} rule{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict | list):
        return json.dumps(scrub(value), sort_keys=True, separators=(",", ":"))
    return str(value)


def scrub(value: Any) -> Any:
    """A nested value with every secret replaced by "[secret]"."""
    if is_secret(value):
        return "[secret]"
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


def inputs(state: Any) -> dict[str, Any]:
    found = state.get("inputs") if isinstance(state, dict) else None
    return found if isinstance(found, dict) else {}


def subject(rtype: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    merged = {**old, **new}
    if rtype.endswith(":DnsRecord"):
        return f"{shown(merged.get('name')) or '?'} {shown(merged.get('type')) or '?'}"
    if rtype.endswith(":ZoneSetting"):
        return shown(merged.get("settingId")) or ""
    if rtype.endswith(":Ruleset"):
        return shown(merged.get("phase")) or ""
    return ""


def field_changes(op: str, rtype: str, old: dict[str, Any], new: dict[str, Any],
                  reasons: tuple[str, ...] = ()) -> tuple[FieldChange, ...]:
    """The watched fields of the type, plus any other field the engine names as a reason; a reason
    whose values look alike (two secrets) is still listed, since the engine saw a difference."""
    changes: list[FieldChange] = []
    watched = WATCHED.get(rtype, ())
    for key in (*watched, *sorted(set(reasons) - set(watched))):
        if rtype == RULESET and key == "rules":
            changes.extend(FieldChange(*row) for row in rule_changes(
                old.get(key) if op not in ("create", "import") else None, new.get(key) if op != "delete" else None))
            continue
        if op in ("update", "replace") and isinstance(old.get(key), dict) and isinstance(new.get(key), dict):
            changes.extend(leaf_changes(key, old[key], new[key]))
            continue
        before = shown(old.get(key)) if op not in ("create", "import") else None
        after = shown(new.get(key)) if op != "delete" else None
        if (before, after) != (None, None) and (before != after or op in ("create", "delete") or key in reasons):
            changes.append(FieldChange(key, before, after))
    return tuple(changes)


def leaves(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict) and not is_secret(value):
        return {path: leaf for key, item in value.items() for path, leaf in leaves(f"{prefix}.{key}", item).items()}
    return {prefix: value}


def leaf_changes(key: str, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Only the nested fields that differ (the HSTS max_age inside security_header, not the whole object)."""
    before, after = leaves(key, old), leaves(key, new)
    return [FieldChange(path, shown(before.get(path)), shown(after.get(path)))
            for path in sorted(set(before) | set(after)) if shown(before.get(path)) != shown(after.get(path))]


def merged_steps(raw: list[Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Steps of our resources keyed by (urn, op), a replacement's steps folded together."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for step in raw:
        op = OPS.get(step.get("op", "")) if isinstance(step, dict) else None
        if op is None or not isinstance(step.get("urn"), str) or not ours(urn_parts(step["urn"])[0]):
            continue
        slot = merged.setdefault((step["urn"], op), {"reasons": set()})
        for key in ("oldState", "newState"):
            slot[key] = slot.get(key) or step.get(key)
        slot["reasons"] |= step_reasons(step)
    return merged


def step_reasons(step: dict[str, Any]) -> set[str]:
    """Top-level input keys the engine says differ (diffReasons, replaceReasons, detailedDiff paths)."""
    reasons = [*(step.get("diffReasons") or ()), *(step.get("replaceReasons") or ())]
    reasons += list(step.get("detailedDiff") or {})
    return {re.split(r"[.\[]", str(path), maxsplit=1)[0] for path in reasons if path}


def to_step(urn: str, op: str, states: dict[str, Any]) -> Step:
    rtype, name = urn_parts(urn)
    old, new = inputs(states.get("oldState")), inputs(states.get("newState"))
    return Step(op=op, urn=urn, type=rtype, name=name, subject=subject(rtype, old, new),
                changes=field_changes(op, rtype, old, new, tuple(sorted(states["reasons"]))),
                dangers=tuple(step_dangers(op, rtype, name, old, new)))


def diagnostics(document: dict[str, Any], severity: str) -> list[str]:
    found = []
    for diag in document.get("diagnostics") or ():
        if isinstance(diag, dict) and diag.get("severity") == severity:
            where = urn_parts(diag["urn"])[1] + ": " if isinstance(diag.get("urn"), str) and diag["urn"] else ""
            found.append(where + COLOR_TAG.sub("", str(diag.get("message", ""))).strip())
    return found


def read_document(text: str, source: str) -> dict[str, Any]:
    document = load_json(text, source, "pass the stdout of `pulumi preview --json`")
    if not isinstance(document, dict) or not isinstance(document.get("steps", []), list) or (
            "steps" not in document and "diagnostics" not in document):
        raise InputError(f"{source}: not a `pulumi preview --json` document (no steps); pass the stdout of "
                         "`pulumi preview --json`")
    return document


def summarize(text: str, source: str = "preview") -> PreviewSummary:
    """Parse a preview document; a failed run (diagnostics of severity error) is bad input (exit 2)."""
    document = read_document(text, source)
    errors = diagnostics(document, "error")
    if errors:
        raise InputError(f"{source}: the preview failed; pulumi reported:\n" + "\n".join(f"  - {e}" for e in errors))
    raw = document.get("steps") or []
    steps = sorted((to_step(urn, op, states) for (urn, op), states in merged_steps(raw).items()),
                   key=lambda s: (s.urn, s.op))
    same = sum(1 for s in raw if isinstance(s, dict) and s.get("op") == "same" and isinstance(s.get("urn"), str)
               and ours(urn_parts(s["urn"])[0]))
    return PreviewSummary(steps=tuple(steps), unchanged=same, warnings=tuple(diagnostics(document, "warning")))
