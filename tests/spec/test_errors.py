"""One test per class of bad input: the message names the key path, the bad value and the fix."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from launchready.core.errors import SpecError
from launchready.core.stack import accept, load_stack
from tests.conftest import ROOT

BASE: dict[str, Any] = {
    "zone": "example.com",
    "origin": {"ipv4": ["192.0.2.10"]},
    "hosts": {"apex": {}, "www": {}, "api": {"cname": "api-origin.example.net"}},
}


KEY = next(sender["dkim_key"] for sender in yaml.safe_load((ROOT / "Pulumi.staging.yaml").read_text())["config"][
    "launchready:domain"]["email"]["send"] if sender["provider"] == "google_workspace")
"""The staging stack's Google Workspace key (its private half was thrown away)."""


def spec_with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        node = data
        *parents, leaf = path.split("__")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return data


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        accept(data, source="Pulumi.test.yaml")
    return [str(p) for p in caught.value.problems]


CASES = [
    ("invalid hostname", spec_with(**{"hosts__-bad": {}}), "hosts.-bad", "invalid label"),
    ("invalid host cname", spec_with(hosts__app={"cname": "no..dots"}), "hosts.app.cname", "empty label"),
    ("invalid IPv4", spec_with(origin={"ipv4": ["192.0.2.300"]}), "origin.ipv4[0]", "192.0.2.300"),
    ("invalid IPv6", spec_with(hosts__app={"ipv6": ["2001:db8::zz"]}), "hosts.app.ipv6[0]", "2001:db8::zz"),
    ("record IPv4", spec_with(records=[{"name": "x", "type": "A", "content": "10.0.0"}]), "records[0]",
     "is not an IPv4 address"),
    ("CNAME beside other data", spec_with(records=[{"name": "api", "type": "TXT", "content": "x"}]),
     "hosts.api", "cannot share the name with the TXT record in records[0]"),
    ("CNAME beside A at one host", spec_with(hosts__app={"cname": "x.example.org", "ipv4": ["192.0.2.1"]}),
     "hosts.app", "cannot share a name with A/AAAA"),
    ("CNAME at the apex", spec_with(hosts__apex={"cname": "paas.example.org"}), "hosts.apex",
     "Set flatten: true"),
    ("flattened apex CNAME beside an A record",
     spec_with(hosts__apex={"cname": "paas.example.org", "flatten": True},
               records=[{"type": "A", "content": "192.0.2.1"}]),
     "hosts.apex", "cannot share the name with the A record in records[0]"),
    ("one host spelled twice", spec_with(hosts__API={"ipv4": ["192.0.2.11"]}), "hosts.API",
     '"api" and "API" are one host'),
    ("hand-written DMARC beside email.dmarc",
     spec_with(records=[{"name": "_dmarc", "type": "TXT", "content": "v=DMARC1; p=none"}],
               email={"sends_mail": False}), "records[0]", "already gets its DMARC record from email.dmarc"),
    ("hand-written DKIM key at a planned selector",
     spec_with(records=[{"name": "s1._domainkey", "type": "TXT", "content": "v=DKIM1; p=abc"}],
               email={"send": [{"provider": "custom", "ip4": ["192.0.2.1"],
                                "dkim": [{"selector": "s1", "key": KEY}]}]}),
     "records[0]", "already gets its DKIM key from email.send[0].dkim[0]"),
    ("NS record at the apex", spec_with(records=[{"type": "NS", "content": "ns1.example.net"}]), "records[0].name",
     "delegates a subdomain"),
    ("record beside an NS delegation",
     spec_with(hosts__dev={}, records=[{"name": "dev", "type": "NS", "content": "ns1.example.net"}]), "hosts.dev",
     "would never be answered: records[0] delegates"),
    ("CNAME to itself", spec_with(hosts__app={"cname": "APP.example.com."}), "hosts.app", "points at itself"),
    ("DNS-only address beside a proxied one",
     spec_with(records=[{"name": "www", "type": "A", "content": "192.0.2.11"}]), "records[0]",
     "would be proxied anyway"),
    ("origin copied from a proxied answer", spec_with(origin={"ipv4": ["104.21.32.1"]}), "hosts.apex",
     "104.21.32.1 is a Cloudflare address"),
    ("zone without a registered domain", spec_with(zone="com"), "zone.name", "is a top-level domain"),
    ("CAA issuewild that forbids wildcards", spec_with(records=[{"type": "CAA", "tag": "issuewild", "value": ";"}]),
     "records[0]", "the CAA issuewild set at example.com leaves out letsencrypt.org"),
    ("CAA issue at a subdomain", spec_with(records=[{"name": "www", "type": "CAA", "tag": "issue",
                                                     "value": "digicert.com"}]),
     "records[0]", "the CAA issue set at www.example.com leaves out"),
    ("DNS-only host that should redirect to the canonical one",
     spec_with(hosts__www={"proxied": False, "ttl": 300}), "hosts.www", "never redirects it to https://example.com"),
    ("health check on the host that redirects",
     spec_with(plan="pro", monitoring={"alerts": ["ops@example.com"], "checks": ["https://www.example.com/"]}),
     "monitoring.checks[0]", "would see a 301 and alert for ever; check https://example.com/"),
    ("health check on a moved path",
     spec_with(plan="pro", redirects=[{"from": "/old", "to": "/new"}],
               monitoring={"alerts": ["ops@example.com"], "checks": ["/old"]}),
     "monitoring.checks[0]", "is moved by redirects[0]"),
    ("proxied TXT", spec_with(records=[{"type": "TXT", "content": "x", "proxied": True}]),
     "records[0].proxied", "cannot be proxied"),
    ("proxied with a TTL", spec_with(hosts__www={"ttl": 300}), "hosts.www", "always use TTL 1"),
    ("TTL too low", spec_with(records=[{"type": "TXT", "content": "x", "ttl": 30}]), "records[0]",
     "TTL 30 is rejected by Cloudflare"),
    ("TTL too high", spec_with(hosts__app={"cname": "x.example.org", "proxied": False, "ttl": 90000}),
     "hosts.app", "TTL 90000"),
    ("duplicate record", spec_with(records=[{"type": "TXT", "content": "v"}, {"type": "TXT", "content": "v"}]),
     "records[1]", "already declared at records[0]"),
    ("redirect loop", spec_with(redirects=[{"from": "/a", "to": "/b"}, {"from": "/b", "to": "/a"}]),
     "redirects[0]", "is a loop"),
    ("redirect chain", spec_with(redirects=[{"from": "/a", "to": "/b"}, {"from": "/b", "to": "/c"}]),
     "redirects[0]", "is a chain"),
    ("redirect to itself", spec_with(redirects=[{"from": "/a", "to": "/a"}]), "redirects[0]", "to itself"),
    ("redirect from a query", spec_with(redirects=[{"from": "/a?ref=x", "to": "/b"}]), "redirects[0].from",
     "can never match"),
    ("redirect to plain http", spec_with(redirects=[{"from": "/a", "to": "http://example.org/"}]),
     "redirects[0].to", "use https://"),
    ("redirect to a URL without a host", spec_with(redirects=[{"from": "/a", "to": "https://"}]),
     "redirects[0].to", "is empty"),
    ("redirect source declared twice", spec_with(redirects=[{"from": "/a", "to": "/b"}, {"from": "/a", "to": "/c"}]),
     "redirects[1]", "already redirected by redirects[0]"),
    ("redirect back through the canonical host",
     spec_with(redirects=[{"from": "/a", "to": "https://www.example.com/a"}]), "redirects[0]", "is a loop"),
    ("redirect through the canonical host",
     spec_with(redirects=[{"from": "/a", "to": "https://WWW.example.com/b"}]), "redirects[0]",
     "point redirects[0].to at https://example.com/b"),
    ("redirect host undeclared", spec_with(redirects=[{"from": "/a", "to": "/b", "host": "shop"}]),
     "redirects[0].host", "not a declared host"),
    ("redirect host DNS-only",
     spec_with(hosts__app={"cname": "x.example.org", "proxied": False},
               redirects=[{"from": "/a", "to": "/b", "host": "app"}]),
     "redirects[0].host", "set proxied: true"),
    ("redirect on the non-canonical host", spec_with(redirects=[{"from": "/a", "to": "/b", "host": "www"}]),
     "redirects[0].host", "declare the redirect on apex"),
    ("TXT string over 255 bytes", spec_with(records=[{"type": "TXT", "content": ["x" * 256]}]), "records[0]",
     "256 bytes exceeds 255"),
    ("unknown key", spec_with(hosts__www={"proxyed": True}), "hosts.www.proxyed", 'did you mean "proxied"'),
    ("unknown top-level key", spec_with(canonicl="www"), "canonicl", 'did you mean "canonical"'),
    ("CAA blocks Cloudflare", spec_with(caa={"issuers": ["digicert.com"]}), "caa.issuers",
     "leaves out letsencrypt.org"),
    ("HSTS preload without includeSubDomains", spec_with(tls={"hsts": {"preload": True}}), "tls.hsts.preload",
     "needs include_subdomains"),
    ("missing www without an origin", {**BASE, "origin": {}, "hosts": {"apex": {"ipv4": ["192.0.2.10"]}}},
     "hosts.www", "is missing"),
    ("host without target", {**BASE, "origin": {}}, "hosts.apex", "has no target"),
    ("zone id and account id",
     spec_with(zone={"name": "example.com", "id": "0" * 32, "account_id": "1" * 32}), "zone", "not both"),
    ("MX without priority", spec_with(records=[{"type": "MX", "content": "mx.example.net"}]), "records[0]",
     "needs priority"),
    ("SRV without weight and port", spec_with(records=[{"name": "_sip._tcp", "type": "SRV", "priority": 10,
                                                         "content": "sip.example.com"}]),
     "records[0]", "weight port target"),
    ("absolute name outside the zone", spec_with(records=[{"name": "x.example.org.", "type": "TXT",
                                                            "content": "x"}]),
     "records[0].name", "outside the zone example.com"),
    ("bad TLS version", spec_with(tls={"min_tls_version": 1.5}), "tls.min_tls_version", "'1.5'"),
]


@pytest.mark.parametrize(("data", "path", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_names_the_key_path_and_the_fix(data: dict[str, Any], path: str, fragment: str) -> None:
    problems = problems_of(data)
    matching = [p for p in problems if p.startswith(f"{path}:")]
    assert matching, f"no problem at {path} in {problems}"
    assert any(fragment in p for p in matching), matching


def test_every_problem_is_reported_at_once() -> None:
    data = spec_with(hosts__www={"ttl": 300}, caa={"issuers": ["digicert.com"]},
                     records=[{"type": "TXT", "content": "x", "ttl": 5},
                              {"name": "api", "type": "TXT", "content": "y"}])
    paths = {p.split(":")[0] for p in problems_of(data)}
    assert {"hosts.www", "caa.issuers", "records[0]", "hosts.api"} <= paths


def test_message_names_the_stack_file_and_counts() -> None:
    with pytest.raises(SpecError) as caught:
        accept(spec_with(hosts__www={"ttl": 300}, canonicl="x"), source="Pulumi.prod.yaml")
    text = str(caught.value)
    assert text.startswith("Pulumi.prod.yaml: ")
    assert "in launchready:domain" in text
    assert "\n  - " in text


def test_a_secure_value_is_never_echoed() -> None:
    data = spec_with(zone={"name": "example.com", "id": {"secure": "v1:c2VjcmV0LWNhbmFyeQ=="}})
    text = "\n".join(problems_of(data))
    assert "c2VjcmV0LWNhbmFyeQ" not in text
    assert "[secret]" in text


@pytest.mark.parametrize(("config_key", "project", "said"), [
    ("launchready:domian", "launchready", "it has launchready:domian: rename it to launchready:domain"),
    ("launchready:domain", "shop", "it has launchready:domain: rename it to shop:domain"),
    ("other:thing", "launchready", "add one (docs/config.md lists every key)"),
])
def test_a_missing_spec_key_names_the_near_one(tmp_path: Path, config_key: str, project: str, said: str) -> None:
    (tmp_path / "Pulumi.yaml").write_text(f"name: {project}\nruntime: python\n")
    path = tmp_path / "Pulumi.t.yaml"
    path.write_text(yaml.safe_dump({"config": {config_key: BASE}}))
    with pytest.raises(SpecError) as caught:
        load_stack(path)
    assert said in str(caught.value)


def test_a_misspelt_provider_key_is_named() -> None:
    found = problems_of(spec_with(email={"send": [{"provder": "ses", "region": "eu-west-1"}]}))
    assert any('has no provider; did you mean "provider" for "provder"?' in p for p in found), found
