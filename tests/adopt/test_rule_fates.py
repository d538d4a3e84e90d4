"""Each fate adopt gives an existing rule, against a plan that fills the redirect phase."""

from __future__ import annotations

from typing import Any

from launchready.adopt import match
from launchready.adopt.model import ExistingRule, ExistingRuleset, ExistingZone
from launchready.core.plan import build_plan
from launchready.core.spec import parse_spec
from tests.adopt.conftest import SPEC

LEGACY = '(http.host eq "www.example.net" and http.request.uri.path eq "/old-signup" and ssl)'
"""The expression the plan gives SPEC's redirect from /old-signup."""


def existing(phase: str, *rules: dict[str, Any]) -> ExistingRuleset:
    return ExistingRuleset(id=f"id-{phase}", name="default", kind="zone", phase=phase, rules=tuple(
        ExistingRule(phase=phase, id=f"r{i}", rule={"ref": f"r{i}", **rule}) for i, rule in enumerate(rules)))


def fates(*rulesets: ExistingRuleset) -> dict[tuple[str, str], tuple[str, str | None]]:
    zone = ExistingZone(zone="example.net", zone_id="z", records=(), rulesets=rulesets, source="cloudflare")
    adoption = match(build_plan(parse_spec(SPEC), "staging"), zone)
    return {(m.existing.phase, m.existing.id): (m.fate, m.planned_ref) for m in adoption.rules}


def test_produced_replaced_deleted_and_untouched() -> None:
    redirects = existing("http_request_dynamic_redirect",
                         {"expression": LEGACY, "action": "redirect"},
                         {"expression": LEGACY, "action": "set_cache_settings"},
                         {"expression": '(http.request.uri.path eq "/promo")', "action": "redirect"})
    limits = existing("http_ratelimit", {"expression": "true", "action": "block"})
    redirect = "http_request_dynamic_redirect"
    assert fates(redirects, limits) == {
        (redirect, "r0"): ("produced", "legacy_www_example_net_old_signup"),
        (redirect, "r1"): ("replaced", "legacy_www_example_net_old_signup"),
        (redirect, "r2"): ("deleted", None),
        ("http_ratelimit", "r0"): ("untouched", None),
    }


def test_a_kept_rule_edited_in_the_dashboard_since_is_produced_with_a_note() -> None:
    kept = {"ref": "promo", "expression": "true", "action": "redirect", "description": "sale",
            "action_parameters": {"from_value": {"target_url": {"value": "https://www.example.net/sale"}}}}
    edited = {**kept, "description": "winter sale",
              "action_parameters": {"from_value": {"target_url": {"value": "https://www.example.net/winter"}}}}
    spec = {**SPEC, "rules": {"keep": {"http_request_dynamic_redirect": [kept]}}}
    zone = ExistingZone(zone="example.net", zone_id="z", source="cloudflare", records=(), rulesets=(
        ExistingRuleset(id="rs", name="default", kind="zone", phase="http_request_dynamic_redirect",
                        rules=(ExistingRule(phase="http_request_dynamic_redirect", id="promo", rule=edited),)),))
    (rule,) = match(build_plan(parse_spec(spec), "staging"), zone).rules
    assert (rule.fate, rule.planned_ref) == ("produced", "promo")
    assert rule.note == "the first up changes its action_parameters, description back to rules.keep"
