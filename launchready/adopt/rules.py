"""Line up the rules of a zone's entry-point rulesets with the rules the plan puts in each phase.

launchready's Ruleset owns its phase's whole rule list (a zone holds one entry point per phase,
Cloudflare error 20217 otherwise), so the first `pulumi up` rewrites every phase the plan fills: an
existing rule the plan does not produce is deleted. Each existing rule is therefore `produced` (a
planned rule has its expression and action), `replaced` (a planned rule takes its ref, or its
expression with another action), `deleted`, or `untouched` (the plan puts nothing in that phase).
"""

from __future__ import annotations

from typing import Any

from launchready.adopt.model import ExistingRule, ExistingZone, RuleMatch
from launchready.core.plan.model import DomainPlan
from launchready.core.spec.kept import KEPT_PHASES

Planned = tuple[str, str, str, dict[str, Any] | None]
"""(ref, expression, action, the rule as sent when it is a kept one) of a planned rule."""


def planned_rules(plan: DomainPlan, phase: str) -> list[Planned]:
    """Every rule the plan puts in `phase`, kept rules first as the component orders them."""
    rules: list[Planned] = [(r.ref, r.expression, r.action, r.as_cloudflare()) for r in plan.phase_rules(phase)]
    if phase == "http_request_dynamic_redirect":
        rules += [(r.ref, r.expression, "redirect", None) for r in plan.redirects]
    elif phase == "http_request_cache_settings":
        rules += [(r.ref, r.expression, "set_cache_settings", None) for r in plan.cache_rules]
    elif phase == "http_ratelimit":
        rules += [(r.ref, r.expression, "block", None) for r in plan.rate_limits]
    return rules


def drift_note(rule: ExistingRule, kept: dict[str, Any] | None) -> str:
    """What the first `pulumi up` changes on a rule `rules.keep` already holds (an edit made in the
    dashboard since the spec copied it is undone)."""
    if kept is None:
        return ""
    changed = sorted(k for k in set(kept) | set(rule.rule) if kept.get(k) != rule.rule.get(k)
                     and not (k == "enabled" and kept.get(k, True) == rule.rule.get(k, True)))
    return f"the first up changes its {', '.join(changed)} back to rules.keep" if changed else ""


def fate(rule: ExistingRule, planned: list[Planned]) -> RuleMatch:
    same = next((p for p in planned if (p[1], p[2]) == (rule.expression, rule.action)), None)
    if same:
        return RuleMatch(existing=rule, fate="produced", planned_ref=same[0], note=drift_note(rule, same[3]))
    if not planned:
        return RuleMatch(existing=rule, fate="untouched", note="the plan puts no rule in this phase")
    taker = next((p for p in planned if p[0] == rule.ref or p[1] == rule.expression), None)
    if taker:
        return RuleMatch(existing=rule, fate="replaced", planned_ref=taker[0],
                         note=f"the planned rule {taker[0]} takes its place")
    return RuleMatch(existing=rule, fate="deleted", note=f"the {rule.phase} ruleset is rewritten without it")


def rule_matches(plan: DomainPlan, existing: ExistingZone) -> tuple[RuleMatch, ...]:
    """Every rule of the zone's entry points in the phases launchready fills, in phase order."""
    found = {r.phase: r for r in existing.rulesets if r.kind == "zone" and r.phase in KEPT_PHASES}
    return tuple(fate(rule, planned_rules(plan, phase)) for phase in KEPT_PHASES if phase in found
                 for rule in found[phase].rules)


def phase_used(plan: DomainPlan, phase: str) -> bool:
    return bool(planned_rules(plan, phase))
