"""`launchready validate --only mobile` against the sandbox edge: a correct edge passes every mobile check,
and each mobile fault is caught under its own check id with nothing else failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import SandboxCA
from launchready.sandbox.edge import Edge
from tests.validators.http.edge_cli import validate

MOBILE_IDS = {"mobile.app_links.status", "mobile.app_links.content_type", "mobile.app_links.size",
              "mobile.app_links.json", "mobile.app_links.shape", "mobile.app_links.apps", "mobile.callback.status",
              "mobile.callback.offhost", "mobile.callback.cache", "mobile.mixed_content", "mobile.compression"}


@pytest.mark.parametrize("stack", ["prod", "staging"])
def test_correct_edge_passes_every_mobile_check(stack: str, request: pytest.FixtureRequest, ca: SandboxCA,
                                                bundle: Path) -> None:
    plan: DomainPlan = request.getfixturevalue(f"{stack}_plan")
    with Edge(plan, ca) as edge:
        run = validate(stack, edge, bundle, only="mobile")
    assert run.code == 0, [f["message"] for f in run.report["findings"] if f["severity"] != "info"]
    assert run.ids("info") == MOBILE_IDS
    compressed = {f["url"] for f in run.findings("mobile.compression") if f["observed"] == "gzip"}
    assert len(compressed) == len(run.findings("mobile.compression")), "every page and asset came back gzipped"
    assert {f"https://{plan.canonical_host}/app.css", f"https://{plan.canonical_host}/app.js"} <= compressed


FAULTS = [
    ("applinks-redirect", "mobile.app_links.status", "https://example.net/.well-known/apple-app-site-association",
     "redirects (308) to https://www.example.net/.well-known/apple-app-site-association; Apple's CDN"),
    ("applinks-wrong-type", "mobile.app_links.content_type", "https://www.example.net/.well-known/assetlinks.json",
     "is served as text/plain; charset=utf-8; it must be application/json"),
    ("applinks-missing-app", "mobile.app_links.apps", "https://www.example.net/.well-known/assetlinks.json",
     "does not grant com.example.app (certificate 14:6D:E9…)"),
    ("mixed-content", "mobile.mixed_content", "https://www.example.net/signup",
     "loads 1 blockable resource(s) over http://, which browsers block: <script src> http://cdn.example.org/app.js"),
    ("no-compression", "mobile.compression", "https://www.example.net/",
     "came back uncompressed although the request offered br, gzip, zstd"),
    ("callback-offhost", "mobile.callback.offhost", "https://www.example.net/auth/callback",
     "is redirected to https://login.example.org"),
]


@pytest.mark.parametrize(("fault", "check", "url", "words"), FAULTS, ids=[case[0] for case in FAULTS])
def test_each_fault_is_caught_by_its_check(fault: str, check: str, url: str, words: str, staging_plan: DomainPlan,
                                           ca: SandboxCA, bundle: Path) -> None:
    with Edge(staging_plan, ca, faults={fault}) as edge:
        run = validate("staging", edge, bundle, only="mobile")
    assert run.code == 1
    assert run.ids("error") == {check}, run.ids("error")
    [finding] = [f for f in run.findings(check, "error") if f["url"] == url]
    assert words in finding["message"], finding["message"]


def test_without_compression_the_pages_own_assets_fail_too(staging_plan: DomainPlan, ca: SandboxCA,
                                                           bundle: Path) -> None:
    with Edge(staging_plan, ca, faults={"no-compression"}) as edge:
        run = validate("staging", edge, bundle, only="mobile")
    failing = {f["url"] for f in run.findings("mobile.compression", "error")}
    assert {"https://www.example.net/app.css", "https://www.example.net/app.js", "https://api.example.net/"} <= failing


def test_the_redirect_fault_leaves_the_planned_redirects_alone(staging_plan: DomainPlan, ca: SandboxCA,
                                                               bundle: Path) -> None:
    """The http family cannot see the break: the canonical redirect it checks still works as planned."""
    with Edge(staging_plan, ca, faults={"applinks-redirect"}) as edge:
        run = validate("staging", edge, bundle, only="http,mobile")
    assert run.ids("error") == {"mobile.app_links.status"}
