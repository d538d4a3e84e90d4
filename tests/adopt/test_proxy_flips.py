"""An adopted A, AAAA or CNAME whose proxy the first `pulumi up` flips is a dangerous change (exit 1 unless
`adopted.overwrites` declares it): proxied → DNS-only publishes the origin and ends the rules that run on
proxied traffic (proxy.origin-exposed); DNS-only → proxied stops every service but HTTP(S) on Cloudflare's
ports (proxy.starts). Read from the Cloudflare stand-in, as `adopt --from-cloudflare` reads a zone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from tests.adopt.conftest import write_project
from tests.adopt.test_overwrites import adopt_json
from tests.cloudflare_standin import CloudflareStandIn, serve

TOKEN = "canary-token-3b8e0d51f7a24c69"
ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
ORIGIN_RULE = {"action": "route", "description": "api on 8080", "expression": '(http.host eq "api.example.net")',
               "action_parameters": {"origin": {"port": 8080}}}
API_DNS_ONLY = {"ipv4": ["192.0.2.60"], "proxied": False}
SPEC: dict[str, Any] = {"zone": "example.net", "canonical": "www", "origin": {"ipv4": ["192.0.2.50"]},
                        "hosts": {"apex": {}, "www": {}, "api": API_DNS_ONLY}}
runner = CliRunner()


def standin(api_proxied: bool) -> CloudflareStandIn:
    made = CloudflareStandIn(TOKEN)
    zone = made.add_zone(ZONE_ID, "example.net")
    for name, content, proxied in (("example.net", "192.0.2.50", True), ("www.example.net", "192.0.2.50", True),
                                   ("api.example.net", "192.0.2.60", api_proxied)):
        made.add_record(zone, name=name, type="A", content=content, proxied=proxied)
    made.add_entrypoint(zone, "http_request_origin", [ORIGIN_RULE])
    return made


@pytest.fixture
def proxied_api() -> Iterator[str]:
    with serve(standin(api_proxied=True)) as url:
        yield url


@pytest.fixture
def dns_only_api() -> Iterator[str]:
    with serve(standin(api_proxied=False)) as url:
        yield url


def adopt(tmp_path: Path, spec: dict[str, Any], url: str, *args: str) -> tuple[int, str]:
    project = write_project(tmp_path / "project", spec)
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--from-cloudflare",
                                 *args], env={"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": url})
    assert TOKEN not in result.stdout + result.stderr
    return result.exit_code, result.stdout


def dangers(out: str) -> list[dict[str, Any]]:
    return list(json.loads(out)["dangerous"])


def test_a_proxied_host_the_spec_makes_dns_only_fails_adopt(tmp_path: Path, proxied_api: str) -> None:
    code, out = adopt(tmp_path, SPEC, proxied_api, "--format", "json")
    [danger] = dangers(out)
    assert (danger["rule"], danger["entry"], danger["declared"]) == ("proxy.origin-exposed", "api A 192.0.2.60",
                                                                     False)
    message = danger["message"]
    assert "api A 192.0.2.60 is proxied today" in message and "show the origin (192.0.2.60)" in message
    assert "any http_request_origin rule" in message, "the origin rule (port 8080) stops applying"
    assert "set proxied: true in hosts.api" in message
    assert code == 1


def test_the_text_report_lists_it_as_dangerous(tmp_path: Path, proxied_api: str) -> None:
    code, out = adopt(tmp_path, SPEC, proxied_api)
    assert "api A 192.0.2.60  [first up changes proxied; proxy.origin-exposed, see below]" in out
    section = out[out.index("DANGEROUS CHANGES THE FIRST `pulumi up` WOULD MAKE (1)"):]
    assert "proxy.origin-exposed: api A 192.0.2.60 is proxied today" in section
    assert '          - "api A 192.0.2.60"' in section
    assert code == 1


def test_a_dns_only_host_the_spec_proxies_fails_adopt(tmp_path: Path, dns_only_api: str) -> None:
    spec = {**SPEC, "hosts": {**SPEC["hosts"], "api": {"ipv4": ["192.0.2.60"]}}}  # hosts default to proxied
    code, out = adopt(tmp_path, spec, dns_only_api, "--format", "json")
    [danger] = dangers(out)
    assert (danger["rule"], danger["entry"]) == ("proxy.starts", "api A 192.0.2.60")
    message = danger["message"]
    assert "HTTPS (ports 443, 2053, 2083, 2087, 2096, 8443)" in message and "SSH" in message
    assert "set proxied: false in hosts.api" in message
    assert code == 1


def test_a_flip_declared_in_adopted_overwrites_passes(tmp_path: Path, proxied_api: str) -> None:
    spec = {**SPEC, "adopted": {"overwrites": ["api A 192.0.2.60"]}}
    code, out = adopt(tmp_path, spec, proxied_api, "--format", "json")
    assert [(d["rule"], d["declared"]) for d in dangers(out)] == [("proxy.origin-exposed", True)]
    assert code == 0


def test_a_kept_proxy_state_is_no_danger(tmp_path: Path, proxied_api: str) -> None:
    spec = {**SPEC, "hosts": {**SPEC["hosts"], "api": {"ipv4": ["192.0.2.60"]}}}
    code, out = adopt(tmp_path, spec, proxied_api, "--format", "json")
    assert dangers(out) == [] and code == 0


def test_a_rule_that_names_the_host_is_named(tmp_path: Path) -> None:
    zone = ("$ORIGIN example.net.\n@ 1 IN A 192.0.2.50 ; cf_tags=cf-proxied:true\n"
            "www 1 IN A 192.0.2.50 ; cf_tags=cf-proxied:true\napi 1 IN A 203.0.113.5 ; cf_tags=cf-proxied:true\n")
    kept = [{"ref": ref, "expression": f'(http.host eq "{host}")', "action": "set_cache_settings",
             "action_parameters": {"cache": False}}
            for ref, host in (("api_nocache", "api.example.net"), ("www_nocache", "www.example.net"))]
    spec = {**SPEC, "rules": {"keep": {"http_request_cache_settings": kept}}}
    code, doc = adopt_json(tmp_path, spec, zone.split("\n", 1)[1])
    [danger] = doc["dangerous"]
    assert danger["rule"] == "record.host", "a content change and a flip of one record are one danger"
    assert "(proxy.origin-exposed)" in danger["message"] and "the rules.keep rule api_nocache" in danger["message"]
    assert "www_nocache" not in danger["message"], "a rule for another host never applied to api"
    assert code == 1


@pytest.mark.parametrize(("tag", "flagged"), [("", False), (" ; cf_tags=cf-proxied:false", True)])
def test_a_zone_file_says_dns_only_only_with_cloudflare_s_tag(tmp_path: Path, tag: str, flagged: bool) -> None:
    """Another provider's export has no proxy at all: moving its web hosts behind Cloudflare's proxy is the
    point of the move, not a danger for every host. A Cloudflare export's `cf-proxied:false` does say the
    host is DNS-only today."""
    zone = (f"@ 1 IN A 192.0.2.50{tag}\nwww 1 IN A 192.0.2.50{tag}\n"
            "api 1 IN A 192.0.2.60 ; cf_tags=cf-proxied:false\n")
    code, doc = adopt_json(tmp_path, SPEC, zone)
    assert {d["rule"] for d in doc["dangerous"]} == ({"proxy.starts"} if flagged else set())
    assert code == (1 if flagged else 0)
