"""`pulumi up` builds exactly what `launchready plan` shows: every planned record becomes one DnsRecord
with the same name, type, content, TTL, proxy status and priority, and nothing else is created; the
rulesets carry the planned rules in plan order. Checked on both example stacks and on a spec that uses
the unusual shapes (flattened apex, SRV, NS delegation, null MX, long and quoted TXT, an IDN host)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from launchready.core.naming import DNS_RECORD_TYPE, RULESET_TYPE, ZONE_SETTING_TYPE
from launchready.core.plan import DomainPlan
from launchready.core.stack import accept
from tests.components.conftest import Run, example_domain, run_program

UNUSUAL: dict[str, Any] = {
    "zone": "example.org",
    "hosts": {"apex": {"cname": "edge.paas.example.net", "flatten": True}, "www": {"cname": "edge.paas.example.net"},
              "bücher": {"ipv4": ["192.0.2.7", "192.0.2.8"], "ipv6": ["2001:db8::7"]},
              "status": {"cname": "status.example.net", "proxied": False, "ttl": 120}},
    "records": [
        {"name": "_sip._tcp", "type": "SRV", "priority": 10, "content": "5 5061 sip.example.net"},
        {"name": "dev", "type": "NS", "content": "ns1.example.net"},
        {"name": "quoted", "type": "TXT", "content": 'say "hi" \\ bye ' + "x" * 300},
        {"name": "split", "type": "TXT", "content": ["first part", "second part"], "ttl": 60},
        {"name": "eu.api", "type": "CNAME", "content": "eu.example.net"},
        {"name": "eu_api", "type": "CNAME", "content": "eu2.example.net"},
    ],
    "email": {"sends_mail": False},
    "redirects": [{"from": "/blog", "to": "https://blog.example.net/"}, {"from": "/blog/", "to": "/news"}],
}
SPECS = {"prod": example_domain("prod"), "staging": example_domain("staging"), "unusual": UNUSUAL}
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def shown_content(inputs: dict[str, Any]) -> str:
    """The record's content as the plan presents it, rebuilt from what the program sent Cloudflare."""
    if inputs["type"] == "TXT":
        return "".join(re.sub(r"\\(.)", r"\1", text) for text in STRING.findall(inputs["content"]))
    if inputs["type"] == "CAA":
        data = inputs["data"]
        return f'{data["flags"]} {data["tag"]} "{data["value"]}"'
    if inputs["type"] == "SRV":
        return str(inputs["data"]["target"])
    return str(inputs["content"])


def sent_priority(inputs: dict[str, Any]) -> Any:
    """MX priority is top-level; SRV priority travels in `data` (components/records.py)."""
    return inputs["data"].get("priority") if inputs["type"] == "SRV" else inputs.get("priority")


def sent(run: Run) -> list[dict[str, Any]]:
    return sorted(({"name": r["inputs"]["name"], "type": r["inputs"]["type"], "content": shown_content(r["inputs"]),
                    "priority": sent_priority(r["inputs"]), "ttl": r["inputs"]["ttl"],
                    "proxied": bool(r["inputs"].get("proxied", False))}
                   for r in run.of_type(DNS_RECORD_TYPE)), key=repr)


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[DomainPlan, Run]]:
    return {stack: (accept(spec, stack=stack).plan, run_program(stack, spec)) for stack, spec in SPECS.items()}


@pytest.mark.parametrize("stack", SPECS)
def test_every_planned_record_is_created_as_planned_and_nothing_else(built: dict[str, Any], stack: str) -> None:
    plan, run = built[stack]
    assert sent(run) == sorted(plan.contract()["records"], key=repr)


@pytest.mark.parametrize("stack", SPECS)
def test_each_record_resource_is_named_by_its_planned_key(built: dict[str, Any], stack: str) -> None:
    plan, run = built[stack]
    assert sorted(r["name"] for r in run.of_type(DNS_RECORD_TYPE)) == sorted(f"domain-{r.key}" for r in plan.records)


@pytest.mark.parametrize("stack", SPECS)
def test_rulesets_hold_the_planned_rules_in_plan_order(built: dict[str, Any], stack: str) -> None:
    plan, run = built[stack]
    rulesets = {r["inputs"]["phase"]: r["inputs"]["rules"] for r in run.of_type(RULESET_TYPE)}
    redirects = rulesets["http_request_dynamic_redirect"]
    assert [(r["ref"], r["expression"]) for r in redirects] == [(r.ref, r.expression) for r in plan.redirects]
    assert [r["actionParameters"]["fromValue"]["statusCode"] for r in redirects] == [r.status for r in plan.redirects]
    cache = rulesets["http_request_cache_settings"]
    assert [(r["ref"], r["expression"]) for r in cache] == [(r.ref, r.expression) for r in plan.cache_rules]


@pytest.mark.parametrize("stack", SPECS)
def test_zone_settings_are_the_planned_values(built: dict[str, Any], stack: str) -> None:
    plan, run = built[stack]
    settings = {r["inputs"]["settingId"]: r["inputs"]["value"] for r in run.of_type(ZONE_SETTING_TYPE)}
    assert settings == plan.zone_settings.as_cloudflare()
