"""Planning monitoring and rate limits: the values the component and the handover report use."""

from __future__ import annotations

import json
from typing import Any

from launchready.core.plan import DomainPlan, build_plan
from launchready.core.stack import accept
from launchready.render.plan import render_plan

BASE: dict[str, Any] = {
    "zone": "example.com",
    "origin": {"ipv4": ["192.0.2.10"]},
    "hosts": {"apex": {}, "www": {}, "api": {"ipv4": ["192.0.2.11"]}},
}


def plan_of(**changes: Any) -> DomainPlan:
    return accept({**BASE, **changes}, stack="test").plan


def test_health_checks_asked_for_on_free_are_shown_but_not_created() -> None:
    plan = plan_of(monitoring={"engine": "healthchecks", "alerts": ["ops@example.com"], "checks": ["/", "/health"]})
    monitoring = plan.monitoring
    assert monitoring is not None and not monitoring.created and monitoring.worker is None
    assert monitoring.note and "free plan has no standalone health checks" in monitoring.note
    assert [c.url for c in monitoring.checks] == ["https://example.com/", "https://example.com/health"]
    text = render_plan(plan, "text")
    assert "https://example.com/health" in text and "shown only: free plan has none (set plan: pro or engine: " \
                                                      "worker)" in text


def test_prod_creates_health_checks_for_the_canonical_url_and_the_api(prod_plan: DomainPlan) -> None:
    monitoring = prod_plan.monitoring
    assert monitoring is not None and monitoring.created and monitoring.note is None
    root, api = (c.as_cloudflare() for c in monitoring.checks)
    assert root["address"] == "example.com" and root["http_config"]["path"] == "/"
    assert api["address"] == "api.example.com" and api["http_config"]["path"] == "/health"
    assert {root["type"], root["interval"], root["http_config"]["port"]} == {"HTTPS", 60, 443}
    assert api["http_config"]["header"] == {"Host": ["api.example.com"]}
    assert monitoring.alert_emails == ("ops@example.com", "oncall@example.com")


def test_notification_policy_emails_every_address_and_filters_the_checks() -> None:
    plan = plan_of(plan="pro", monitoring={"alerts": ["Ops@Example.com"], "webhook_url": "https://hooks.example.org/x"})
    assert plan.monitoring is not None
    policy = plan.monitoring.notification_policy(["hc-1"], ["wh-1"])
    assert policy["alert_type"] == "health_check_status_notification"
    assert policy["mechanisms"] == {"emails": [{"id": "ops@example.com"}], "webhooks": [{"id": "wh-1"}]}
    assert policy["filters"] == {"health_check_ids": ["hc-1"]}


def test_free_rule_tests_the_path_only(staging_plan: DomainPlan) -> None:
    (rule,) = staging_plan.rate_limits
    assert rule.expression == '(http.request.uri.path in {"/login" "/reset-password" "/api/chat/messages"})'
    cf = rule.as_cloudflare()
    assert (cf["ratelimit"]["period"], cf["ratelimit"]["mitigation_timeout"]) == (10, 10)
    assert cf["ratelimit"]["characteristics"] == ["ip.src", "cf.colo.id"]


def test_blocked_clients_get_a_json_429() -> None:
    (rule,) = plan_of(rate_limits={"login": {"paths": ["/login"], "requests": 5}}).rate_limits
    response = rule.as_cloudflare()["action_parameters"]["response"]
    assert (rule.as_cloudflare()["action"], response["status_code"]) == ("block", 429)
    assert response["content_type"] == "application/json"
    assert json.loads(response["content"]) == {"error": "rate_limited", "retry_after": 10,
                                               "message": "Too many requests. Try again in 10 seconds."}


def test_business_rule_matches_host_and_method() -> None:
    plan = plan_of(plan="business", rate_limits={"chat-send": {"paths": ["/v1/chat/messages"], "requests": 30,
                                                               "hosts": ["api"], "methods": ["POST"]}})
    (rule,) = plan.rate_limits
    assert rule.ref == "ratelimit_chat_send"
    assert rule.expression == ('(http.request.uri.path eq "/v1/chat/messages" and http.host eq "api.example.com" '
                               'and http.request.method eq "POST")')


def test_plan_json_carries_the_operations(prod_plan: DomainPlan) -> None:
    contract = json.loads(render_plan(prod_plan, "json"))
    assert contract["cloudflare_plan"] == "pro"
    assert [r["ref"] for r in contract["rate_limits"]] == ["ratelimit_login", "ratelimit_chat"]
    assert contract["monitoring"]["created"] is True


def test_stacks_without_operations_keep_their_plan_text() -> None:
    text = render_plan(plan_of(), "text")
    assert "Monitoring" not in text and "Rate limits" not in text
    assert "Zone settings" in text


def test_plan_json_never_shows_the_webhook_secret(tmp_path) -> None:
    from launchready.render.plan import render_plan

    canary = "T000CANARY/B000CANARY/XoXoCanarySecret"
    spec = accept({"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "plan": "pro",
                       "monitoring": {"alerts": ["ops@example.com"], "account_id": "0" * 32,
                                      "webhook_url": f"https://hooks.slack.com/services/{canary}"}}).spec
    plan = build_plan(spec, "t")
    assert plan.monitoring is not None and canary in (plan.monitoring.webhook_url or "")
    for fmt in ("json", "text", "markdown"):
        output = render_plan(plan, fmt)
        assert "CANARY" not in output, fmt
    assert "https://hooks.slack.com/[secret]" in render_plan(plan, "json")
