"""`launchready validate --only http,tls` against the sandbox edge: a correct edge passes and says what it
verified; each redirect or HSTS fault is caught under its own check id, and nothing else fails."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import SandboxCA
from launchready.sandbox.edge import Edge
from tests.validators.http.edge_cli import validate

HTTP_IDS = {"http.https_redirect", "http.canonical_redirect", "http.legacy_redirect", "http.hops", "http.loop",
            "http.insecure_hop", "http.status", "http.hsts"}
TLS_IDS = {"tls.chain", "tls.hostname", "tls.expiry", "tls.protocol", "tls.issuer"}


@pytest.mark.parametrize("stack", ["prod", "staging"])
def test_correct_edge_passes_and_lists_what_it_verified(stack: str, request: pytest.FixtureRequest,
                                                       ca: SandboxCA, bundle: Path) -> None:
    plan: DomainPlan = request.getfixturevalue(f"{stack}_plan")
    with Edge(plan, ca) as edge:
        run = validate(stack, edge, bundle)
        text = validate(stack, edge, bundle, fmt="text")
    assert run.code == 0, run.ids("error")
    assert run.ids("error") == set()
    assert run.ids("info") >= HTTP_IDS | TLS_IDS - {"tls.issuer"}, "prod's hosts are all proxied: sandbox CA warns"
    assert run.ids("info") | run.ids("warning") == HTTP_IDS | TLS_IDS
    assert run.ids("warning") <= {"http.hsts", "tls.issuer"}, "only the short staging max-age and the sandbox CA"
    assert text.code == 0 and text.stdout.splitlines()[-1].startswith(f"PASS stack {stack}: 0 errors")
    for host in plan.web_hosts:
        assert f"http://{host.fqdn}/launchready-probe?q=1" in text.stdout


def test_probes_keep_host_and_sni_through_connect_to(staging_plan: DomainPlan, ca: SandboxCA,
                                                     bundle: Path) -> None:
    with Edge(staging_plan, ca) as edge:
        validate("staging", edge, bundle, only="http")
    https = [seen for seen in edge.seen if seen.scheme == "https"]
    assert {seen.host for seen in https} == {host.fqdn for host in staging_plan.web_hosts}
    assert all(seen.sni == seen.host for seen in https)
    assert {seen.target for seen in edge.seen} >= {"/launchready-probe?q=1", "/", "/old-signup?q=1"}


FAULTS = [
    ("prod", "www-first", {"http.https_redirect"}),
    ("staging", "www-first", {"http.https_redirect"}),
    ("staging", "no-https-redirect", {"http.https_redirect"}),
    ("staging", "loop", {"http.loop"}),
    ("staging", "four-hops", {"http.hops"}),
    ("staging", "insecure-hop", {"http.insecure_hop", "http.canonical_redirect"}),
    ("staging", "path-dropped", {"http.canonical_redirect"}),
    ("prod", "path-dropped", {"http.canonical_redirect"}),
    ("staging", "legacy-wrong-status", {"http.legacy_redirect"}),
    ("staging", "server-error", {"http.status"}),
    ("staging", "no-hsts", {"http.hsts"}),
    ("staging", "no-hsts-on-redirect", {"http.hsts"}),
    ("prod", "short-max-age", {"http.hsts"}),
]


@pytest.mark.parametrize(("stack", "fault", "errors"), FAULTS, ids=[f"{s}-{f}" for s, f, _ in FAULTS])
def test_each_fault_fails_under_its_own_check(stack: str, fault: str, errors: set[str],
                                              request: pytest.FixtureRequest, ca: SandboxCA, bundle: Path) -> None:
    plan: DomainPlan = request.getfixturevalue(f"{stack}_plan")
    with Edge(plan, ca, faults={fault}) as edge:
        run = validate(stack, edge, bundle, only="http")
    assert run.code == 1
    assert run.ids("error") == errors


def test_www_first_names_the_host_and_the_right_first_hop(prod_plan: DomainPlan, ca: SandboxCA,
                                                          bundle: Path) -> None:
    with Edge(prod_plan, ca, faults={"www-first"}) as edge:
        run = validate("prod", edge, bundle, only="http")
    [finding] = run.findings("http.https_redirect", "error")
    assert finding["name"] == "www.example.com"
    assert "redirects to https://example.com/launchready-probe?q=1 first" in finding["message"]
    assert "https://www.example.com" in finding["message"]


def test_missing_hsts_is_reported_on_the_redirects_only(staging_plan: DomainPlan, ca: SandboxCA,
                                                        bundle: Path) -> None:
    with Edge(staging_plan, ca, faults={"no-hsts-on-redirect"}) as edge:
        run = validate("staging", edge, bundle, only="http")
    messages = {f["url"]: f["message"] for f in run.findings("http.hsts", "error")}
    assert set(messages) == {"https://example.net/launchready-probe?q=1", "https://www.example.net/old-signup?q=1"}
    assert messages["https://example.net/launchready-probe?q=1"].startswith(
        "no Strict-Transport-Security on https://example.net/launchready-probe?q=1 (308) and https://example.net/ "
        "(308); ")
    assert messages["https://www.example.net/old-signup?q=1"].startswith(
        "no Strict-Transport-Security on https://www.example.net/old-signup?q=1 (308); ")


def test_missing_hsts_is_one_error_per_host(staging_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    with Edge(staging_plan, ca, faults={"no-hsts"}) as edge:
        run = validate("staging", edge, bundle, only="http")
    errors = run.findings("http.hsts", "error")
    proxied = sorted(host.fqdn for host in staging_plan.web_hosts if host.proxied)
    assert sorted(f["name"] for f in errors) == proxied
    assert all(f["message"].count("https://") >= 2 for f in errors), "the probe path and / of each host"


def test_hsts_over_plain_http_is_a_warning(staging_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    with Edge(staging_plan, ca, faults={"hsts-over-http"}) as edge:
        run = validate("staging", edge, bundle, only="http")
    assert run.code == 0
    over_http = [f for f in run.findings("http.hsts", "warning") if (f["url"] or "").startswith("http:")]
    assert len(over_http) == len(staging_plan.web_hosts)


def test_a_server_that_never_answers_costs_at_most_the_timeout(staging_plan: DomainPlan, ca: SandboxCA,
                                                               bundle: Path) -> None:
    with Edge(staging_plan, ca, faults={"silent"}) as edge:
        started = time.monotonic()
        run = validate("staging", edge, bundle, "--timeout", "0.5")
        took = time.monotonic() - started
    assert run.code == 1
    assert run.ids("error") == {"http.status", "http.legacy_redirect", "tls.chain"}
    assert took < 2.5, f"{took:.1f}s for a 0.5s timeout"
    assert run.report["summary"]["elapsed_seconds"] < 1.5, "all probes wait at the same time, each at most 0.5s"
    assert all("no answer within 0.5s" in f["message"] for f in run.findings("http.status"))


def test_junit_has_one_failure_per_error(staging_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    with Edge(staging_plan, ca, faults={"loop"}) as edge:
        json_run = validate("staging", edge, bundle, only="http")
        junit = validate("staging", edge, bundle, only="http", fmt="junit")
    assert junit.code == 1
    suites = ET.fromstring(junit.stdout)
    failures = [case for case in suites.iter("testcase") if case.find("failure") is not None]
    assert len(failures) == len(json_run.findings("http.loop", "error")) > 0
    assert {suite.get("name") for suite in suites.iter("testsuite")} == {"http"}
    assert json_run.report["ok"] is False and json_run.report["summary"]["families"] == ["http"]
