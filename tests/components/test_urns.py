"""Resource names are a contract: every URN the program registers, for both example stacks and a few
varied specs, is held in tests/snapshots/urns.json. A URN that disappears must be covered by an
`aliases` entry of the resource that replaced it (components.aliases), or the next `pulumi up` on a
deployed stack replaces the resource and, for DNS records, fails half-way (Cloudflare 81058/81053).

`retired` holds URNs that earlier versions produced (the A/AAAA names before commit 717dd4a); they
must stay aliased for good. `UPDATE_SNAPSHOTS=1` rewrites `current`, moving aliased URNs that
disappeared to `retired`; it refuses when one is not aliased.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from launchready.core import naming
from tests.components.conftest import PROJECT, Run, example_domain, run_program
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "snapshots" / "urns.json"
STACK_TYPE = "pulumi:pulumi:Stack"
VARIED: dict[str, dict[str, Any]] = {
    "created-zone": {
        "zone": {"name": "example.org", "account_id": "01a7362d577a6c3019a474fd6f485823"},
        "origin": {"ipv4": ["192.0.2.10", "192.0.2.11"], "ipv6": ["2001:db8::10"]},
        "hosts": {"apex": {}, "www": {}, "api": {"cname": "api.paas.example.net"}},
        "dnssec": True, "plan": "pro",
        "monitoring": {"alerts": ["ops@example.org"], "checks": ["/", "https://api.example.org/health"],
                       "webhook_url": "https://hooks.example.com/services/T000/B000/XXXX"},
        "rate_limits": {"login": {"paths": ["/login"], "requests": 5, "period": 60, "timeout": 60}},
    },
    "adopted-zone": {
        "zone": "example.com",
        "origin": {"ipv6": ["2001:db8::20"]},
        "hosts": {"apex": {}, "www": {}, "docs": {"ipv4": ["198.51.100.20"], "proxied": False, "ttl": 300}},
        "records": [{"name": "@", "type": "MX", "content": "mx1.mail.example.net", "priority": 10},
                    {"name": "_sip._tcp", "type": "SRV", "content": "10 5060 sip.example.net", "priority": 5}],
        "rules": {"keep": {"http_request_cache_settings": [
            {"ref": "f00dcafe", "action": "set_cache_settings", "expression": '(http.request.uri.path eq "/x")',
             "action_parameters": {"cache": False}}]}},
        "adopted": {"records": ["@ MX 10 mx1.mail.example.net"], "rules": ["f00dcafe"]},
    },
}


def domains() -> dict[str, tuple[str, dict[str, Any]]]:
    """name in the golden file → (stack, spec)."""
    examples = {stack: (stack, example_domain(stack)) for stack in ("prod", "staging")}
    return {**examples, **{name: ("test", spec) for name, spec in VARIED.items()}}


def chain(parent_urn: str, rtype: str) -> str:
    """The URN's type part: the parent's type chain, then the type; the root stack is left out, as the
    engine writes it (`urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`)."""
    if not parent_urn:
        return rtype
    parent = parent_urn.split("::")[2].split("$")
    parent = [part for part in parent if part != STACK_TYPE]
    return "$".join([*parent, rtype])


def urn(stack: str, resource: dict[str, Any], name: str | None = None, rtype: str | None = None) -> str:
    return (f"urn:pulumi:{stack}::{PROJECT}::{chain(resource['parent'], rtype or resource['type'])}::"
            f"{name or resource['name']}")


def urns(stack: str, run: Run) -> list[str]:
    return sorted(urn(stack, r) for r in run.resources)


def alias_urns(stack: str, run: Run) -> set[str]:
    """Every URN an `aliases` option points at (a full URN, or a spec: the resource's own URN with the
    alias's name and type)."""
    found = set()
    for resource in run.resources:
        for alias in run.aliases.get(resource["name"], []):
            found.add(alias["urn"] or urn(stack, resource, alias["name"] or None, alias["type"] or None))
    return found


def run_all(names: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Run]:
    return {name: run_program(stack, spec) for name, (stack, spec) in names.items()}


def unaliased(golden: dict[str, list[str]], runs: dict[str, Run]) -> list[str]:
    """URNs of `golden` that the runs neither produce nor alias: each one a resource replaced."""
    missing = []
    for name, expected in golden.items():
        stack = domains()[name][0]
        present = set(urns(stack, runs[name])) | alias_urns(stack, runs[name])
        missing += [u for u in expected if u not in present]
    return missing


@pytest.fixture(scope="module")
def runs() -> dict[str, Run]:
    return run_all(domains())


def golden() -> dict[str, dict[str, list[str]]]:
    return dict(json.loads(GOLDEN.read_text()))


def update(runs: dict[str, Run]) -> None:
    old = golden() if GOLDEN.exists() else {"current": {}, "retired": {}}
    gone = {name: [u for u in found if u not in urns(domains()[name][0], runs[name])]
            for name, found in old["current"].items() if name in runs}
    assert not unaliased(gone, runs), f"renamed without an alias: {unaliased(gone, runs)}"
    retired = {name: sorted(set(old["retired"].get(name, [])) | set(gone.get(name, []))) for name in runs}
    document = {"current": {name: urns(domains()[name][0], run) for name, run in runs.items()},
                "retired": {name: found for name, found in retired.items() if found}}
    GOLDEN.write_text(json.dumps(document, indent=1) + "\n")


def test_every_urn_is_in_the_golden_file(runs: dict[str, Run]) -> None:
    if os.environ.get("UPDATE_SNAPSHOTS"):
        update(runs)
    current = golden()["current"]
    assert unaliased(current, runs) == [], "a resource was renamed without an alias (components/aliases.py)"
    assert {name: urns(domains()[name][0], run) for name, run in runs.items()} == current, \
        "new URNs: review them, then UPDATE_SNAPSHOTS=1 pytest tests/components/test_urns.py"


def test_retired_urns_stay_aliased(runs: dict[str, Run]) -> None:
    retired = golden()["retired"]
    assert {"prod", "staging"} <= set(retired), "the A/AAAA names before the rename are on record"
    assert "urn:pulumi:staging::launchready::launchready:domain:ProductDomain$cloudflare:index/dnsRecord:DnsRecord" \
           "::domain-www-a" in retired["staging"]
    assert unaliased(retired, runs) == []


def renamed(setting_id: str, component: str = "domain") -> str:
    """A rename of the zone settings, as a careless refactor might make it."""
    return f"{component}-zone-{setting_id}"


def test_a_rename_without_an_alias_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(naming, "setting_name", renamed)
    monkeypatch.setattr("components.settings.setting_name", renamed)
    runs = run_all({"prod": domains()["prod"]})
    missing = unaliased({"prod": golden()["current"]["prod"]}, runs)
    assert missing and all(":ZoneSetting::domain-setting-" in u for u in missing)
    assert len(missing) == 6


def test_dropping_the_a_aaaa_alias_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("components.records.record_aliases", lambda record, plan, component="domain": [])
    runs = run_all({"staging": domains()["staging"]})
    missing = unaliased({"staging": golden()["retired"]["staging"]}, runs)
    assert any(u.endswith("::domain-www-a") for u in missing)
