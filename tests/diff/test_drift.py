"""`launchready diff --live` against the loopback DNS sandbox serving the stack as Cloudflare would,
then with records added, changed and leaked behind the stack's back."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dns.zone
import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.plan import DomainPlan
from launchready.core.stack import accept
from launchready.sandbox.dns import DnsServer, Fault, ZoneData, zone_from_plan
from launchready.sandbox.dns_zone import add
from tests.diff.conftest import STAGING, stack_yaml
from validators.dns.drift import undeclared_probes

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    (tmp_path / "Pulumi.staging.yaml").write_text(stack_yaml(STAGING))
    return tmp_path


@pytest.fixture
def plan() -> DomainPlan:
    return accept(copy.deepcopy(STAGING), stack="staging").plan


def with_extra(zone: ZoneData, *records: tuple[str, str, str]) -> ZoneData:
    """A copy of the served zone with records nobody declared."""
    copied = dns.zone.Zone(zone.origin)
    copied.nodes.update(copy.deepcopy(dict(zone.zone.nodes)))
    for fqdn, rdtype, text in records:
        add(copied, fqdn, rdtype, 300, text)
    return ZoneData(copied)


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[DnsServer] = []

    def start(zone: ZoneData, fault: Fault = Fault.NONE) -> DnsServer:
        servers.append(DnsServer(zone, fault).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def live(project: Path, server: DnsServer, *args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["diff", "--stack", "staging", "--live", "--project-dir", str(project),
                                 "--resolver", server.endpoint, "--authoritative", server.endpoint,
                                 "--timeout", "1", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def errors(report: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(f["check"], f["name"], f["type"]) for f in report["findings"] if f["severity"] == "error"]


def test_the_probes_skip_what_cloudflare_answers_and_cname_names(plan: DomainPlan) -> None:
    probes = undeclared_probes(plan)
    assert ("example.net", "MX") not in probes, "declared"
    assert ("example.net", "CAA") not in probes, "declared by the default CAA policy"
    assert ("example.net", "A") not in probes and ("api.example.net", "AAAA") not in probes, "proxied names"
    assert not [p for p in probes if p[0] == "status.example.net"], "a CNAME owns its name"
    assert ("api.example.net", "TXT") in probes and ("www.example.net", "MX") in probes


def test_no_drift_when_the_zone_serves_the_stack(project: Path, plan: DomainPlan, serve: Any) -> None:
    server = serve(zone_from_plan(plan))
    code, report = live(project, server)
    assert code == 0, errors(report)
    assert report["ok"] is True
    undeclared = [f for f in report["findings"] if f["check"] == "drift.undeclared"]
    assert [f["severity"] for f in undeclared] == ["info"]


@pytest.mark.parametrize("fault", [Fault.SILENT, Fault.SERVFAIL])
def test_resolvers_that_never_answer_do_not_pass_the_undeclared_check(project: Path, plan: DomainPlan, serve: Any,
                                                                      fault: Fault) -> None:
    server = serve(zone_from_plan(plan), fault)
    code, report = live(project, server, "--timeout", "0.2")
    assert code == 1
    [undeclared] = [f for f in report["findings"] if f["check"] == "drift.undeclared"]
    assert undeclared["severity"] == "warning"
    assert undeclared["message"].startswith("not checked: none of the ")
    assert f"got an answer from {server.endpoint}" in undeclared["message"]


def test_records_added_behind_the_stack_s_back_are_reported(project: Path, plan: DomainPlan, serve: Any) -> None:
    zone = with_extra(zone_from_plan(plan), ("api.example.net.", "TXT", '"left-over=1"'),
                      ("www.example.net.", "MX", "10 mx.example.org."))
    server = serve(zone)
    code, report = live(project, server)
    assert code == 1
    assert errors(report) == [("drift.undeclared", "api.example.net", "TXT"),
                              ("drift.undeclared", "www.example.net", "MX")]
    [txt] = [f for f in report["findings"] if f["type"] == "TXT" and f["check"] == "drift.undeclared"]
    assert txt["message"].startswith(f"api TXT exists live but the stack does not declare it: left-over=1 (from "
                                     f"{server.endpoint})")


def test_a_declared_record_changed_live_is_drift(project: Path, plan: DomainPlan, serve: Any) -> None:
    changed = copy.deepcopy(STAGING)
    changed["hosts"]["status"]["cname"] = "elsewhere.example.org"
    server = serve(zone_from_plan(accept(changed, stack="staging").plan))
    code, report = live(project, server)
    assert code == 1
    assert ("dns.answer", "status.example.net", "CNAME") in errors(report)


def test_a_proxied_host_leaking_its_origin_is_drift(project: Path, plan: DomainPlan, serve: Any) -> None:
    server = serve(zone_from_plan(plan), Fault.ORIGIN_LEAK)
    code, report = live(project, server)
    assert code == 1
    assert "dns.origin_leak" in {check for check, _, _ in errors(report)}


def test_live_takes_no_revisions(project: Path) -> None:
    result = runner.invoke(app, ["diff", "--stack", "staging", "--live", "--base", "main",
                                 "--project-dir", str(project)])
    assert result.exit_code == 2 and "drop --base" in result.stderr


def test_a_bad_resolver_is_bad_input(project: Path) -> None:
    result = runner.invoke(app, ["diff", "--stack", "staging", "--live", "--resolver", "not-an-ip",
                                 "--project-dir", str(project)])
    assert result.exit_code == 2 and "--resolver" in result.stderr
