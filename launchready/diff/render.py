"""A plan diff as text, JSON (schema in docs/diff-and-adopt.md) or Markdown (a PR comment).

All three carry the same changes in the same order: dangerous changes first, then one table per kind
(records, redirects, cache and rate limit rules, zone settings, monitoring) holding only what changed,
then the unchanged counts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from launchready.core.contract import versioned
from launchready.core.dnsname import relative
from launchready.core.plan.model import CacheRule, PlannedKeptRule, PlannedRecord, RedirectRule
from launchready.core.plan.ops_model import RateLimitRule
from launchready.diff.elide import elided
from launchready.diff.model import PlanDiff, RecordChange, Rule, RuleChange, SettingChange, Side
from launchready.diff.rule_dangers import from_value_target
from launchready.render import plural
from launchready.render.console import printed
from launchready.render.formats import DocumentFormat
from launchready.render.plan import ttl_text
from launchready.render.report import md_cell

MARKER = "<!-- launchready-diff -->"
"""First line of the Markdown comment, so a workflow can find and update its own comment."""

KINDS = (("records", "record"), ("redirects", "redirect"), ("cache_rules", "cache rule"),
         ("rate_limits", "rate limit rule"), ("kept_rules", "kept rule"), ("settings", "setting"),
         ("monitoring", "monitoring setting"))


def arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def record_content(record: PlannedRecord, against: PlannedRecord) -> str:
    """Priority and content, a long content elided around what differs from `against`."""
    return (f"{record.priority} " if record.priority is not None else "") + elided(record.content, against.content)


def proxy_text(proxied: bool) -> str:
    return "proxied" if proxied else "DNS only"


def record_row(change: RecordChange, zone: str) -> tuple[str, ...]:
    old, new = change.old or change.record, change.new or change.record
    return (change.action, relative(change.name, zone), change.type,
            arrow(record_content(old, new), record_content(new, old)), arrow(ttl_text(old.ttl), ttl_text(new.ttl)),
            arrow(proxy_text(old.proxied), proxy_text(new.proxied)))


def redirect_text(rule: Rule | None) -> tuple[str, ...]:
    if not isinstance(rule, RedirectRule):
        return ("", "", "")
    source = f"https://{rule.host}{rule.source_path or '/*'}"
    target = rule.target_url + ("" if rule.source_path else "/*")
    return (source, target, str(rule.status))


def cache_text(rule: Rule | None) -> tuple[str, ...]:
    if not isinstance(rule, CacheRule):
        return ("", "", "", "")
    edge, browser = rule.edge_ttl, rule.browser_ttl
    return ("cache" if rule.cache else "bypass", ttl_text(edge) if edge else "-",
            ttl_text(browser) if browser is not None else "-", rule.description)


def limit_text(rule: Rule | None) -> tuple[str, ...]:
    if not isinstance(rule, RateLimitRule):
        return ("", "", "")
    return (" ".join(rule.paths) or "*", f"{rule.requests_per_period} per {rule.period}s", rule.description)


def kept_settings(rule: PlannedKeptRule) -> str:
    """A cache or rate limit rule's parameters as compact JSON (elided), so a changed setting shows; a
    redirect's show as its target and status."""
    if rule.action == "redirect":
        return ""
    settings = {**(rule.action_parameters or {}), **({"ratelimit": rule.ratelimit} if rule.ratelimit else {})}
    return elided(json.dumps(settings, sort_keys=True, separators=(",", ":"))) if settings else ""


def kept_text(rule: Rule | None) -> tuple[str, ...]:
    """Phase and action, a redirect's target (its URL or expression, elided) and status, other rules' settings."""
    if not isinstance(rule, PlannedKeptRule):
        return ("", "", "", "", "")
    target, status = from_value_target(rule.action_parameters) if rule.action == "redirect" else (None, None)
    return (rule.phase, rule.action, elided(str(target)) if target else "", str(status) if status else "",
            kept_settings(rule))


def expression_text(rule: Rule | None) -> tuple[str, ...]:
    return (rule.expression,) if rule is not None else ("",)


def rule_row(change: RuleChange, text: Callable[[Rule | None], tuple[str, ...]]) -> tuple[str, ...]:
    """`old → new` per column, the expression last; a rule only on one side (added, removed) shows that
    side alone."""
    pairs = zip((*text(change.old), *expression_text(change.old)), (*text(change.new), *expression_text(change.new)),
                strict=True)
    cells = [arrow(a, b) if a and b else (a or b) for a, b in pairs]
    return (change.action, change.ref, *cells)


SETTING_TABLES = ("Zone settings", "Monitoring")
"""Tables of (setting, old, new) rows, counted as changed settings rather than added/removed items."""


def value_text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def setting_row(change: SettingChange) -> tuple[str, ...]:
    return (change.setting, value_text(change.old), value_text(change.new))


def tables(diff: PlanDiff) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """(title, columns, rows) for each kind that changed."""
    sections = [
        ("DNS records", ("change", "name", "type", "content", "TTL", "proxy"),
         [record_row(c, diff.zone) for c in diff.records]),
        ("Redirects", ("change", "rule", "from", "to", "status", "expression"),
         [rule_row(c, redirect_text) for c in diff.redirects]),
        ("Cache rules", ("change", "rule", "action", "edge TTL", "browser TTL", "what", "expression"),
         [rule_row(c, cache_text) for c in diff.cache_rules]),
        ("Rate limit rules", ("change", "rule", "paths", "limit", "what", "expression"),
         [rule_row(c, limit_text) for c in diff.rate_limits]),
        ("Kept rules", ("change", "rule", "phase", "action", "to", "status", "settings", "expression"),
         [rule_row(c, kept_text) for c in diff.kept_rules]),
        ("Zone settings", ("setting", "old", "new"), [setting_row(c) for c in diff.settings]),
        ("Monitoring", ("setting", "old", "new"), [setting_row(c) for c in diff.monitoring]),
    ]
    return [section for section in sections if section[2]]


def counts(rows: list[tuple[str, ...]]) -> str:
    found = {action: sum(1 for row in rows if row[0] == action) for action in ("added", "removed", "changed")}
    return ", ".join(f"{n} {action}" for action, n in found.items() if n)


def unchanged_line(diff: PlanDiff) -> str:
    parts = [plural(diff.unchanged[key], label) for key, label in KINDS if diff.unchanged.get(key)]
    return "Unchanged: " + (", ".join(parts) or "nothing") + "."


def ref_text(side: Side) -> str:
    """The revision as given; a full commit id (what the PR workflow passes) in its 12-character form."""
    return side.ref[:12] if side.commit is not None and side.ref == side.commit else side.ref


def title(diff: PlanDiff) -> str:
    return f"launchready diff {diff.stack} ({diff.zone or 'no zone'}): {ref_text(diff.base)} → {ref_text(diff.head)}"


def verdict(diff: PlanDiff) -> str:
    if not diff.changed and not diff.dangers:  # a project file change is dangerous with no plan change
        return "No changes to DNS records, redirects, cache or rate limit rules, zone settings or monitoring."
    count = len(diff.dangers)
    return f"{plural(count, 'dangerous change')}." if count else "No dangerous changes."


def render_text(diff: PlanDiff, width: int = 160) -> str:
    items: list[Any] = [title(diff), *(f"note: {note}" for note in diff.notes)]
    items += [f"DANGER {danger.rule}: {danger.message}" for danger in diff.dangers]
    for heading, columns, rows in tables(diff):
        table = Table(title=f"{heading} ({counts(rows)})" if heading not in SETTING_TABLES else heading,
                      title_justify="left", box=None, pad_edge=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))  # Text: TXT content may hold "[...]"
        items += ["", table]
    return printed(*items, "", unchanged_line(diff), verdict(diff), width=width, soft_wrap=True)


def md_table(columns: tuple[str, ...], rows: Sequence[tuple[str, ...]], escape: bool = True) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return lines + ["| " + " | ".join(md_cell(cell) if escape else cell for cell in row) + " |" for row in rows]


def md_dangers(diff: PlanDiff) -> list[str]:
    """One row per rule and reason: five deleted MX records are one row listing five changes."""
    if not diff.dangers:
        return []
    lines = ["> [!WARNING]", f"> **{plural(len(diff.dangers), 'dangerous change')}**: review before merging.", ""]
    grouped: dict[tuple[str, str], list[str]] = {}
    for danger in diff.dangers:
        grouped.setdefault((danger.rule, danger.why), []).append(md_cell(danger.change))
    rows = [(f"`{rule}`", "<br>".join(changes), md_cell(why)) for (rule, why), changes in grouped.items()]
    return lines + md_table(("rule", "change", "why it matters"), rows, escape=False) + [""]


def render_markdown(diff: PlanDiff) -> str:
    lines = [MARKER, f"### {md_cell(title(diff))}", ""]
    lines += [f"> note: {md_cell(note)}" for note in diff.notes]
    lines += [""] if diff.notes else []
    lines += md_dangers(diff)
    for heading, columns, rows in tables(diff):
        summary = f" ({counts(rows)})" if heading not in SETTING_TABLES else f" ({len(rows)} changed)"
        lines += [f"#### {heading}{summary}", ""] + md_table(columns, rows) + [""]
    lines += [unchanged_line(diff), "", verdict(diff)]
    return "\n".join(lines) + "\n"


def document(diff: PlanDiff) -> dict[str, Any]:
    """The `launchready diff --format json` document (described in docs/diff-and-adopt.md)."""
    return {
        "stack": diff.stack,
        "zone": diff.zone,
        "base": diff.base.model_dump(),
        "head": diff.head.model_dump(),
        "changed": diff.changed,
        "dangerous": [d.document() for d in diff.dangers],
        "records": [c.document() for c in diff.records],
        "redirects": [c.document() for c in diff.redirects],
        "cache_rules": [c.document() for c in diff.cache_rules],
        "rate_limits": [c.document() for c in diff.rate_limits],
        "kept_rules": [c.document() for c in diff.kept_rules],
        "settings": [c.model_dump() for c in diff.settings],
        "monitoring": [c.model_dump() for c in diff.monitoring],
        "unchanged": {key: diff.unchanged.get(key, 0) for key, _ in KINDS},
        "notes": list(diff.notes),
    }


def render_json(diff: PlanDiff) -> str:
    return json.dumps(versioned(document(diff)), indent=2) + "\n"


RENDERERS: dict[DocumentFormat, Callable[[PlanDiff], str]] = {
    DocumentFormat.TEXT: render_text, DocumentFormat.JSON: render_json, DocumentFormat.MARKDOWN: render_markdown,
}


def render_diff(diff: PlanDiff, fmt: DocumentFormat) -> str:
    return RENDERERS[fmt](diff)
