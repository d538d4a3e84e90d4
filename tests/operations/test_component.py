"""The operations builder under Pulumi's mocks: health checks, the alert policy and the rate-limit
ruleset as the real program registers them (the golden files are tests/snapshots/pulumi_*.json)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi.runtime.mocks import MockCallArgs

from components import ProductDomain
from components.operations import build_operations
from launchready.core.naming import (
    HEALTHCHECK_TYPE,
    NOTIFICATION_POLICY_TYPE,
    NOTIFICATION_WEBHOOK_TYPE,
    PRODUCT_DOMAIN_TYPE,
    RULESET_TYPE,
)
from launchready.core.plan import build_plan
from launchready.core.stack import accept
from tests.components.conftest import (
    ZONE_ID,
    CloudflareMocks,
    Run,
    example_domain,
    run_mocked,
    run_program,
)

ACCOUNT = "a" * 32


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, Run]]:
    yield {stack: run_program(stack, example_domain(stack)) for stack in ("prod", "staging")}
    pulumi.runtime.settings.reset_options()


def test_prod_checks_the_canonical_url_and_the_api_every_minute(runs: dict[str, Run]) -> None:
    run = runs["prod"]
    checks = {c["name"]: c["inputs"] for c in run.of_type(HEALTHCHECK_TYPE)}
    assert sorted(checks) == ["domain-healthcheck-api-example-com-health", "domain-healthcheck-example-com"]
    api = checks["domain-healthcheck-api-example-com-health"]
    assert (api["address"], api["type"], api["interval"], api["zoneId"]) == ("api.example.com", "HTTPS", 60, ZONE_ID)
    assert api["httpConfig"]["path"] == "/health" and api["httpConfig"]["port"] == 443
    component = run.component()
    assert all(c["parent"].endswith(f"{PRODUCT_DOMAIN_TYPE}::domain") for c in run.of_type(HEALTHCHECK_TYPE))
    assert component["name"] == "domain"


def test_prod_alert_policy_emails_the_declared_addresses_about_those_checks(runs: dict[str, Run]) -> None:
    run = runs["prod"]
    (policy,) = run.of_type(NOTIFICATION_POLICY_TYPE)
    inputs = policy["inputs"]
    assert policy["name"] == "domain-uptime-alerts"
    assert inputs["alertType"] == "health_check_status_notification"
    assert inputs["mechanisms"] == {"emails": [{"id": "ops@example.com"}, {"id": "oncall@example.com"}]}
    assert sorted(inputs["filters"]["healthCheckIds"]) == sorted(f"{c['name']}-id" for c in
                                                                  run.of_type(HEALTHCHECK_TYPE))
    assert run.outputs["alert_policy_id"] == "domain-uptime-alerts-id"
    assert "healthcheck_ids" in run.exported


def ratelimit(run: Run) -> dict[str, Any]:
    (ruleset,) = [r for r in run.of_type(RULESET_TYPE) if r["inputs"]["phase"] == "http_ratelimit"]
    return ruleset


def test_one_ratelimit_entry_point_with_json_429s(runs: dict[str, Run]) -> None:
    ruleset = ratelimit(runs["prod"])
    assert ruleset["name"] == "domain-ratelimit" and ruleset["inputs"]["kind"] == "zone"
    login, chat = ruleset["inputs"]["rules"]
    assert login["ratelimit"] == {"characteristics": ["ip.src", "cf.colo.id"], "period": 60,
                                  "requestsPerPeriod": 5, "mitigationTimeout": 600}
    assert chat["expression"] == '(http.request.uri.path eq "/v1/chat/messages" and http.host eq "api.example.com")'
    assert {r["actionParameters"]["response"]["statusCode"] for r in (login, chat)} == {429}


def test_staging_on_free_creates_the_rate_limit_but_no_health_checks(runs: dict[str, Run]) -> None:
    run = runs["staging"]
    assert run.of_type(HEALTHCHECK_TYPE) == [] and run.of_type(NOTIFICATION_POLICY_TYPE) == []
    (rule,) = ratelimit(run)["inputs"]["rules"]
    assert rule["expression"] == '(http.request.uri.path in {"/login" "/reset-password" "/api/chat/messages"})'
    assert (rule["ratelimit"]["period"], rule["ratelimit"]["mitigationTimeout"]) == (10, 10)
    assert "healthcheck_ids" not in run.exported


class AccountMocks(CloudflareMocks):
    """Answers the zone lookup with its account, as GET /zones/<id> does."""

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        found, failures = super().call(args)
        return {**found, "account": {"id": ACCOUNT, "name": "Example"}}, failures


def build(monitoring: dict[str, Any]) -> Run:
    spec = accept({"zone": {"name": "example.org", "id": ZONE_ID}, "plan": "pro",
                       "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}},
                       "monitoring": monitoring}).spec
    try:
        return run_mocked("test", {}, lambda: ProductDomain("domain", build_plan(spec, "test"),
                                                            extras=(build_operations,)), mocks=AccountMocks())
    finally:
        pulumi.runtime.settings.reset_options()


def zone_lookups(run: Run) -> int:
    return sum(token == "cloudflare:index/getZone:getZone" and args == {"zoneId": ZONE_ID} for token, args in run.calls)


def test_a_webhook_url_becomes_a_destination_and_the_account_comes_from_the_zone() -> None:
    run = build({"alerts": ["ops@example.org"], "webhook_url": "https://hooks.example.org/cloudflare"})
    (webhook,) = run.of_type(NOTIFICATION_WEBHOOK_TYPE)
    assert webhook["name"] == "domain-alert-webhook"
    secret = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
              "value": "https://hooks.example.org/cloudflare"}  # a secret Output on the wire
    assert webhook["inputs"] == {"accountId": ACCOUNT, "name": "example.org alerts", "url": secret}
    (policy,) = run.of_type(NOTIFICATION_POLICY_TYPE)
    assert policy["inputs"]["accountId"] == ACCOUNT
    assert policy["inputs"]["mechanisms"]["webhooks"] == [{"id": "domain-alert-webhook-id"}]
    assert zone_lookups(run) == 2  # the component's own (name servers), and the account's


def test_a_webhook_id_is_used_as_it_is() -> None:
    run = build({"alerts": ["ops@example.org"], "webhook_id": "b" * 32, "account_id": "c" * 32})
    assert run.of_type(NOTIFICATION_WEBHOOK_TYPE) == []
    (policy,) = run.of_type(NOTIFICATION_POLICY_TYPE)
    assert policy["inputs"]["accountId"] == "c" * 32
    assert policy["inputs"]["mechanisms"]["webhooks"] == [{"id": "b" * 32}]
    assert zone_lookups(run) == 1  # the account id is known: no lookup for it
