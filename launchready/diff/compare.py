"""Compare two plans of one stack: records, redirect rules, cache rules and zone settings.

Records are matched by identity (name, type, content); what is left over is paired by (name, type)
when exactly one record of that set was removed and one added, so a singleton whose address moved
(the apex A, a CNAME) reads as `old → new` instead of a delete plus a create. Rules are matched by
their stable `ref`, settings by key. Every list comes out in one deterministic order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal
from urllib.parse import urlsplit

from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.redact import shown_url
from launchready.diff.model import ACTION_ORDER, Action, RecordChange, Rule, RuleChange, SettingChange

COMPARED_FIELDS = ("content", "priority", "ttl", "proxied")
"""What a record change can touch; `caa`/`txt_strings` follow the content, `source`/`key` are bookkeeping."""


def changed_fields(old: PlannedRecord, new: PlannedRecord) -> tuple[str, ...]:
    return tuple(field for field in COMPARED_FIELDS if getattr(old, field) != getattr(new, field))


def record_sort_key(change: RecordChange) -> tuple[str, str, str, int]:
    record = change.record
    return (change.name, change.type, record.content, ACTION_ORDER[change.action])


def grouped(records: Iterable[PlannedRecord]) -> dict[tuple[str, str], list[PlannedRecord]]:
    groups: dict[tuple[str, str], list[PlannedRecord]] = defaultdict(list)
    for record in records:
        groups[(record.name, record.type)].append(record)
    return groups


def unmatched_changes(old: list[PlannedRecord], new: list[PlannedRecord], singleton: bool) -> Iterator[RecordChange]:
    """Records of one (name, type) without an identical partner; when that set holds a single record
    before and after (a CNAME, a host's only address), the pair is one content change."""
    if singleton and len(old) == 1 and len(new) == 1:
        name, rtype = old[0].name, old[0].type
        yield RecordChange(action="changed", name=name, type=rtype, old=old[0], new=new[0],
                           fields=changed_fields(old[0], new[0]))
        return
    yield from (RecordChange(action="removed", name=r.name, type=r.type, old=r) for r in old)
    yield from (RecordChange(action="added", name=r.name, type=r.type, new=r) for r in new)


def diff_records(base: tuple[PlannedRecord, ...], head: tuple[PlannedRecord, ...]) -> tuple[
    tuple[RecordChange, ...], int
]:
    """(changes, number of records unchanged)."""
    head_by_identity = {record.identity: record for record in head}
    base_identities = {record.identity for record in base}
    changes, unchanged = [], 0
    for record in base:
        partner = head_by_identity.get(record.identity)
        if partner is None:
            continue
        fields = changed_fields(record, partner)
        if fields:
            changes.append(RecordChange(action="changed", name=record.name, type=record.type, old=record,
                                        new=partner, fields=fields))
        else:
            unchanged += 1
    old_left = grouped(r for r in base if r.identity not in head_by_identity)
    new_left = grouped(r for r in head if r.identity not in base_identities)
    sizes_before, sizes_after = grouped(base), grouped(head)
    for key in sorted(set(old_left) | set(new_left)):
        singleton = len(sizes_before.get(key, [])) == 1 and len(sizes_after.get(key, [])) == 1
        changes.extend(unmatched_changes(old_left.get(key, []), new_left.get(key, []), singleton))
    return tuple(sorted(changes, key=record_sort_key)), unchanged


def changed_rule_fields(before: Rule | None, after: Rule | None) -> tuple[str, ...]:
    if before is None or after is None:
        return ()
    old, new = before.model_dump(), after.model_dump()
    return tuple(key for key in new if old.get(key) != new.get(key))


def by_ref(rule: Rule) -> str:
    return rule.ref


def diff_rules(kind: Literal["redirect", "cache", "ratelimit", "kept"], base: Iterable[Rule], head: Iterable[Rule],
               key: Callable[[Rule], str] = by_ref) -> tuple[tuple[RuleChange, ...], int]:
    """Rules matched by `key` (their ref; a kept rule's phase and ref)."""
    old = {key(rule): rule for rule in base}
    new = {key(rule): rule for rule in head}
    changes, unchanged = [], 0
    for ref in sorted(set(old) | set(new)):
        before, after = old.get(ref), new.get(ref)
        if before == after:
            unchanged += 1
            continue
        action: Action = "added" if before is None else "removed" if after is None else "changed"
        either = before or after
        assert either is not None
        changes.append(RuleChange(kind=kind, action=action, ref=either.ref, old=before, new=after,
                                  fields=changed_rule_fields(before, after)))
    return tuple(changes), unchanged


def flat_settings(plan: DomainPlan) -> dict[str, Any]:
    """The zone-level choices of a plan as one flat mapping (HSTS fields as hsts.*)."""
    settings = plan.zone_settings
    flat: dict[str, Any] = {"zone": plan.zone, "canonical_host": plan.canonical_host}
    flat.update({key: value for key, value in settings.as_cloudflare().items() if key != "security_header"})
    flat.update({f"hsts.{key}": value for key, value in settings.hsts.model_dump().items()})
    flat["dnssec"] = plan.dnssec
    flat["cloudflare_plan"] = plan.cloudflare_plan
    return flat | protection(plan)


def protection(plan: DomainPlan) -> dict[str, Any]:
    """What is protected from deletion, shown only where a stack has it: lifting it is the explicit step
    before an adopted record, or DNSSEC, can go (docs/diff-and-adopt.md). `adopted.overwrites` too: it
    is the explicit step that lets the first `pulumi up` change an SPF, DKIM or DMARC record or a rule
    the zone held, so a reviewer sees it."""
    found: dict[str, Any] = {}
    if plan.dnssec:
        found["dnssec_protected"] = plan.dnssec_protected
    if plan.adopted_records or plan.adopted_rules:
        found["adopted.records"] = ", ".join(sorted(plan.adopted_records)) or "-"
        found["adopted.rules"] = ", ".join(sorted(plan.adopted_rules)) or "-"
    if plan.adopted_overwrites:
        found["adopted.overwrites"] = ", ".join(sorted(plan.adopted_overwrites))
    return found


def monitoring_settings(plan: DomainPlan | None) -> dict[str, Any]:
    """What a reviewer needs to see of the uptime setup: the checked URLs, who gets the alerts, and
    whether Cloudflare creates the checks (a paid plan) or the plan only shows them. A webhook is shown
    by its host: Slack and Discord webhook URLs carry their secret in the path."""
    monitoring = plan.monitoring if plan else None
    if monitoring is None:
        return {}
    webhook = urlsplit(monitoring.webhook_url).hostname if monitoring.webhook_url else None
    webhook = webhook or ("an encrypted Pulumi config value" if monitoring.webhook_secure else None)
    worker = monitoring.worker
    settings = {
        "engine": monitoring.engine,
        "health_checks": None if worker else "created" if monitoring.created else
        "shown only (not on this Cloudflare plan)",
        "channels": ", ".join(channel.label() for channel in worker.channels) if worker else None,
        "checked_urls": ", ".join(check.url for check in monitoring.checks),
        "expected_codes": ", ".join(dict.fromkeys(c for check in monitoring.checks for c in check.expected_codes)),
        "alerts": ", ".join(monitoring.alert_emails),
        "webhook": f"{webhook} (URL not shown)" if webhook and not worker else None,
        "webhook_id": monitoring.webhook_id,
    }
    return {key: value for key, value in settings.items() if value is not None}


def diff_mappings(old: dict[str, Any], new: dict[str, Any]) -> tuple[tuple[SettingChange, ...], int]:
    """(changes, number of keys unchanged); a key missing on one side is None there."""
    keys = list(new) + [key for key in old if key not in new]
    changes = tuple(SettingChange(setting=k, old=old.get(k), new=new.get(k)) for k in keys if old.get(k) != new.get(k))
    return changes, len(keys) - len(changes)


def diff_settings(base: DomainPlan | None, head: DomainPlan | None) -> tuple[tuple[SettingChange, ...], int]:
    return diff_mappings(flat_settings(base) if base else {}, flat_settings(head) if head else {})


def diff_monitoring(base: DomainPlan | None, head: DomainPlan | None) -> tuple[tuple[SettingChange, ...], int]:
    """Compared as planned, shown with each checked URL's query values masked: a change in a value alone
    still counts, and says so."""
    changes, same = diff_mappings(monitoring_settings(base), monitoring_settings(head))
    return tuple(shown_change(change) if change.setting == "checked_urls" else change for change in changes), same


def shown_change(change: SettingChange) -> SettingChange:
    old, new = shown_urls(change.old), shown_urls(change.new)
    if old == new:
        new = f"{new} (a query value changed)"
    return change.model_copy(update={"old": old, "new": new})


def shown_urls(urls: str | None) -> str | None:
    """A comma-separated list of checked URLs as a diff shows them (launchready.core.redact.shown_url)."""
    return ", ".join(shown_url(url) for url in urls.split(", ")) if urls else urls
