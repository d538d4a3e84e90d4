"""ProductDomain built directly from a plan: the three zone modes, extra child builders, and the
one-ruleset-per-phase guard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_cloudflare as cloudflare
import pytest

from components import DomainScope, Exports, ProductDomain
from components.rulesets import REDIRECT_PHASE, phase_ruleset
from launchready.core.naming import DNS_RECORD_TYPE, PRODUCT_DOMAIN_TYPE, RULESET_TYPE, ZONE_TYPE
from launchready.core.plan import DomainPlan
from tests.components.conftest import NAME_SERVERS, ZONE_ID

ACCOUNT_ID = "0123456789abcdef0123456789abcdef"
OWN_ZONE_ID = "fedcba9876543210fedcba9876543210"
GET_ZONE = "cloudflare:index/getZone:getZone"


def build(plan: DomainPlan, name: str = "domain", extras: list[Any] | None = None) -> Callable[[], None]:
    def program() -> None:
        ProductDomain(name, plan, extras=extras or [])

    return program


def zone_ids(run: Any) -> set[str]:
    return {resource["inputs"]["zoneId"] for resource in run.resources if resource["custom"]
            and resource["type"] != ZONE_TYPE}


def test_create_mode_makes_a_protected_full_zone(mocked, prod_plan: DomainPlan) -> None:
    plan = prod_plan.model_copy(update={"zone_mode": "create", "account_id": ACCOUNT_ID})
    run = mocked("prod", build(plan))
    zone = run.named("domain-zone")
    assert zone["type"] == ZONE_TYPE and zone["protect"] is True
    assert zone["inputs"] == {"account": {"id": ACCOUNT_ID}, "name": "example.com", "type": "full"}
    assert zone_ids(run) == {"domain-zone-id"}
    assert run.outputs["name_servers"] == NAME_SERVERS
    assert run.calls == []


def test_id_mode_uses_the_id_and_looks_up_only_name_servers(mocked, prod_plan: DomainPlan) -> None:
    plan = prod_plan.model_copy(update={"zone_mode": "id", "zone_id": OWN_ZONE_ID})
    run = mocked("prod", build(plan))
    assert run.of_type(ZONE_TYPE) == []
    assert zone_ids(run) == {OWN_ZONE_ID}
    assert run.calls == [(GET_ZONE, {"zoneId": OWN_ZONE_ID})]
    assert (run.outputs["zone_id"], run.outputs["name_servers"]) == (OWN_ZONE_ID, NAME_SERVERS)


def test_lookup_mode_filters_by_zone_name(mocked, staging_plan: DomainPlan) -> None:
    run = mocked("staging", build(staging_plan))
    assert run.of_type(ZONE_TYPE) == []
    assert run.calls == [(GET_ZONE, {"filter": {"name": "example.net", "match": "all"}})]
    assert zone_ids(run) == {ZONE_ID}


def test_child_names_follow_the_component_name(mocked, staging_plan: DomainPlan) -> None:
    run = mocked("staging", build(staging_plan, name="shop"))
    children = [resource["name"] for resource in run.resources if resource["type"] != PRODUCT_DOMAIN_TYPE]
    assert children and all(name.startswith("shop-") for name in children), children
    assert {"shop-redirects", "shop-cache", "shop-www-a-192-0-2-50"} <= set(children)


def test_a_ruleset_without_rules_is_not_created(mocked, staging_plan: DomainPlan) -> None:
    plan = staging_plan.model_copy(update={"redirects": ()})
    run = mocked("staging", build(plan))
    assert [ruleset["inputs"]["phase"] for ruleset in run.of_type(RULESET_TYPE)] == [
        "http_request_cache_settings"]


def status_page(scope: DomainScope) -> Exports:
    """An extra builder, as a later feature would add one."""
    record = cloudflare.DnsRecord(f"{scope.name}-extra-status", zone_id=scope.zone_id, type="CNAME",
                                  name=f"uptime.{scope.plan.zone}", content="status.example.org", ttl=300,
                                  proxied=False, opts=scope.opts())
    return {"status_record_id": record.id}


def test_extra_builders_add_children_and_exports(mocked, staging_plan: DomainPlan) -> None:
    run = mocked("staging", build(staging_plan, extras=[status_page]))
    extra = run.named("domain-extra-status")
    assert extra["parent"] == run.named("domain-www-a-192-0-2-50")["parent"]
    assert extra["parent"].endswith(f"{PRODUCT_DOMAIN_TYPE}::domain")
    assert extra["inputs"]["zoneId"] == ZONE_ID
    assert run.outputs["status_record_id"] == "domain-extra-status-id"
    assert len(run.of_type(DNS_RECORD_TYPE)) == len(staging_plan.records) + 1


def test_an_export_clash_between_builders_is_an_error(mocked, staging_plan: DomainPlan) -> None:
    def clashing(scope: DomainScope) -> Exports:
        return {"records": []}

    with pytest.raises(ValueError, match="two builders export records"):
        mocked("staging", build(staging_plan, extras=[clashing]))


def test_a_second_ruleset_for_a_phase_is_refused(mocked, staging_plan: DomainPlan) -> None:
    """Cloudflare allows one zone entry point per phase (API error 20217): fail before the API does."""
    rule: cloudflare.RulesetRuleArgsDict = {"action": "redirect", "expression": "true"}

    def second_redirects(scope: DomainScope) -> Exports:
        phase_ruleset(scope, REDIRECT_PHASE, [rule])
        return {}

    with pytest.raises(ValueError, match="two rulesets for phase http_request_dynamic_redirect"):
        mocked("staging", build(staging_plan, extras=[second_redirects]))


def test_component_outputs_are_registered(mocked, prod_plan: DomainPlan) -> None:
    captured: dict[str, Any] = {}

    def build() -> None:
        domain = ProductDomain("domain", prod_plan)
        captured["domain"] = domain

    run = mocked("prod", build)
    domain = captured["domain"]
    assert isinstance(domain.zone_id, pulumi.Output)
    assert set(run.outputs) == {"zone_id", "name_servers", "canonical_url", "records", "ds_record"}
    assert set(domain.exports) == set(run.outputs)
