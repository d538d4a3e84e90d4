"""Line up the rules of a zone's entry-point rulesets with the rules the plan puts in each phase.

launchready's Ruleset owns its phase's whole rule list (a zone holds one entry point per phase,
Cloudflare error 20217 otherwise), so the first `pulumi up` rewrites every phase the plan fills: an
existing rule the plan does not produce is deleted. Each existing rule is therefore `produced` (a
planned rule has its expression and action), `replaced` (a planned rule takes its ref, or its
expression with another action), `deleted`, or `untouched` (the plan puts nothing in that phase).
A produced or replaced rule that the planned rule gives another action, another redirect target or
status, another rate limit threshold (requests per period, period, mitigation timeout) or other cache
settings (cache or bypass, edge and browser TTL) changes what visitors get: its note says so, and it is
a dangerous change that fails adopt unless `adopted.overwrites` lists the rule's ref
(launchready.adopt.overwrites).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from launchready.adopt.model import ExistingRule, ExistingZone, Overwrite, RuleMatch
from launchready.adopt.overwrites import overwrite
from launchready.core.plan.model import CacheRule, DomainPlan, PlannedKeptRule, RedirectRule
from launchready.core.plan.ops_model import RateLimitRule
from launchready.core.spec.kept import KEPT_PHASES
from launchready.diff.rule_dangers import RETARGET_WHY, from_value_target, redirect_effect

THRESHOLD_WHY = ("a lower threshold, a longer period or a longer timeout blocks visitors the rule let through "
                 "(a busy office behind one address, a retrying app); a higher one lets through the traffic it "
                 "stopped (credential stuffing, scraping)")
CACHE_WHY = ("a longer TTL keeps serving old pages and files after a deploy (browsers keep their copy until the "
             "browser TTL runs out, and no purge reaches them); a shorter TTL or a bypass sends those requests to "
             "the origin, which may not carry the load")
LIMITS = {"requests_per_period": ("ratelimit", "requests_per_period"), "period": ("ratelimit", "period"),
          "mitigation_timeout": ("ratelimit", "mitigation_timeout"), "cache": ("action_parameters", "cache"),
          "edge_ttl": ("action_parameters", "edge_ttl"), "browser_ttl": ("action_parameters", "browser_ttl")}
"""Where a rule in the API's shape holds its rate limit threshold and its cache settings (a TTL's
`default`; Cloudflare API, "Rulesets › Cache rules" and "Rate limiting rules", read 2026-11)."""
RULE_DANGERS = {"action": "rule.action-changed", "target": "redirect.target-changed",
                "status": "redirect.target-changed", "requests_per_period": "ratelimit.threshold-changed",
                "period": "ratelimit.threshold-changed", "mitigation_timeout": "ratelimit.threshold-changed",
                "cache": "cache.ttl-changed", "edge_ttl": "cache.ttl-changed", "browser_ttl": "cache.ttl-changed"}
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
    retargeted = [(what, old, new) for what, old, new in zip(("target", "status"), before, after, strict=True)
                  if old != new]
    return retargeted + limit_changes(rule, planned)


def limit_values(rule: dict[str, Any]) -> dict[str, Any]:
    """The rate limit threshold and cache settings of a rule in the API's shape (a TTL by its `default`)."""
    values = {}
    for what, (part, key) in LIMITS.items():
        value = (rule.get(part) or {}).get(key) if isinstance(rule.get(part), dict) else None
        values[what] = value.get("default") if isinstance(value, dict) else value
    return values


def planned_limits(planned: Planned) -> dict[str, Any] | None:
    """The planned rule's threshold and cache settings; None for a redirect, which has neither."""
    rule = planned.rule
    if isinstance(rule, CacheRule):
        ttl = {"edge_ttl": rule.edge_ttl, "browser_ttl": rule.browser_ttl} if rule.cache else {}
        return {**dict.fromkeys(LIMITS), "cache": rule.cache, **ttl}
    return None if isinstance(rule, RedirectRule) else limit_values(rule.as_cloudflare())


def limit_changes(rule: ExistingRule, planned: Planned) -> list[Change]:
    """Another rate limit threshold or other cache settings (`ratelimit.threshold-changed`, `cache.ttl-changed`).
    A threshold field the rule does not hold is unknown, not different; a TTL it does not hold is the origin's."""
    after = planned_limits(planned)
    if after is None:
        return []
    before = limit_values(rule.rule)
    return [(what, shown_limit(before[what]), shown_limit(after[what])) for what in LIMITS
            if before[what] != after[what] and not (before[what] is None and LIMITS[what][0] == "ratelimit")]


def shown_limit(value: Any) -> Any:
    return "not set" if value is None else value


def changes_text(changes: list[Change]) -> str:
    return "the first up changes its " + ", ".join(f"{what} {old} → {new}" for what, old, new in changes)


def rule_overwrite(plan: DomainPlan, rule: ExistingRule, changes: list[Change]) -> Overwrite | None:
    """Another action, redirect target, threshold or cache setting is a dangerous change unless
    `adopted.overwrites` lists the rule's ref; the rule id is the first change's."""
    if not changes:
        return None
    danger = RULE_DANGERS[changes[0][0]]
    why = {"rule.action-changed": ACTION_WHY, "redirect.target-changed": RETARGET_WHY,
           "ratelimit.threshold-changed": THRESHOLD_WHY, "cache.ttl-changed": CACHE_WHY}[danger]
    return overwrite(plan, danger, f"{changes_text(changes)} on the {rule.phase} rule {rule.ref}, which matches "
                     f"{rule.expression}", why, rule.ref)


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
