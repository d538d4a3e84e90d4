"""`launchready validate --only tls` against the sandbox edge: each certificate or protocol fault is caught,
and the finding says why (expired, another name, self-signed), read from the certificate itself."""

from __future__ import annotations

from pathlib import Path

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import OTHER_NAME, SandboxCA
from launchready.sandbox.edge import Edge
from tests.validators.http.edge_cli import Run, validate, validate_args


def run_tls(plan: DomainPlan, ca: SandboxCA, bundle: Path, *faults: str) -> Run:
    with Edge(plan, ca, faults=faults) as edge:
        return validate(plan.stack, edge, bundle, only="tls")


def messages(run: Run, check: str, severity: str = "error") -> list[str]:
    return [f["message"] for f in run.findings(check, severity)]


def test_correct_edge(staging_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    run = run_tls(staging_plan, ca, bundle)
    assert run.code == 0
    hosts = len(staging_plan.web_hosts)
    for check in ("tls.chain", "tls.hostname", "tls.expiry", "tls.protocol"):
        assert len(run.findings(check, "info")) == hosts, check
    assert all("TLS 1.0 and TLS 1.1 refused" in m for m in messages(run, "tls.protocol", "info"))
    assert all(f"--ca-bundle {bundle}" in m for m in messages(run, "tls.chain", "info"))
    # Only the proxied hosts expect a Universal SSL issuer; the DNS-only status host takes any CA.
    assert {f["name"] for f in run.findings("tls.issuer", "warning")} == {
        h.fqdn for h in staging_plan.web_hosts if h.proxied}
    assert [f["name"] for f in run.findings("tls.issuer", "info")] == ["status.example.net"]


def test_without_the_ca_bundle_the_chain_is_untrusted(staging_plan: DomainPlan, ca: SandboxCA) -> None:
    with Edge(staging_plan, ca) as edge:
        run = validate_args("staging", edge.cli_args(), only="tls")
    assert run.code == 1 and run.ids("error") == {"tls.chain"}
    assert all("launchready sandbox CA" in m and "the system trust store does not trust" in m
               for m in messages(run, "tls.chain"))


def test_expired_certificate(staging_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    run = run_tls(staging_plan, ca, bundle, "expired-cert")
    assert run.code == 1 and run.ids("error") == {"tls.expiry"}, "one error per host, not tls.chain as well"
    assert all("expired 1 day ago" in m for m in messages(run, "tls.expiry"))
    hosts = len(staging_plan.web_hosts)
    assert sum("only the certificate's validity period fails" in m for m in messages(run, "tls.chain", "info")) == hosts


def test_certificate_expiring_in_ten_days_is_a_warning(staging_plan: DomainPlan, ca: SandboxCA,
                                                       bundle: Path) -> None:
    run = run_tls(staging_plan, ca, bundle, "expiring-cert")
    assert run.code == 0
    assert len(run.findings("tls.expiry", "warning")) == len(staging_plan.web_hosts)
    assert all("expires in 10 days" in m for m in messages(run, "tls.expiry", "warning"))


def test_certificate_for_another_name(staging_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    run = run_tls(staging_plan, ca, bundle, "other-name-cert")
    assert run.code == 1 and run.ids("error") == {"tls.hostname"}
    for finding in run.findings("tls.hostname", "error"):
        assert finding["observed"] == [OTHER_NAME] and finding["expected"] == finding["name"]
        assert f"is for {OTHER_NAME}, not {finding['name']}" in finding["message"]


def test_self_signed_certificate(prod_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    run = run_tls(prod_plan, ca, bundle, "self-signed-cert")
    assert run.code == 1 and run.ids("error") == {"tls.chain"}
    assert all("self-signed" in m for m in messages(run, "tls.chain"))
    assert run.ids("info") >= {"tls.hostname", "tls.expiry", "tls.protocol"}, "the rest is judged anyway"


def test_server_offering_only_tls_1_0_and_1_1(staging_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    run = run_tls(staging_plan, ca, bundle, "legacy-tls-only")
    assert run.code == 1 and run.ids("error") == {"tls.chain", "tls.protocol"}
    found = messages(run, "tls.protocol")
    assert sum("negotiates neither TLS 1.2 nor TLS 1.3" in m for m in found) == len(staging_plan.web_hosts)
    assert sum("accepts TLS 1.0" in m for m in found) == len(staging_plan.web_hosts) - 1
    # The DNS-only host is someone else's server: accepting TLS 1.0 there is a warning.
    assert any("accepts TLS 1.1" in m for m in messages(run, "tls.protocol", "warning"))


def test_server_that_also_accepts_old_versions(prod_plan: DomainPlan, ca: SandboxCA, bundle: Path) -> None:
    run = run_tls(prod_plan, ca, bundle, "legacy-tls-too")
    assert run.code == 1 and run.ids("error") == {"tls.protocol"}
    found = messages(run, "tls.protocol")
    assert len(found) == 2 * len(prod_plan.web_hosts)
    assert {m.split(" accepts ")[1][:7] for m in found} == {"TLS 1.0", "TLS 1.1"}
