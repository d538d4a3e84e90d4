"""The real __main__.py for both example stacks under Pulumi mocks: golden snapshots plus the rules
the snapshot alone would not explain (proxied ⇒ TTL 1, FQDNs, quoted TXT, one ruleset per phase)."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from launchready.core.naming import (
    DNS_RECORD_TYPE,
    PRODUCT_DOMAIN_TYPE,
    RULESET_TYPE,
    ZONE_DNSSEC_TYPE,
    ZONE_SETTING_TYPE,
)
from tests.components.conftest import DS_RECORD, NAME_SERVERS, ZONE_ID, Run, example_domain

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"
STACKS = ("prod", "staging")
ZONES = {"prod": "example.com", "staging": "example.net"}


def snapshot_text(run: Run) -> str:
    return json.dumps(run.snapshot(), indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("stack", STACKS)
def test_snapshot_matches_golden_file(example_runs: dict[str, Run], stack: str) -> None:
    """Regenerate with UPDATE_SNAPSHOTS=1 after an intended change, and review the diff."""
    path = SNAPSHOTS / f"pulumi_{stack}.json"
    text = snapshot_text(example_runs[stack])
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text)
    assert path.exists(), f"{path} is missing; run UPDATE_SNAPSHOTS=1 pytest tests/components"
    assert text == path.read_text(), f"{path} differs from what the program registers (UPDATE_SNAPSHOTS=1)"


@pytest.mark.parametrize("stack", STACKS)
def test_every_child_is_parented_to_the_component(example_runs: dict[str, Run], stack: str) -> None:
    run = example_runs[stack]
    component_urn = f"urn:pulumi:{stack}::launchready::pulumi:pulumi:Stack$" f"{PRODUCT_DOMAIN_TYPE}::domain"
    children = [resource for resource in run.resources if resource["type"] != PRODUCT_DOMAIN_TYPE]
    assert len(run.of_type(PRODUCT_DOMAIN_TYPE)) == 1
    assert children
    for child in children:
        assert child["parent"] == component_urn, child["name"]
        assert child["name"].startswith("domain-"), child["name"]


@pytest.mark.parametrize("stack", STACKS)
def test_proxied_records_use_automatic_ttl(example_runs: dict[str, Run], stack: str) -> None:
    proxied = [r["inputs"] for r in example_runs[stack].of_type(DNS_RECORD_TYPE) if r["inputs"].get("proxied")]
    assert proxied
    assert all(inputs["ttl"] == 1 for inputs in proxied), proxied


@pytest.mark.parametrize("stack", STACKS)
def test_record_names_are_fqdns_in_the_zone(example_runs: dict[str, Run], stack: str) -> None:
    zone = ZONES[stack]
    for record in example_runs[stack].of_type(DNS_RECORD_TYPE):
        name = record["inputs"]["name"]
        assert name == zone or name.endswith(f".{zone}"), name
        assert not name.endswith(".") and "@" not in name, name
        assert record["inputs"]["zoneId"] == ZONE_ID


@pytest.mark.parametrize("stack", STACKS)
def test_txt_content_is_quoted(example_runs: dict[str, Run], stack: str) -> None:
    txt = [r["inputs"]["content"] for r in example_runs[stack].of_type(DNS_RECORD_TYPE)
           if r["inputs"]["type"] == "TXT"]
    assert txt
    for content in txt:
        assert content.startswith('"') and content.endswith('"'), content


@pytest.mark.parametrize("stack", STACKS)
def test_caa_goes_through_data_without_content(example_runs: dict[str, Run], stack: str) -> None:
    caa = [r["inputs"] for r in example_runs[stack].of_type(DNS_RECORD_TYPE) if r["inputs"]["type"] == "CAA"]
    issuers = {inputs["data"]["value"] for inputs in caa if inputs["data"]["tag"] == "issue"}
    assert issuers == {"letsencrypt.org", "pki.goog", "ssl.com", "sectigo.com"}
    for inputs in caa:
        assert "content" not in inputs and "proxied" not in inputs
        assert inputs["data"]["flags"] == 0


@pytest.mark.parametrize("stack", STACKS)
def test_exactly_one_zone_ruleset_per_phase(example_runs: dict[str, Run], stack: str) -> None:
    rulesets = example_runs[stack].of_type(RULESET_TYPE)
    phases = [ruleset["inputs"]["phase"] for ruleset in rulesets]
    assert sorted(phases) == ["http_ratelimit", "http_request_cache_settings", "http_request_dynamic_redirect"]
    assert all(ruleset["inputs"]["kind"] == "zone" for ruleset in rulesets)
    refs = [rule["ref"] for ruleset in rulesets for rule in ruleset["inputs"]["rules"]]
    assert len(refs) == len(set(refs)), refs


def canonical_rule(run: Run) -> dict[str, Any]:
    rules = run.named("domain-redirects")["inputs"]["rules"]
    return next(rule for rule in rules if rule["ref"] == "canonical_host")


def test_prod_redirects_www_to_apex_with_301(example_runs: dict[str, Run]) -> None:
    rule = canonical_rule(example_runs["prod"])
    # prod serves app-link files on www too, so the redirect leaves them in place (app_links.hosts)
    assert rule["expression"] == ('(http.host eq "www.example.com" and ssl and not (http.request.uri.path in '
                                  '{"/.well-known/apple-app-site-association" "/.well-known/assetlinks.json"}))')
    assert rule["actionParameters"] == {"fromValue": {
        "statusCode": 301, "preserveQueryString": True,
        "targetUrl": {"expression": 'concat("https://example.com", http.request.uri.path)'}}}


def test_staging_redirects_apex_to_www_with_308(example_runs: dict[str, Run]) -> None:
    rule = canonical_rule(example_runs["staging"])
    assert rule["expression"].startswith('(http.host eq "example.net" and ssl and not (')
    from_value = rule["actionParameters"]["fromValue"]
    assert from_value["statusCode"] == 308
    assert from_value["targetUrl"] == {"expression": 'concat("https://www.example.net", http.request.uri.path)'}


def test_legacy_redirect_to_another_site_is_a_static_url(example_runs: dict[str, Run]) -> None:
    rules = example_runs["prod"].named("domain-redirects")["inputs"]["rules"]
    blog = next(rule for rule in rules if rule["ref"] == "legacy_example_com_blog")
    assert blog["actionParameters"]["fromValue"] == {
        "statusCode": 302, "preserveQueryString": True, "targetUrl": {"value": "https://blog.example.org/"}}


def test_cache_rules_override_origin_ttls_and_bypass_dynamic_hosts(example_runs: dict[str, Run]) -> None:
    rules = {rule["ref"]: rule for rule in example_runs["staging"].named("domain-cache")["inputs"]["rules"]}
    assert rules["cache_static_assets"]["actionParameters"] == {
        "cache": True, "edgeTtl": {"mode": "override_origin", "default": 600},
        "browserTtl": {"mode": "override_origin", "default": 60}}
    assert rules["bypass_dynamic_hosts"]["actionParameters"] == {"cache": False}
    assert rules["bypass_dynamic_hosts"]["expression"] == '(http.host in {"api.example.net" "admin.example.net"})'


@pytest.mark.parametrize("stack", STACKS)
def test_hsts_value_uses_snake_case_keys(example_runs: dict[str, Run], stack: str) -> None:
    value = example_runs[stack].named("domain-setting-security-header")["inputs"]["value"]
    assert set(value) == {"strict_transport_security"}
    assert set(value["strict_transport_security"]) == {
        "enabled", "max_age", "include_subdomains", "preload", "nosniff"}


@pytest.mark.parametrize("stack", STACKS)
def test_one_zone_setting_per_tls_setting(example_runs: dict[str, Run], stack: str) -> None:
    settings = {s["inputs"]["settingId"]: s["inputs"]["value"] for s in example_runs[stack].of_type(ZONE_SETTING_TYPE)}
    assert {key: value for key, value in settings.items() if key != "security_header"} == {
        "ssl": "strict", "min_tls_version": "1.2", "tls_1_3": "on", "always_use_https": "on",
        "automatic_https_rewrites": "on"}


def test_dnssec_only_where_the_spec_asks(example_runs: dict[str, Run]) -> None:
    assert [r["inputs"] for r in example_runs["prod"].of_type(ZONE_DNSSEC_TYPE)] == [
        {"zoneId": ZONE_ID, "status": "active"}]
    assert example_runs["staging"].of_type(ZONE_DNSSEC_TYPE) == []
    assert example_runs["prod"].outputs["ds_record"] == DS_RECORD
    assert "ds_record" not in example_runs["staging"].outputs


@pytest.mark.parametrize("stack", STACKS)
def test_exports_name_the_zone_and_every_record(example_runs: dict[str, Run], stack: str) -> None:
    run = example_runs[stack]
    assert set(run.exported) == set(run.outputs)
    assert run.outputs["zone_id"] == ZONE_ID
    assert run.outputs["name_servers"] == NAME_SERVERS
    records = run.of_type(DNS_RECORD_TYPE)
    assert len(run.outputs["records"]) == len(records)
    canonical = {"prod": "https://example.com", "staging": "https://www.example.net"}[stack]
    assert run.outputs["canonical_url"] == canonical


def test_status_host_stays_dns_only_with_its_ttl(example_runs: dict[str, Run]) -> None:
    status = example_runs["staging"].named("domain-status-cname")["inputs"]
    assert (status["proxied"], status["ttl"]) == (False, 300)
    assert "status.example.net CNAME status.uptime.example.org 300" in example_runs["staging"].outputs["records"]


def reordered(domain: dict[str, Any]) -> dict[str, Any]:
    """Every list and mapping of the spec in reverse: hosts, records, redirects, senders and their DKIM
    tokens, CAA issuers, health checks and rate limits."""
    shuffled = copy.deepcopy(domain)
    shuffled["hosts"] = dict(reversed(list(domain["hosts"].items())))
    shuffled["rate_limits"] = dict(reversed(list(domain.get("rate_limits", {}).items())))
    shuffled["caa"] = {**domain.get("caa", {}), "issuers": ["sectigo.com", "ssl.com", "pki.goog", "letsencrypt.org"]}
    for key in ("records", "redirects"):
        if key in domain:
            shuffled[key] = list(reversed(domain[key]))
    senders = shuffled["email"]["send"] = list(reversed(shuffled["email"]["send"]))
    for sender in senders:
        if "dkim_tokens" in sender:
            sender["dkim_tokens"] = list(reversed(sender["dkim_tokens"]))
    shuffled["monitoring"]["checks"] = list(reversed(domain["monitoring"]["checks"]))
    return shuffled


def without_comment(inputs: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in inputs.items() if key != "comment"}


@pytest.mark.parametrize("stack", STACKS)
def test_reordering_hosts_and_records_keeps_every_name(program, stack: str) -> None:
    """Pulumi identifies a resource by its name: reordering the spec must not replace anything."""
    domain = example_domain(stack)
    first, second = program(stack, domain), program(stack, reordered(domain))
    names = {r["name"]: without_comment(r["inputs"]) for r in first.of_type(DNS_RECORD_TYPE)}
    again = {r["name"]: without_comment(r["inputs"]) for r in second.of_type(DNS_RECORD_TYPE)}
    assert names == again
    assert sorted(r["name"] for r in first.resources) == sorted(r["name"] for r in second.resources)


def test_a_spec_error_ends_in_one_clean_pulumi_error(program) -> None:
    domain = example_domain("prod")
    domain["hosts"] = {**domain["hosts"], "www": {"ipv4": ["192.0.2.300"]}}
    domain["canonical"] = "mobile"
    domain["colour"] = "blue"
    with pytest.raises(pulumi.RunError) as raised:
        program("prod", domain)
    message = str(raised.value)
    assert message.startswith("Pulumi.prod.yaml: 3 problems in launchready:domain"), message
    for key_path in ("hosts.www.ipv4[0]", "canonical", "colour"):
        assert f"  - {key_path}" in message, message
    assert "Traceback" not in message


def test_missing_domain_config_names_the_key(program) -> None:
    with pytest.raises(pulumi.ConfigMissingError, match="launchready:domain"):
        program("prod", None)


def test_a_spec_error_under_pulumi_points_at_lines_of_the_stack_file(program, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"
            "    hosts:\n      apex: {}\n      www: {ttl: 300}\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)  # pulumi runs the program in the project directory
    with pytest.raises(pulumi.RunError) as raised:
        program("dev", yaml.safe_load(text)["config"]["launchready:domain"])
    assert "  - hosts.www (line 7): proxied records always use TTL 1" in str(raised.value)
