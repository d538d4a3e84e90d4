"""End to end against the Cloudflare stand-in: a zone with dashboard-made rules (a single redirect, a
cache rule, a rate limit) and mail records is adopted, adopt's snippet is applied to the stack file,
and the plan then produces every rule and record that was there before."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from launchready.cli import app
from tests.adopt.conftest import SPEC, write_project
from tests.cloudflare_standin import CloudflareStandIn, Zone, serve

TOKEN = "canary-token-0e5d7c19b2a84f36"
ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
REDIRECT = {"action": "redirect", "description": "spring sale", "expression": '(http.request.uri.path eq "/promo")',
            "action_parameters": {"from_value": {"status_code": 302, "preserve_query_string": False,
                                                 "target_url": {"value": "https://www.example.net/sale"}}}}
CACHE = {"action": "set_cache_settings", "description": "cache downloads",
         "expression": '(http.request.uri.path wildcard "/downloads/*")',
         "action_parameters": {"cache": True, "edge_ttl": {"mode": "override_origin", "default": 7200}}}
RATE_LIMIT = {"action": "block", "description": "slow down signups",
              "expression": '(http.request.uri.path eq "/signup")',
              "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 10, "requests_per_period": 20,
                            "mitigation_timeout": 10}}
runner = CliRunner()


def seed(standin: CloudflareStandIn) -> Zone:
    zone = standin.add_zone(ZONE_ID, "example.net")
    for fields in (
        {"name": "example.net", "type": "A", "content": "192.0.2.50", "proxied": True},
        {"name": "www.example.net", "type": "A", "content": "192.0.2.50", "proxied": True},
        {"name": "example.net", "type": "TXT", "content": '"staging-verification=4f1c2d"', "ttl": 3600},
        {"name": "example.net", "type": "MX", "content": "mx1.mail.example.org", "priority": 10, "ttl": 300},
        {"name": "example.net", "type": "MX", "content": "mx2.mail.example.org", "priority": 20, "ttl": 300},
        {"name": "example.net", "type": "TXT", "content": '"v=spf1 include:_spf.mail.example.org ~all"'},
        {"name": "example.net", "type": "NS", "content": "ada.ns.cloudflare.com", "ttl": 86400},
    ):
        standin.add_record(zone, **fields)
    standin.add_entrypoint(zone, "http_request_dynamic_redirect", [REDIRECT])
    standin.add_entrypoint(zone, "http_request_cache_settings", [CACHE])
    standin.add_managed(zone, "ddos_l7", "Cloudflare Managed Ruleset")
    standin.add_entrypoint(zone, "http_ratelimit", [RATE_LIMIT])
    return zone


@pytest.fixture
def api() -> Iterator[tuple[CloudflareStandIn, Zone, str]]:
    standin = CloudflareStandIn(TOKEN)
    zone = seed(standin)
    with serve(standin) as url:
        yield standin, zone, url


def adopt(project: Path, url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--from-cloudflare",
                                 *args], env={"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": url})
    assert TOKEN not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def apply_snippet(project: Path, snippet: str) -> None:
    """Add every list of adopt's snippet to the list of the same key in the stack file."""
    path = project / "Pulumi.staging.yaml"
    document = yaml.safe_load(path.read_text())
    spec = document["config"]["launchready:domain"]
    addition = yaml.safe_load(textwrap.dedent(snippet))
    spec["records"] = [*spec.get("records", []), *addition.get("records", [])]
    for phase, rules in addition.get("rules", {}).get("keep", {}).items():
        keep = spec.setdefault("rules", {}).setdefault("keep", {})
        keep[phase] = [*keep.get(phase, []), *rules]
    for key, entries in addition.get("adopted", {}).items():
        adopted = spec.setdefault("adopted", {})
        adopted[key] = [*adopted.get(key, []), *entries]
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def plan_of(project: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["plan", "--stack", "staging", "--project-dir", str(project), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_a_rule_the_spec_would_delete_fails_adopt_with_the_list(tmp_path: Path, api: Any) -> None:
    _, _, url = api
    project = write_project(tmp_path / "project", SPEC)
    code, out, _ = adopt(project, url)
    assert code == 1
    lost = out[out.index("RULES THE FIRST `pulumi up` WOULD DELETE (2)"):].split("\n\n")[0]
    assert '/promo' in lost and '/downloads/*' in lost and "/signup" not in lost, "the rate limit phase is unused"
    code, out, err = adopt(project, url, "--accept-rule-loss", "--format", "json")
    assert code == 0 and "--accept-rule-loss: the first `pulumi up` deletes 2 existing rules" in err
    markdown = adopt(project, url, "--accept-rule-loss", "--format", "markdown")[1]
    assert "> [!WARNING]\n> The first `pulumi up` would delete 2 existing rules" in markdown
    fates = {rule["rule"]["expression"]: rule["fate"] for rule in json.loads(out)["rules"]}
    assert fates == {REDIRECT["expression"]: "deleted", CACHE["expression"]: "deleted",
                     RATE_LIMIT["expression"]: "untouched"}


def test_following_adopt_loses_no_rule_and_no_record(tmp_path: Path, api: Any) -> None:
    standin, zone, url = api
    before_records = [dict(r) for r in zone.records.values()]
    before_rules = {phase: [dict(r) for r in rs["rules"]] for phase, rs in
                    ((r["phase"], r) for r in zone.rulesets.values() if r["kind"] == "zone")}
    project = write_project(tmp_path / "project", SPEC)
    code, out, _ = adopt(project, url, "--format", "json")
    first = json.loads(out)
    assert code == 1 and first["lost_rules"]
    apply_snippet(project, first["spec_snippet"])

    code, out, err = adopt(project, url, "--format", "json", "--output", str(tmp_path / "import.json"))
    second = json.loads(out)
    assert code == 0, err
    assert second["lost_rules"] == [] and second["spec_snippet"] == "", "nothing is left to add"
    assert {rule["fate"] for rule in second["rules"]} == {"produced"}
    imported = json.loads((tmp_path / "import.json").read_text())["resources"]
    assert {r["logicalName"] for r in imported if r["type"].endswith(":Ruleset")} == {
        "domain-redirects", "domain-cache", "domain-ratelimit"}

    plan = plan_of(project)
    planned = {(r["name"], r["type"], r["content"], r["priority"]) for r in plan["records"]}
    for record in before_records:
        if record["type"] == "NS":
            continue  # the apex NS is Cloudflare's own
        content = record["content"].strip('"')
        assert (record["name"], record["type"], content, record.get("priority")) in planned, record
    kept = {(rule["phase"], rule["ref"]): rule for rule in plan["kept_rules"]}
    for phase, rules in before_rules.items():
        for rule in rules:
            body = {k: v for k, v in rule.items() if k not in ("id", "version", "last_updated")}
            assert {k: v for k, v in kept[(phase, rule["ref"])].items() if k != "phase"} == body
    assert len(plan["adopted"]["rules"]) == 3
    assert len(plan["adopted"]["records"]) == len(before_records) - 1, "every record but the apex NS is protected"
    assert standin.requests.count(("GET", f"/client/v4/zones/{ZONE_ID}/rulesets")) == 4, "the cursor was followed"


def test_the_plan_shows_kept_rules_and_adopted_records(tmp_path: Path, api: Any) -> None:
    _, _, url = api
    project = write_project(tmp_path / "project", SPEC)
    _, out, _ = adopt(project, url, "--format", "json")
    apply_snippet(project, json.loads(out)["spec_snippet"])
    text = runner.invoke(app, ["plan", "--stack", "staging", "--project-dir", str(project)]).stdout
    kept = text[text.index("Kept rules (rules.keep"):]
    assert "http_request_dynamic_redirect" in kept and "(adopted)" in kept and "spring sale" in kept
    assert "mx1.mail.example.org" in text and "(adopted, protected)" in text


def test_the_program_puts_every_adopted_rule_in_its_ruleset_and_protects_it(tmp_path: Path, api: Any) -> None:
    """The last step of the end to end: what `pulumi up` would send, under Pulumi's mocks."""
    import pulumi

    from tests.components.conftest import run_program
    from tests.components.test_cloudflare_types import RULE_TYPES, api_shape, check

    _, zone, url = api
    before = {r["phase"]: r["rules"] for r in zone.rulesets.values() if r["kind"] == "zone"}
    project = write_project(tmp_path / "project", SPEC)
    apply_snippet(project, json.loads(adopt(project, url, "--format", "json")[1])["spec_snippet"])
    spec = yaml.safe_load((project / "Pulumi.staging.yaml").read_text())["config"]["launchready:domain"]
    try:
        run = run_program("staging", spec)
    finally:
        pulumi.runtime.settings.reset_options()
    rulesets = {r["inputs"]["phase"]: r for r in run.of_type("cloudflare:index/ruleset:Ruleset")}
    for phase, rules in before.items():
        sent = [api_shape(rule) for rule in rulesets[phase]["inputs"]["rules"]]
        for position, rule in enumerate(rules):
            body = {k: v for k, v in rule.items() if k not in ("id", "version", "last_updated")}
            assert sent[position] == body, "kept rules come first, exactly as Cloudflare holds them"
            check(sent[position], RULE_TYPES[body["action"]])
        assert rulesets[phase]["protect"] is True
    records = run.of_type("cloudflare:index/dnsRecord:DnsRecord")
    mx = [r for r in records if r["inputs"]["type"] == "MX"]
    assert len(mx) == 2 and all(r["protect"] for r in mx)
