"""Line up the rules of a zone's entry-point rulesets with the rules the plan puts in each phase.

launchready's Ruleset owns its phase's whole rule list (a zone holds one entry point per phase,
Cloudflare error 20217 otherwise), so the first `pulumi up` rewrites every phase the plan fills: an
existing rule the plan does not produce is deleted. Each existing rule is therefore `produced` (a
planned rule has its expression and action), `replaced` (a planned rule takes its ref, or its
expression with another action), `deleted`, or `untouched` (the plan puts nothing in that phase).
A produced or replaced rule that the planned rule gives another action, or another redirect target or
status, changes what visitors get: its note says so, and it is a dangerous change that fails adopt
unless `adopted.overwrites` lists the rule's ref (launchready.adopt.overwrites).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from launchready.adopt.model import ExistingRule, ExistingZone, Overwrite, RuleMatch
from launchready.adopt.overwrites import overwrite
from launchready.core.plan.model import CacheRule, DomainPlan, PlannedKeptRule, RedirectRule
from launchready.core.plan.ops_model import RateLimitRule
from launchready.core.spec.kept import KEPT_PHASES
from launchready.diff.rule_dangers import RETARGET_WHY, from_value_target, redirect_effect

ACTION_WHY = ("requests that match it get another answer from the first up on (a challenge becomes a block, a "
              "block only a log, a redirect a cache setting): visitors it let through may be refused, or traffic "
              "it stopped gets through")


class Planned(NamedTuple):
    """A rule the plan puts in a phase: its ref, expression and action, and the rule itself."""

    ref: str
    expression: str
    action: str
    rule: PlannedKeptRule | RedirectRule | CacheRule | RateLimitRule

    @property
    def kept(self) -> dict[str, Any] | None:
        """The rule as sent, when it is one of `rules.keep`."""
        return self.rule.as_cloudflare() if isinstance(self.rule, PlannedKeptRule) else None


def planned_rules(plan: DomainPlan, phase: str) -> list[Planned]:
    """Every rule the plan puts in `phase`, kept rules first as the component orders them."""
    rules: list[Planned] = [Planned(r.ref, r.expression, r.action, r) for r in plan.phase_rules(phase)]
    if phase == "http_request_dynamic_redirect":
        rules += [Planned(r.ref, r.expression, "redirect", r) for r in plan.redirects]
    elif phase == "http_request_cache_settings":
        rules += [Planned(r.ref, r.expression, "set_cache_settings", r) for r in plan.cache_rules]
    elif phase == "http_ratelimit":
        rules += [Planned(r.ref, r.expression, "block", r) for r in plan.rate_limits]
    return rules


def drift_note(rule: ExistingRule, kept: dict[str, Any] | None) -> str:
    """What the first `pulumi up` changes on a rule `rules.keep` already holds (an edit made in the
    dashboard since the spec copied it is undone)."""
    if kept is None:
        return ""
    changed = sorted(k for k in set(kept) | set(rule.rule) if kept.get(k) != rule.rule.get(k)
                     and not (k == "enabled" and kept.get(k, True) == rule.rule.get(k, True)))
    return f"the first up changes its {', '.join(changed)} back to rules.keep" if changed else ""


Change = tuple[str, Any, Any]
"""(what, old, new): `action`, or a redirect's `target` or `status`."""


def effect_changes(rule: ExistingRule, planned: Planned) -> list[Change]:
    """What the planned rule does differently: its action, or a redirect's target and status (the same
    notion as `launchready diff`'s redirect.target-changed, launchready.diff.rule_dangers)."""
    if rule.action != planned.action:
        return [("action", rule.action, planned.action)]
    before = from_value_target(rule.rule.get("action_parameters")) if rule.action == "redirect" else (None, None)
    after = redirect_effect(planned.rule) or (None, None)
    return [(what, old, new) for what, old, new in zip(("target", "status"), before, after, strict=True) if old != new]


def changes_text(changes: list[Change]) -> str:
    return "the first up changes its " + ", ".join(f"{what} {old} → {new}" for what, old, new in changes)


def rule_overwrite(plan: DomainPlan, rule: ExistingRule, changes: list[Change]) -> Overwrite | None:
    """Another action or redirect target is a dangerous change unless `adopted.overwrites` lists the rule's ref."""
    if not changes:
        return None
    action = changes[0][0] == "action"
    return overwrite(plan, "rule.action-changed" if action else "redirect.target-changed",
                     f"{changes_text(changes)} on the {rule.phase} rule {rule.ref}, which matches {rule.expression}",
                     ACTION_WHY if action else RETARGET_WHY, rule.ref)


def matched(plan: DomainPlan, rule: ExistingRule, planned: Planned, produced: bool) -> RuleMatch:
    """A rule the planned one produces or replaces, with what the first up changes on it and whether that
    is a dangerous change."""
    changes = effect_changes(rule, planned)
    said = changes_text(changes) if changes else ""
    note = (drift_note(rule, planned.kept) or said) if produced else \
        "; ".join(filter(None, (f"the planned rule {planned.ref} takes its place", said)))
    return RuleMatch(existing=rule, fate="produced" if produced else "replaced", planned_ref=planned.ref, note=note,
                     overwrite=rule_overwrite(plan, rule, changes))


def fate(plan: DomainPlan, rule: ExistingRule, planned: list[Planned]) -> RuleMatch:
    same = next((p for p in planned if (p.expression, p.action) == (rule.expression, rule.action)), None)
    if same:
        return matched(plan, rule, same, produced=True)
    if not planned:
        return RuleMatch(existing=rule, fate="untouched", note="the plan puts no rule in this phase")
    taker = next((p for p in planned if p.ref == rule.ref or p.expression == rule.expression), None)
    if taker:
        return matched(plan, rule, taker, produced=False)
    return RuleMatch(existing=rule, fate="deleted", note=f"the {rule.phase} ruleset is rewritten without it")


def rule_matches(plan: DomainPlan, existing: ExistingZone) -> tuple[RuleMatch, ...]:
    """Every rule of the zone's entry points in the phases launchready fills, in phase order."""
    found = {r.phase: r for r in existing.rulesets if r.kind == "zone" and r.phase in KEPT_PHASES}
    return tuple(fate(plan, rule, planned_rules(plan, phase)) for phase in KEPT_PHASES if phase in found
                 for rule in found[phase].rules)


def phase_used(plan: DomainPlan, phase: str) -> bool:
    return bool(planned_rules(plan, phase))
