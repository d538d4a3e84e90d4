"""Ruleset rules in a preview, rule by rule: which refs the engine adds, changes or removes (with the
expression), and which of those changes are dangerous, from the step's old and new state.

The state holds the provider's camelCase inputs (`ref`, `expression`, `action`, `actionParameters`
with `fromValue.targetUrl` and `statusCode`; pulumi-cloudflare 6.23, read 2026-11).
"""

from __future__ import annotations

import json
from typing import Any

ZONE_DNSSEC = "cloudflare:index/zoneDnssec:ZoneDnssec"
RULESET = "cloudflare:index/ruleset:Ruleset"


def by_ref(rules: Any) -> dict[str, dict[str, Any]]:
    """Rules keyed by ref (by position when a rule has none, as a dashboard rule read back may not)."""
    if not isinstance(rules, list):
        return {}
    found = {}
    for i, rule in enumerate(rules):
        if isinstance(rule, dict):
            found[str(rule.get("ref") or f"#{i + 1}")] = rule
    return found


def changed_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return sorted(key for key in set(old) | set(new) if json.dumps(old.get(key), sort_keys=True)
                  != json.dumps(new.get(key), sort_keys=True))


def rule_changes(old_rules: Any, new_rules: Any) -> list[tuple[str, str | None, str | None]]:
    """(field, old, new) per rule that differs: `rule <ref>` with the expressions, and the keys that
    changed when the expression did not."""
    old, new = by_ref(old_rules), by_ref(new_rules)
    rows = []
    for ref in sorted(set(old) | set(new)):
        before, after = old.get(ref), new.get(ref)
        if before is not None and after is not None and not changed_keys(before, after):
            continue
        field = f"rule {ref}"
        if before is not None and after is not None:
            field += f" ({', '.join(changed_keys(before, after))})"
        rows.append((field, expression(before), expression(after)))
    return rows


def expression(rule: dict[str, Any] | None) -> str | None:
    return None if rule is None else str(rule.get("expression", ""))


def target(rule: dict[str, Any]) -> tuple[Any, Any] | None:
    from_value = (rule.get("actionParameters") or {}).get("fromValue") if rule.get("action") == "redirect" else None
    return (from_value.get("targetUrl"), from_value.get("statusCode")) if isinstance(from_value, dict) else None


def rule_dangers(name: str, old_rules: Any, new_rules: Any) -> list[str]:
    """Rules the step removes, and redirects whose target or status it changes."""
    old, new = by_ref(old_rules), by_ref(new_rules)
    dangers = [f"rule.removed: {name} removes rule {ref} ({expression(rule)})"
               for ref, rule in sorted(old.items()) if ref not in new]
    for ref, rule in sorted(old.items()):
        if ref in new and target(rule) is not None and target(rule) != target(new[ref]):
            dangers.append(f"redirect.target-changed: {name} changes the target or status of redirect {ref}")
    return dangers


def step_dangers(op: str, rtype: str, name: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What a reviewer must look at twice in one step of the preview."""
    if rtype == ZONE_DNSSEC and (op in ("delete", "replace") or new.get("status") == "disabled"):
        return [f"dnssec.disabled: {name} turns DNSSEC off; while the registrar publishes the DS record, validating "
                "resolvers fail the whole zone: remove the DS first and wait twice its TTL"]
    if rtype == RULESET and op in ("update", "replace", "delete"):
        return rule_dangers(name, old.get("rules"), new.get("rules") if op != "delete" else [])
    return []
