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


PARTNER = {"from_value": {"target_url": {"value": "https://partner.example.org/join"}, "status_code": 302}}
RATE_LIMITED = {**SPEC, "rate_limits": {"abuse": {"paths": ["/login"], "requests": 10}}}
CHALLENGE = {"expression": '(http.request.uri.path eq "/login")', "action": "managed_challenge",
             "ratelimit": {"characteristics": ["ip.src", "cf.colo.id"], "period": 60, "requests_per_period": 100,
                           "mitigation_timeout": 0}}


def adoption_of(spec: dict[str, Any], *rulesets: ExistingRuleset) -> Any:
    zone = ExistingZone(zone="example.net", zone_id="z", records=(), rulesets=rulesets, source="cloudflare")
    return match(build_plan(parse_spec(spec), "staging"), zone)


def test_a_produced_redirect_the_plan_retargets_says_so_and_is_dangerous() -> None:
    redirects = existing("http_request_dynamic_redirect",
                         {"expression": LEGACY, "action": "redirect", "action_parameters": PARTNER})
    (rule,) = adoption_of(SPEC, redirects).rules
    assert rule.fate == "produced"
    assert rule.note == ("the first up changes its target https://partner.example.org/join → "
                         "https://www.example.net/signup, status 302 → 308")
    assert rule.overwrite is not None and (rule.overwrite.rule, rule.overwrite.entry) == ("redirect.target-changed",
                                                                                          "r0")
    assert adoption_of(SPEC, redirects).undeclared_overwrites == (rule.overwrite,)


def test_a_replaced_rule_with_another_action_says_so_and_is_dangerous() -> None:
    (rule,) = adoption_of(RATE_LIMITED, existing("http_ratelimit", CHALLENGE)).rules
    assert (rule.fate, rule.planned_ref) == ("replaced", "ratelimit_abuse")
    assert rule.note == "the planned rule ratelimit_abuse takes its place; the first up changes its action " \
                        "managed_challenge → block"
    assert rule.overwrite is not None and rule.overwrite.rule == "rule.action-changed"
    assert not rule.overwrite.declared


def test_a_rule_change_adopted_overwrites_lists_by_ref_is_declared() -> None:
    spec = {**RATE_LIMITED, "adopted": {"overwrites": ["r0"]}}
    adoption = adoption_of(spec, existing("http_ratelimit", CHALLENGE))
    assert [o.declared for o in adoption.overwrites] == [True] and adoption.undeclared_overwrites == ()


def test_a_produced_rule_that_does_the_same_is_no_dangerous_change() -> None:
    same = {"from_value": {"target_url": {"value": "https://www.example.net/signup"}, "status_code": 308,
                           "preserve_query_string": True}}
    adoption = adoption_of(SPEC, existing("http_request_dynamic_redirect",
                                          {"expression": LEGACY, "action": "redirect", "action_parameters": same}))
    assert [(m.fate, m.note, m.overwrite) for m in adoption.rules] == [("produced", "", None)]


def test_a_kept_rule_whose_dashboard_target_the_first_up_changes_back_is_dangerous() -> None:
    kept = {"ref": "promo", "expression": "true", "action": "redirect",
            "action_parameters": {"from_value": {"target_url": {"value": "https://www.example.net/sale"}}}}
    edited = {**kept, "action_parameters": {"from_value": {"target_url": {"value": "https://www.example.net/winter"}}}}
    spec = {**SPEC, "rules": {"keep": {"http_request_dynamic_redirect": [kept]}}}
    zone = existing("http_request_dynamic_redirect", edited)
    (rule,) = adoption_of(spec, zone).rules
    assert rule.overwrite is not None and rule.overwrite.rule == "redirect.target-changed"
    assert "target https://www.example.net/winter → https://www.example.net/sale" in rule.overwrite.change
