"""DMARC against RFC 7489: ABNF case rules, the missing-p rule (§6.6.3 step 6), organisational domains from
the Public Suffix List (§3.2) with the fallback to their record (§6.6.3 step 3), and report URIs whose
?query is never echoed. Crafted zones on a loopback DNS server."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.mailauth import dmarc
from tests.validators.email.crafted import findings_for, serving, txt, verdicts
from validators.email.expect import for_domain

D = "example.com"


def found(domain: str, *lines: str) -> dict[str, set[str]]:
    return verdicts(findings_for("\n".join([txt(domain, "v=spf1 -all"), *lines]), for_domain(domain)),
                    "email.dmarc")


@pytest.mark.parametrize(("record", "syntax"), [
    ("V=DMARC1; P=Reject; ADKIM=S; Aspf=r", "info"),  # tag names and keywords are case-insensitive
    ("v = DMARC1 ;\tp=reject", "info"),               # WSP around '=' and ';'
    ("v=dmarc1; p=reject", "error"),                  # the version is %x44 %x4d %x41 %x52 %x43 %x31, exactly
    ("v=DMARC1; p=reject\n", "error"),                # a line break is not WSP
    ("v=DMARC1; p=reject; fo=1\n", "error"),
])
def test_abnf_case_and_whitespace_rules(record: str, syntax: str) -> None:
    line = txt(f"_dmarc.{D}", record).replace("\n", "\\010")  # a zone-file escape: the TXT holds a line feed
    assert found(D, line)["email.dmarc.syntax"] == {syntax}


def test_a_missing_p_with_a_valid_rua_means_none_not_an_invalid_record() -> None:
    verdict = findings_for("\n".join([txt(D, "v=spf1 -all"), txt(f"_dmarc.{D}", "v=DMARC1; rua=mailto:d@example.com")]),
                           for_domain(D))
    syntax = next(f for f in verdict if f.check == "email.dmarc.syntax")
    policy = next(f for f in verdict if f.check == "email.dmarc.policy")
    assert syntax.severity.value == "warning" and "as if the record said p=none" in syntax.message
    assert policy.observed == "none" and policy.severity.value == "warning"


@pytest.mark.parametrize("record", ["v=DMARC1; adkim=s", "v=DMARC1; p=block", "v=DMARC1; rua=https://example.com/r"])
def test_no_valid_p_and_no_valid_rua_applies_no_dmarc(record: str) -> None:
    verdict = found(D, txt(f"_dmarc.{D}", record))
    assert verdict["email.dmarc.syntax"] == {"error"} and "email.dmarc.policy" not in verdict


def test_an_invalid_sp_with_a_valid_rua_is_none_for_everyone() -> None:
    record = dmarc.parse("v=DMARC1; p=reject; sp=bogus; rua=mailto:d@example.com")
    assert (dmarc.effective_policy(record), dmarc.effective_policy(record, subdomain=True)) == ("none", "none")


def test_a_subdomain_without_a_record_falls_back_to_the_organisational_domain() -> None:
    org = txt(f"_dmarc.{D}", "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com")
    verdict = findings_for("\n".join([txt(f"mail.{D}", "v=spf1 -all"), org]), for_domain(f"mail.{D}"))
    record = next(f for f in verdict if f.check == "email.dmarc.record")
    policy = next(f for f in verdict if f.check == "email.dmarc.policy")
    assert record.severity.value == "info" and f"_dmarc.{D}" in record.message
    assert policy.observed == "quarantine" and policy.name == f"_dmarc.{D}"


def test_without_any_record_up_the_tree_the_subdomain_has_none() -> None:
    assert found(f"mail.{D}")["email.dmarc.record"] == {"error"}


@pytest.mark.parametrize(("host", "domain", "external"), [
    ("reports.example.com", "mail.example.com", False),  # same organisation
    ("example.co.uk", "mail.example.co.uk", False),     # a two-label public suffix
    ("other.co.uk", "example.co.uk", True),
    ("a.github.io", "b.github.io", True),               # the PSL's private section
    ("example.net", "example.com", True),
    ("Example.COM.", "example.com", False),             # the same name, answered without the PSL
    ("co.uk", "co.uk", False),                          # a public suffix is its own organisation
    ("reports.example.org", "example.com", True),       # other top-level label, answered without the PSL
])
def test_external_is_judged_by_organisational_domain(host: str, domain: str, external: bool) -> None:
    assert dmarc.is_external(host, domain) is external
    assert (dmarc.organizational_domain(host) != dmarc.organizational_domain(domain)) is external


def test_reports_to_a_sibling_subdomain_need_no_authorization() -> None:
    record = txt(f"_dmarc.mail.{D}", f"v=DMARC1; p=reject; rua=mailto:d@reports.{D}")
    assert "email.dmarc.reports" not in found(f"mail.{D}", record)


TOKEN = "s3cr3t-T0ken-" + "x" * 12


def test_a_token_in_a_report_uri_query_is_never_echoed() -> None:
    zone = "\n".join([txt("example.org", "v=spf1 -all"), "example.org. 300 MX 0 .",
                      txt("_dmarc.example.org", f"v=DMARC1; p=reject; rua=mailto:d@example.net?token={TOKEN}"),
                      txt("_dmarc.example.org", f"v=DMARC1; p=none; rua=mailto:d@example.net?token={TOKEN}")])
    single = "\n".join(zone.splitlines()[:3])
    with serving(single) as one, serving(zone) as two:
        outputs = [CliRunner().invoke(app, ["check", "email", "example.org", "--resolver", str(endpoint), "-f", fmt])
                   for endpoint in (one, two) for fmt in ("text", "json", "markdown", "junit")]
    assert all(result.exit_code == 1 for result in outputs), [r.output for r in outputs]
    assert all(TOKEN not in result.output for result in outputs)
    assert any("query of" in result.output for result in outputs), "the query is counted, not dropped silently"
    assert dmarc.uri_host(f"mailto:d@example.net?token={TOKEN}") == "example.net"
