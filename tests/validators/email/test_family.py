"""The email family as `launchready validate --only email` and `launchready check email` run it: a stack's
plan against its live world on a loopback DNS server, and SES's verdict from moto's server."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import boto3
import pytest
from typer.testing import CliRunner

from launchready.aws.ses import lookup
from launchready.cli import app
from launchready.core.findings import Severity
from launchready.core.plan import DomainPlan
from launchready.core.stack import Stack
from tests.conftest import ROOT
from tests.email.keys import rsa_record
from tests.validators.email.crafted import serving, split, txt
from tests.validators.email.world import world_of
from validators.context import CheckContext
from validators.email import check
from validators.endpoints import Endpoint

RUNNER = CliRunner()


def family(stack: Stack, plan: DomainPlan, zone_text: str, **ctx: object) -> list:  # type: ignore[type-arg]
    with serving(zone_text) as endpoint:
        context = CheckContext(plan=plan, spec=stack.spec, resolvers=(endpoint,), prod=stack.name == "prod")
        return asyncio.run(check(replace(context, **ctx)))  # type: ignore[arg-type]


def test_staging_world_passes_every_mail_check(staging_stack: Stack, staging_plan: DomainPlan) -> None:
    findings = family(staging_stack, staging_plan, world_of(staging_plan))
    assert [f for f in findings if f.severity is not Severity.INFO] == []
    checks = {f.check for f in findings}
    assert {"email.spf.lookups", "email.dkim.cname", "email.dkim.strength", "email.dmarc.policy", "email.mx.present",
            "email.mx.resolves"} <= checks
    names = {f.name for f in findings if f.check == "email.dkim.record"}
    assert names == {"google._domainkey.example.net", *(f"example0token0{c * 18}._domainkey.example.net"
                                                         for c in "abc")}


def test_a_missing_dkim_cname_and_mail_from_mx_fail(staging_stack: Stack, staging_plan: DomainPlan) -> None:
    findings = family(staging_stack, staging_plan, world_of(staging_plan, drop="mail-mx"))
    assert {(f.check, f.name) for f in findings if f.severity is Severity.ERROR} == {
        ("email.mx.present", "mail.example.net")}
    findings = family(staging_stack, staging_plan, world_of(staging_plan, drop="aaaa-domainkey"))
    assert {f.check for f in findings if f.severity is Severity.ERROR} == {"email.dkim.cname", "email.dkim.record"}


def test_prod_world_passes(prod_stack: Stack, prod_plan: DomainPlan) -> None:
    findings = family(prod_stack, prod_plan, world_of(prod_plan))
    assert [f.message for f in findings if f.severity is not Severity.INFO] == []


def test_unreachable_resolver_fails_instead_of_hanging(staging_stack: Stack, staging_plan: DomainPlan) -> None:
    context = CheckContext(plan=staging_plan, spec=staging_stack.spec, resolvers=(Endpoint("127.0.0.1", 9),),
                           timeout=0.2)
    findings = asyncio.run(check(context))
    assert findings and all(f.severity is Severity.ERROR for f in findings if f.check.endswith(".record"))


def test_ses_status_from_a_real_emulator(staging_stack: Stack, staging_plan: DomainPlan, ses_endpoint: str) -> None:
    ctx = {"ses_region": "eu-west-1", "ses_endpoint": ses_endpoint, "ses_lookup": lookup("eu-west-1", ses_endpoint)}
    missing = [f for f in family(staging_stack, staging_plan, world_of(staging_plan), **ctx)
               if f.check.startswith("email.ses")]
    assert [(f.check, f.severity.value) for f in missing] == [("email.ses.identity", "error")]
    ses = boto3.client("ses", region_name="eu-west-1", endpoint_url=ses_endpoint)
    tokens = ses.verify_domain_dkim(Domain="example.net")["DkimTokens"]
    ses.set_identity_mail_from_domain(Identity="example.net", MailFromDomain="mail.example.net")
    found = {f.check: f for f in family(staging_stack, staging_plan, world_of(staging_plan), **ctx)
             if f.check.startswith("email.ses")}
    assert {c: f.severity.value for c, f in found.items()} == {
        "email.ses.identity": "info", "email.ses.dkim": "info", "email.ses.mail_from": "info",
        "email.ses.tokens": "error"}  # the stack still holds the example tokens, not SES's
    assert found["email.ses.tokens"].expected == tokens


def test_check_email_cli_verdicts_and_formats() -> None:
    good = "\n".join([txt("example.org", "v=spf1 -all"),  # a null MX beside senders fails (RFC 7505 §4.2)
                      txt("_dmarc.example.org", "v=DMARC1; p=reject"), "example.org. 300 MX 0 ."])
    with serving(good) as endpoint:
        result = RUNNER.invoke(app, ["check", "email", "example.org", "--resolver", str(endpoint), "-f", "json"])
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert document["ok"] and document["summary"]["families"] == ["email"]
        missing = RUNNER.invoke(app, ["check", "email", "example.org", "--resolver", str(endpoint),
                                      "--dkim-selector", "s1", "-f", "junit"])
        assert missing.exit_code == 1 and "email.dkim.record" in missing.stdout


@pytest.mark.parametrize("given", ["google._domainkey", "Google._DomainKey", "google._domainkey.example.org."])
def test_check_email_takes_a_selector_written_with_its_domainkey_suffix(given: str) -> None:
    """`--dkim-selector google._domainkey` asks google._domainkey.example.org, never
    google._domainkey._domainkey.example.org."""
    world = "\n".join([txt("example.org", "v=spf1 -all"), txt("_dmarc.example.org", "v=DMARC1; p=reject"),
                        "example.org. 300 MX 0 .", txt("google._domainkey.example.org", *split(rsa_record()))])
    with serving(world) as endpoint:
        result = RUNNER.invoke(app, ["check", "email", "example.org", "--resolver", str(endpoint),
                                     "--dkim-selector", given, "-f", "json"])
    assert result.exit_code == 0, result.output
    dkim = [f for f in json.loads(result.stdout)["findings"] if f["check"].startswith("email.dkim.")]
    assert dkim and {f["name"].lower() for f in dkim} == {"google._domainkey.example.org"}, dkim


def test_check_email_refuses_another_domains_dkim_record_name() -> None:
    result = RUNNER.invoke(app, ["check", "email", "example.org", "--dkim-selector", "google._domainkey.example.com"])
    assert result.exit_code == 2
    assert "give the selector alone: google" in result.stderr and "another domain than example.org" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["check", "email", "exa mple.org"], "DOMAIN"),
    (["check", "email", "example.org", "--dkim-selector", "bad selector"], "--dkim-selector"),
    (["check", "email", "example.org", "--resolver", "not-an-ip"], "--resolver"),
])
def test_check_email_bad_input_exits_2(args: list[str], message: str) -> None:
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 2 and message in result.stderr


def test_check_email_never_echoes_a_selector_shaped_like_a_key() -> None:
    pasted = "Zx9Qm2LkP7vT4hWc8sRb3NyJd6UeAa1G+/x9Qm2L"  # 40 characters of base64, not a selector
    result = RUNNER.invoke(app, ["check", "email", "example.org", "--dkim-selector", pasted])
    assert result.exit_code == 2 and "--dkim-selector text of 40 characters is not a selector" in result.stderr
    assert pasted[:12] not in result.output


def test_validate_only_email_on_the_staging_stack(staging_plan: DomainPlan, ses_endpoint: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", ses_endpoint)  # boto3 reads it: --ses-region needs no other flag
    boto3.client("ses", region_name="eu-west-1").verify_domain_dkim(Domain="example.net")
    with serving(world_of(staging_plan)) as endpoint:
        result = RUNNER.invoke(app, ["validate", "--stack", "staging", "--project-dir", str(ROOT), "--only", "email",
                                     "--resolver", str(endpoint), "--ses-region", "eu-west-1", "-f", "json"])
    document = json.loads(result.stdout)
    failing = {(f["check"], f["severity"]) for f in document["findings"] if f["severity"] != "info"}
    assert failing == {("email.ses.tokens", "error"), ("email.ses.mail_from", "error")}
    assert result.exit_code == 1
