"""Ruleset rules from planned redirect and cache rules."""

from __future__ import annotations

from components.rulesets import cache_rule, redirect_rule
from launchready.core.plan import CacheRule, RedirectRule


def legacy(**fields: object) -> RedirectRule:
    defaults: dict[str, object] = {
        "ref": "legacy_x", "description": "d", "kind": "legacy", "host": "example.com", "source_path": "/a",
        "target_url": "https://example.com/b", "status": 308, "keep_query": False,
        "expression": '(http.host eq "example.com" and http.request.uri.path eq "/a" and ssl)',
        "target_value": "https://example.com/b"}
    return RedirectRule.model_validate({**defaults, **fields})


def test_static_target_is_a_value_and_status_and_query_come_from_the_plan() -> None:
    rule = redirect_rule(legacy())
    assert rule["ref"] == "legacy_x" and rule["action"] == "redirect" and rule["enabled"] is True
    assert rule["action_parameters"] == {"from_value": {
        "status_code": 308, "preserve_query_string": False, "target_url": {"value": "https://example.com/b"}}}


def test_dynamic_target_is_an_expression() -> None:
    target = 'concat("https://example.com", http.request.uri.path)'
    rule = redirect_rule(legacy(target_value=None, target_expression=target))
    assert rule["action_parameters"]["from_value"]["target_url"] == {"expression": target}  # type: ignore[index]


def test_cache_rule_overrides_origin_ttls() -> None:
    rule = cache_rule(CacheRule(ref="static", description="d", expression="true", cache=True,
                                edge_ttl=86400, browser_ttl=3600))
    assert rule["action"] == "set_cache_settings"
    assert rule["action_parameters"] == {"cache": True,
                                         "edge_ttl": {"mode": "override_origin", "default": 86400},
                                         "browser_ttl": {"mode": "override_origin", "default": 3600}}


def test_bypass_rule_only_turns_caching_off() -> None:
    rule = cache_rule(CacheRule(ref="bypass", description="d", expression="true", cache=False, edge_ttl=60))
    assert rule["action_parameters"] == {"cache": False}
