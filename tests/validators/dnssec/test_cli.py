"""`launchready validate --only dnssec` end to end: the flags reach the checks and the exit code follows."""

from __future__ import annotations

import json

from launchready.sandbox.dns_chain import ChainFault
from tests.clirun import invoke
from tests.conftest import ROOT
from tests.validators.dnssec.conftest import endpoint
from validators.runner import select_families


def validate(w, *extra: str):
    child, parent = str(endpoint(w.child)), str(endpoint(w.parent))
    return invoke("validate", "--project-dir", str(ROOT), "--stack", "prod", "--only", "dnssec", "--format", "json",
                  "--timeout", "0.5", "--resolver", child, "--authoritative", child, "--parent", parent, *extra)


def test_only_dnssec_is_a_family() -> None:
    assert select_families("dnssec") == ("dnssec",)
    assert "dnssec" in select_families(None)


def test_a_complete_chain_exits_0_and_a_stale_ds_exits_1(world) -> None:
    good = validate(world())
    assert good.code == 0, good.stdout
    assert json.loads(good.stdout)["summary"]["families"] == ["dnssec"]
    stale = validate(world(ChainFault.STALE_DS))
    assert stale.code == 1
    checks = {f["check"] for f in json.loads(stale.stdout)["findings"] if f["severity"] == "error"}
    assert checks == {"dnssec.ds", "dnssec.state"}


def test_assigned_name_servers_reach_the_delegation_check(world) -> None:
    run = validate(world(), "--assigned-ns", "ada.ns.cloudflare.com", "--assigned-ns", "bob.ns.cloudflare.com")
    assert run.code == 1
    [finding] = [f for f in json.loads(run.stdout)["findings"] if f["check"] == "dns.delegation.assigned"]
    assert finding["expected"] == ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]
