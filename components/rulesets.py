"""The zone's entry-point rulesets: single redirects and cache rules, one Ruleset per phase.

A zone holds one `kind="zone"` ruleset per phase (Cloudflare API error 20217 for a second one,
read 2026-11), so every rule of a phase goes into one resource. Each rule carries a `ref`, the
stable rule identity Cloudflare keeps across updates, so reordering rules does not churn them.
The rule dicts use the API's snake_case names, which are also the provider's `RulesetRuleArgsDict`
keys; tests validate them against the Cloudflare SDK's rule types.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import pulumi_cloudflare as cloudflare

from components.scope import DomainScope, Exports
from launchready.core.naming import ruleset_name
from launchready.core.plan import CacheRule, RedirectRule

REDIRECT_PHASE = "http_request_dynamic_redirect"
CACHE_PHASE = "http_request_cache_settings"
OVERRIDE_ORIGIN = "override_origin"

Rule = cloudflare.RulesetRuleArgsDict


def redirect_target(rule: RedirectRule) -> cloudflare.RulesetRuleActionParametersFromValueTargetUrlArgsDict:
    """Dynamic target (keeps the path) as an expression, a fixed URL as a value."""
    if rule.target_expression:
        return {"expression": rule.target_expression}
    return {"value": rule.target_value or rule.target_url}


def redirect_rule(rule: RedirectRule) -> Rule:
    from_value: cloudflare.RulesetRuleActionParametersFromValueArgsDict = {
        "status_code": rule.status, "preserve_query_string": rule.keep_query, "target_url": redirect_target(rule)}
    return {"ref": rule.ref, "description": rule.description, "expression": rule.expression,
            "action": "redirect", "enabled": True, "action_parameters": {"from_value": from_value}}


def cache_parameters(rule: CacheRule) -> cloudflare.RulesetRuleActionParametersArgsDict:
    """`cache: false` bypasses; stated TTLs override whatever the origin sends."""
    parameters: cloudflare.RulesetRuleActionParametersArgsDict = {"cache": rule.cache}
    if rule.cache and rule.edge_ttl is not None:
        parameters["edge_ttl"] = {"mode": OVERRIDE_ORIGIN, "default": rule.edge_ttl}
    if rule.cache and rule.browser_ttl is not None:
        parameters["browser_ttl"] = {"mode": OVERRIDE_ORIGIN, "default": rule.browser_ttl}
    return parameters


def cache_rule(rule: CacheRule) -> Rule:
    return {"ref": rule.ref, "description": rule.description, "expression": rule.expression,
            "action": "set_cache_settings", "enabled": True, "action_parameters": cache_parameters(rule)}


def kept(scope: DomainScope, phase: str) -> list[Rule]:
    """The phase's `rules.keep` rules, which come before the generated ones (docs/config.md)."""
    return [cast(Rule, rule.as_cloudflare()) for rule in scope.plan.phase_rules(phase)]


def phase_rules(scope: DomainScope) -> dict[str, list[Rule]]:
    """Rules per phase, in plan order (the order Cloudflare evaluates them): kept rules first."""
    return {
        REDIRECT_PHASE: kept(scope, REDIRECT_PHASE) + [redirect_rule(rule) for rule in scope.plan.redirects],
        CACHE_PHASE: kept(scope, CACHE_PHASE) + [cache_rule(rule) for rule in scope.plan.cache_rules],
    }


def protected(scope: DomainScope, phase: str, rules: Sequence[Rule]) -> bool:
    """An entry point holding an adopted rule is protected: deleting the ruleset deletes the rule."""
    adopted = set(scope.plan.adopted_rules)
    return any(rule.get("ref") in adopted for rule in rules)


def phase_ruleset(scope: DomainScope, phase: str, rules: Sequence[Rule]) -> cloudflare.Ruleset | None:
    """The zone entry point for `phase`, or None when there is nothing to put in it (an empty entry
    point would still block anyone else from creating one)."""
    if not rules:
        return None
    scope.claim_phase(phase)
    return cloudflare.Ruleset(ruleset_name(phase, scope.name), zone_id=scope.zone_id, kind="zone",
                              phase=phase, name="default", description=f"managed by launchready ({phase})",
                              rules=list(rules), opts=scope.opts(protect=protected(scope, phase, rules)))


def build_rulesets(scope: DomainScope) -> Exports:
    # Ruleset outputs never leave this function: their `values` field breaks Output.from_input
    # (pulumi#12806), so nothing here is exported.
    for phase, rules in phase_rules(scope).items():
        phase_ruleset(scope, phase, rules)
    return {}
