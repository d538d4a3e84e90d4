"""Frozen values of a plan diff: what changed between two plans of one stack, and what is dangerous.

A diff compares plans, never raw YAML: two spellings of the same spec give the same plan, so they
give no diff, and every record carries the TTL and proxy state Cloudflare will really hold.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from launchready.core.plan.model import CacheRule, PlannedKeptRule, PlannedRecord, RedirectRule
from launchready.core.plan.ops_model import RateLimitRule

Action = Literal["added", "removed", "changed"]
ACTION_ORDER = {"removed": 0, "changed": 1, "added": 2}


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecordChange(Value):
    """One record added, removed or changed. `fields` names what changed (content, priority, ttl,
    proxied); a changed content means the set held one record of that name and type before and after."""

    action: Action
    name: str
    type: str
    old: PlannedRecord | None = None
    new: PlannedRecord | None = None
    fields: tuple[str, ...] = ()

    @property
    def record(self) -> PlannedRecord:
        """The record as it is after the change, or as it was when it is removed."""
        found = self.new or self.old
        assert found is not None
        return found

    def document(self) -> dict[str, Any]:
        return {
            "action": self.action, "name": self.name, "type": self.type, "fields": list(self.fields),
            "old": self.old.contract() if self.old else None,
            "new": self.new.contract() if self.new else None,
        }


Rule = RedirectRule | CacheRule | RateLimitRule | PlannedKeptRule


class RuleChange(Value):
    """A redirect, cache or rate limit rule added, removed or changed, matched by its stable `ref`."""

    kind: Literal["redirect", "cache", "ratelimit", "kept"]
    action: Action
    ref: str
    old: Rule | None = None
    new: Rule | None = None
    fields: tuple[str, ...] = ()

    def document(self) -> dict[str, Any]:
        return {"action": self.action, "ref": self.ref, "phase": self.phase, "fields": list(self.fields),
                "old": self.old.model_dump() if self.old else None, "new": self.new.model_dump() if self.new else None}


    @property
    def phase(self) -> str:
        rule = self.old or self.new
        if isinstance(rule, PlannedKeptRule):
            return rule.phase
        return PHASE_OF_KIND.get(self.kind, "")


PHASE_OF_KIND = {"redirect": "http_request_dynamic_redirect", "cache": "http_request_cache_settings",
                 "ratelimit": "http_ratelimit"}


class SettingChange(Value):
    """One zone-level setting (ssl, hsts.max_age, canonical_host, dnssec, …) with its old and new value;
    `old` is None when the base revision had no plan."""

    setting: str
    old: Any = None
    new: Any = None


APPROVAL = "if it is meant, a reviewer approves it (the PR workflow's `dns-danger-approved` label)"
"""How a flagged change gets through, said by the dangers a pull request can slip in (docs/diff-and-adopt.md)."""


class Danger(Value):
    """A change that can break mail, TLS or the site: a stable rule id, what it touches, the change
    itself ("deletes @ MX 10 mx1.example.org") and why it hurts (shared by every danger of a rule
    that touches records, so a PR comment can say it once)."""

    rule: str
    subject: str
    change: str
    why: str

    @property
    def message(self) -> str:
        return f"{self.change}: {self.why}"

    def document(self) -> dict[str, str]:
        return {"rule": self.rule, "subject": self.subject, "message": self.message}


class Side(Value):
    """One end of the diff: the revision asked for, the commit it resolved to, and whether the stack
    file existed there (a missing file is an empty plan)."""

    ref: str
    commit: str | None = None
    exists: bool = True


class PlanDiff(Value):
    stack: str
    zone: str
    base: Side
    head: Side
    records: tuple[RecordChange, ...]
    redirects: tuple[RuleChange, ...]
    cache_rules: tuple[RuleChange, ...]
    rate_limits: tuple[RuleChange, ...] = ()
    kept_rules: tuple[RuleChange, ...] = ()
    settings: tuple[SettingChange, ...]
    monitoring: tuple[SettingChange, ...] = ()
    unchanged: dict[str, int]
    dangers: tuple[Danger, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.records or self.redirects or self.cache_rules or self.rate_limits or self.kept_rules
                    or self.settings or self.monitoring)

    @property
    def dangerous(self) -> bool:
        return bool(self.dangers)
