"""Every emitted rate-limit rule, health check and alert policy, checked against the Cloudflare SDK's
own request types with unknown keys refused, so a misspelt key or a wrong enum fails here and not
at `pulumi up`."""

from __future__ import annotations

from typing import Any

import pytest
from cloudflare.types.alerting.policy_create_params import PolicyCreateParams
from cloudflare.types.healthchecks.healthcheck_create_params import HealthcheckCreateParams
from cloudflare.types.rulesets.block_rule_param import BlockRuleParam
from cloudflare.types.rulesets.ruleset_create_params import RulesetCreateParams
from pydantic import ValidationError

from launchready.core.plan import DomainPlan
from launchready.core.plan.ops_model import RATELIMIT_PHASE
from launchready.core.stack import accept
from tests.operations.sdk_types import strict_adapter

ZONE_ID, ACCOUNT_ID = "0" * 32, "1" * 32
BUSINESS = accept({
    "zone": "example.com", "plan": "business", "origin": {"ipv4": ["192.0.2.10"]},
    "hosts": {"apex": {}, "www": {}, "api": {"ipv4": ["192.0.2.11"]}},
    "rate_limits": {"chat": {"paths": ["/v1/chat"], "requests": 30, "hosts": ["api"], "methods": ["POST"],
                             "period": 600, "timeout": 86400}},
}, stack="business").plan

BLOCK_RULE = strict_adapter(BlockRuleParam)
RULESET = strict_adapter(RulesetCreateParams)
HEALTHCHECK = strict_adapter(HealthcheckCreateParams)
POLICY = strict_adapter(PolicyCreateParams)


def plans(staging_plan: DomainPlan, prod_plan: DomainPlan) -> list[DomainPlan]:
    return [staging_plan, prod_plan, BUSINESS]


def test_rate_limit_rules_are_block_rules(staging_plan: DomainPlan, prod_plan: DomainPlan) -> None:
    rules = [rule.as_cloudflare() for plan in plans(staging_plan, prod_plan) for rule in plan.rate_limits]
    assert len(rules) == 4
    for rule in rules:
        assert BLOCK_RULE.validate_python(rule) == rule


def test_the_ratelimit_ruleset_is_a_valid_zone_entry_point(prod_plan: DomainPlan) -> None:
    ruleset = {"zone_id": ZONE_ID, "kind": "zone", "name": "default", "phase": RATELIMIT_PHASE,
               "rules": [rule.as_cloudflare() for rule in prod_plan.rate_limits]}
    assert RULESET.validate_python(ruleset)["phase"] == "http_ratelimit"


def healthcheck_params(check: dict[str, Any]) -> dict[str, Any]:
    """The SDK names the timeout `healthcheck_timeout` in Python (alias "timeout" on the wire)."""
    params = {("healthcheck_timeout" if key == "timeout" else key): value for key, value in check.items()}
    return {"zone_id": ZONE_ID, **params}


def test_health_checks_are_valid_create_requests(staging_plan: DomainPlan, prod_plan: DomainPlan) -> None:
    checks = [c.as_cloudflare() for p in (staging_plan, prod_plan) if p.monitoring for c in p.monitoring.checks]
    assert len(checks) == 4
    for check in checks:
        HEALTHCHECK.validate_python(healthcheck_params(check))


API_NAMES = {"health_check_ids": "health_check_id", "emails": "email", "pagerduties": "pagerduty"}
"""pulumi-cloudflare pluralises list attributes (the API's `group_by` is its `group_bies`); the
SDK types use the API names."""


def policy_params(policy: dict[str, Any]) -> dict[str, Any]:
    renamed = {key: {API_NAMES.get(k, k): v for k, v in policy[key].items()} for key in ("filters", "mechanisms")}
    return {"account_id": ACCOUNT_ID, **policy, **renamed}


def test_notification_policy_is_a_valid_create_request(prod_plan: DomainPlan) -> None:
    assert prod_plan.monitoring is not None
    policy = prod_plan.monitoring.notification_policy(["hc-1", "hc-2"], ["wh-1"])
    POLICY.validate_python(policy_params(policy))


@pytest.mark.parametrize(("change", "where"), [
    ({"ratelimit": {"characteristics": ["ip.src"], "period": 10, "requests_per_period": 5, "burst": 1}},
     ("ratelimit", "burst")),
    ({"action": "rate_limit"}, ("action",)),
    ({"action_parameters": {"response": {"status_code": 429, "content": "{}"}}},
     ("action_parameters", "response", "content_type")),
])
def test_a_wrong_rule_is_refused(prod_plan: DomainPlan, change: dict[str, Any], where: tuple[str, ...]) -> None:
    rule = {**prod_plan.rate_limits[0].as_cloudflare(), **change}
    with pytest.raises(ValidationError) as caught:
        BLOCK_RULE.validate_python(rule)
    assert tuple(caught.value.errors()[0]["loc"]) == where
