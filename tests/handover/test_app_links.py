"""The handover lists the app-link hosts, each file and callback with the last validation's verdict."""

from __future__ import annotations

from pathlib import Path

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import SandboxCA
from launchready.sandbox.edge import Edge
from tests.clirun import invoke
from tests.conftest import ROOT
from tests.validators.http.edge_cli import validate


def test_report_shows_each_file_and_callback_with_its_verdict(staging_plan: DomainPlan, tmp_path: Path) -> None:
    ca = SandboxCA()
    with Edge(staging_plan, ca, faults={"applinks-wrong-type"}) as edge:
        run = validate("staging", edge, ca.write_bundle(tmp_path / "ca.pem"), only="mobile")
    results = tmp_path / "results.json"
    results.write_text(run.stdout)
    report = invoke("report", "--project-dir", str(ROOT), "--stack", "staging", "--results", str(results))
    assert report.code == 0, report.stderr
    text = report.stdout
    assert "App-link hosts: `www.example.net`, example.net." in text  # www. names would autolink
    assert ("| `https://example.net/.well-known/assetlinks.json` | App Links (Android) | "
            "FAIL: mobile.app_links.content_type |") in text
    assert "| `https://www.example.net/auth/callback` | sign-in callback | PASS (3 checks) |" in text
    assert text.count('"package_name": "com.example.app"') == 1, "each file's JSON once"


def test_without_results_the_verdict_says_so() -> None:
    report = invoke("report", "--project-dir", str(ROOT), "--stack", "prod")
    assert "| `https://example.com/.well-known/apple-app-site-association` | Universal Links (iOS) | " \
           "not validated in this report |" in report.stdout
