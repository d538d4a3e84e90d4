"""What the program sends, checked against the Cloudflare API types in the official `cloudflare` SDK.

Mocks only show what the Pulumi SDK sends; the provider passes ruleset rules and zone-setting values
on to the Cloudflare API, whose shapes the SDK ships as TypedDicts and models generated from the
OpenAPI spec. The SDK's TypedDicts are `total=False` and pydantic ignores unknown keys, so on top of
strict TypeAdapter validation (enums, types) every key is checked against the type's own fields,
recursively: a misspelt key fails as surely as a wrong enum.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, get_args

import pytest
from cloudflare.types import dns
from cloudflare.types.rulesets.block_rule_param import BlockRuleParam
from cloudflare.types.rulesets.redirect_rule_param import RedirectRuleParam
from cloudflare.types.rulesets.ruleset_create_params import RulesetCreateParams
from cloudflare.types.rulesets.set_cache_settings_rule_param import SetCacheSettingsRuleParam
from cloudflare.types.zones.setting_edit_params import Variant1ValueZonesSecurityHeaderValue
from cloudflare.types.zones.setting_get_response import SettingGetResponse
from pydantic import TypeAdapter, ValidationError

from launchready.core.naming import DNS_RECORD_TYPE, RULESET_TYPE, ZONE_SETTING_TYPE
from launchready.core.spec.cloudflare_rules import unknown_keys
from tests.components.conftest import Run, example_domain

RULE_TYPES: dict[str, Any] = {"redirect": RedirectRuleParam, "set_cache_settings": SetCacheSettingsRuleParam,
                              "block": BlockRuleParam}
RECORD_TYPES: dict[str, Any] = {
    "A": dns.ARecordParam, "AAAA": dns.AAAARecordParam, "CNAME": dns.CNAMERecordParam,
    "MX": dns.MXRecordParam, "TXT": dns.TXTRecordParam, "CAA": dns.CAARecordParam,
    "SRV": dns.SRVRecordParam, "NS": dns.NSRecordParam,
}
SETTING_TYPES: dict[str, Any] = {
    get_args(model.model_fields["id"].annotation)[0]: model for model in get_args(SettingGetResponse)
}
"""setting_id → the SDK model of that zone setting (each model's `id` is a one-value Literal)."""


def snake(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


def api_shape(value: Any) -> Any:
    """Mock inputs use the wire's camelCase names; the Cloudflare API (and its SDK) uses snake_case."""
    if isinstance(value, dict):
        return {snake(key): api_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [api_shape(item) for item in value]
    return value


def check(value: Any, annotation: Any) -> None:
    """Raise ValidationError on a wrong type or enum, AssertionError on an undeclared key."""
    TypeAdapter(annotation).validate_python(value, strict=True)
    unknown = unknown_keys(value, annotation)
    assert not unknown, f"keys the Cloudflare API does not know: {unknown}"


def emitted(run: Run, token: str) -> list[dict[str, Any]]:
    return [api_shape(resource["inputs"]) for resource in run.of_type(token)]


@pytest.fixture(params=["prod", "staging"])
def run(request: pytest.FixtureRequest, example_runs: dict[str, Run]) -> Run:
    return example_runs[request.param]


def test_every_ruleset_rule_matches_the_api_rule_type(run: Run) -> None:
    rules = [rule for ruleset in emitted(run, RULESET_TYPE) for rule in ruleset["rules"]]
    assert {rule["action"] for rule in rules} == set(RULE_TYPES)
    for rule in rules:
        check(rule, RULE_TYPES[rule["action"]])


def test_every_ruleset_matches_the_api_create_params(run: Run) -> None:
    for ruleset in emitted(run, RULESET_TYPE):
        envelope = {key: value for key, value in ruleset.items() if key != "rules"}
        check(envelope, RulesetCreateParams)
        assert {"kind", "name", "phase", "zone_id"} <= set(envelope)


def test_every_zone_setting_value_matches_the_api_setting_type(run: Run) -> None:
    settings = emitted(run, ZONE_SETTING_TYPE)
    assert settings
    for setting in settings:
        check({"id": setting["setting_id"], "value": setting["value"]}, SETTING_TYPES[setting["setting_id"]])


def test_hsts_value_matches_the_settings_edit_request_type(run: Run) -> None:
    (hsts,) = [s["value"] for s in emitted(run, ZONE_SETTING_TYPE) if s["setting_id"] == "security_header"]
    check(hsts, Variant1ValueZonesSecurityHeaderValue)


def test_every_dns_record_matches_the_api_record_type(run: Run) -> None:
    for record in emitted(run, DNS_RECORD_TYPE):
        body = {key: value for key, value in record.items() if key != "zone_id"}
        check(body, RECORD_TYPES[body["type"]])


SRV_SPEC: dict[str, Any] = {
    "zone": "example.org", "origin": {"ipv4": ["192.0.2.10"]},
    "records": [{"name": "_sip._tcp", "type": "SRV", "content": "5 5060 sip.example.net", "priority": 10}],
}
"""The example stacks hold no SRV record; this spec puts one through the same check."""


def test_an_srv_record_matches_the_api_record_type(program: Callable[[str, Any], Run]) -> None:
    records = [record for record in emitted(program("prod", SRV_SPEC), DNS_RECORD_TYPE) if record["type"] == "SRV"]
    assert len(records) == 1
    (srv,) = records
    check({key: value for key, value in srv.items() if key != "zone_id"}, dns.SRVRecordParam)
    assert srv["data"] == {"priority": 10, "weight": 5, "port": 5060, "target": "sip.example.net"}


GOOD_REDIRECT: dict[str, Any] = {
    "ref": "canonical_host", "action": "redirect", "enabled": True, "expression": 'http.host eq "www.example.com"',
    "action_parameters": {"from_value": {"status_code": 301, "preserve_query_string": True,
                                         "target_url": {"value": "https://example.com"}}},
}


def with_from_value(**changes: Any) -> dict[str, Any]:
    rule = {**GOOD_REDIRECT, "action_parameters": {"from_value": {
        **GOOD_REDIRECT["action_parameters"]["from_value"], **changes}}}
    return rule


def test_a_correct_rule_passes_the_checker() -> None:
    check(GOOD_REDIRECT, RedirectRuleParam)


@pytest.mark.parametrize(("rule", "annotation", "error"), [
    (with_from_value(status_code=300), RedirectRuleParam, ValidationError),
    (with_from_value(status_code="301"), RedirectRuleParam, ValidationError),
    (with_from_value(preserve_query_strings=True), RedirectRuleParam, AssertionError),
    (with_from_value(target_url={"url": "https://example.com"}), RedirectRuleParam, AssertionError),
    ({**GOOD_REDIRECT, "action": "forward"}, RedirectRuleParam, ValidationError),
    ({"action": "set_cache_settings", "action_parameters": {"cache": True, "edge_ttl": {"mode": "override"}}},
     SetCacheSettingsRuleParam, ValidationError),
    ({"action": "set_cache_settings", "action_parameters": {"cache": True, "edgeTtl": {"mode": "bypass"}}},
     SetCacheSettingsRuleParam, AssertionError),
    ({"id": "ssl", "value": "full_strict"}, SETTING_TYPES["ssl"], ValidationError),
    ({"id": "min_tls_version", "value": 1.2}, SETTING_TYPES["min_tls_version"], ValidationError),
    ({"strictTransportSecurity": {"maxAge": 31536000}}, Variant1ValueZonesSecurityHeaderValue, AssertionError),
    ({"name": "example.com", "type": "CAA", "ttl": 3600, "content": '0 issue "letsencrypt.org"',
      "data": {"flag": 0, "tag": "issue", "value": "letsencrypt.org"}}, dns.CAARecordParam, AssertionError),
], ids=["status-300", "status-as-string", "misspelt-key", "wrong-target-key", "wrong-action",
        "wrong-edge-ttl-mode", "camel-case-key", "wrong-ssl-mode", "tls-version-as-number",
        "camel-case-hsts", "caa-data-typo"])
def test_a_wrong_shape_is_rejected(rule: dict[str, Any], annotation: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        check(rule, annotation)


def test_a_static_path_callback_emits_a_bypass_rule_of_the_api_type(program: Callable[[str, Any], Run]) -> None:
    """The example stacks' callbacks have no extension; this one sits where the static rule would cache it (on an
    app-link host, at a path the iOS app claims: /open/*)."""
    domain = example_domain("prod")
    domain["app_links"] = {**domain["app_links"], "callbacks": ["https://example.com/open/callback.js"]}
    rulesets = emitted(program("prod", domain), RULESET_TYPE)
    (cache,) = [ruleset for ruleset in rulesets if ruleset["phase"] == "http_request_cache_settings"]
    last = cache["rules"][-1]
    check(last, SetCacheSettingsRuleParam)
    assert last["ref"] == "bypass_sign_in_callbacks" and last["action_parameters"] == {"cache": False}
    assert 'http.request.uri.path eq "/open/callback.js"' in last["expression"]
