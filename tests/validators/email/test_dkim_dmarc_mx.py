"""DKIM, DMARC and MX checks against crafted zones on a loopback DNS server."""

from __future__ import annotations

import base64
import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.email.keys import rsa_record
from tests.validators.email.crafted import findings_for, split, txt, verdicts
from validators.email.expect import DkimExpectation, MailExpectation, for_domain

D = "example.com"
SPF = txt(D, "v=spf1 -all")


def weak_key_record(bits: int) -> str:
    """A key of `bits` bits; cryptography refuses to generate RSA under 1024, so below that the modulus
    is a random odd number of that size (a verifier only reads its length)."""
    if bits >= 1024:
        return rsa_record(bits)
    modulus = secrets.randbits(bits) | (1 << (bits - 1)) | 1
    key = rsa.RSAPublicNumbers(65537, modulus).public_key()
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"


def dkim_verdicts(lines: list[str], selector: DkimExpectation) -> dict[str, set[str]]:
    expected = MailExpectation(domain=D, spf={}, dkim=(selector,))
    return verdicts(findings_for("\n".join([*lines, txt(f"_dmarc.{D}", "v=DMARC1; p=reject")]), expected),
                    "email.dkim")


def test_dkim_follows_a_cname_chain_to_the_provider_key() -> None:
    lines = [f"sel._domainkey.{D}. 300 CNAME sel.dkim.example.net.",
             "sel.dkim.example.net. 300 CNAME keys.example.org.",
             txt("keys.example.org", *split(rsa_record(2048)))]
    found = dkim_verdicts(lines, DkimExpectation("sel", D, cname="sel.dkim.example.net"))
    assert found == {"email.dkim.cname": {"info"}, "email.dkim.record": {"info"}, "email.dkim.key": {"info"},
                     "email.dkim.strength": {"info"}}


def test_dkim_cname_to_the_wrong_target() -> None:
    lines = [f"sel._domainkey.{D}. 300 CNAME other.example.net.", txt("other.example.net", *split(rsa_record()))]
    assert dkim_verdicts(lines, DkimExpectation("sel", D, cname="sel.dkim.example.net"))["email.dkim.cname"] == {
        "error"}


def test_dkim_missing_empty_and_weak_keys() -> None:
    assert dkim_verdicts([], DkimExpectation("gone", D))["email.dkim.record"] == {"error"}
    revoked = dkim_verdicts([txt(f"k._domainkey.{D}", "v=DKIM1; k=rsa; p=")], DkimExpectation("k", D))
    assert revoked["email.dkim.key"] == {"error"}
    weak = dkim_verdicts([txt(f"k._domainkey.{D}", weak_key_record(512))], DkimExpectation("k", D))
    assert weak["email.dkim.strength"] == {"error"}
    short = dkim_verdicts([txt(f"k._domainkey.{D}", rsa_record(1024))], DkimExpectation("k", D))
    assert short["email.dkim.strength"] == {"warning"}


def dmarc_verdicts(records: list[str], expected: MailExpectation | None = None,
                   extra: list[str] | None = None) -> dict[str, set[str]]:
    lines = [SPF, *(txt(f"_dmarc.{D}", r) for r in records), *(extra or [])]
    return verdicts(findings_for("\n".join(lines), expected or for_domain(D)), "email.dmarc")


def test_dmarc_reject_with_internal_reports_passes() -> None:
    assert dmarc_verdicts(["v=DMARC1; p=reject; rua=mailto:d@example.com"]) == {
        "email.dmarc.record": {"info"}, "email.dmarc.syntax": {"info"}, "email.dmarc.policy": {"info"}}


def test_dmarc_malformed_duplicated_and_missing() -> None:
    assert dmarc_verdicts(["v=DMARC1 p=reject"])["email.dmarc.syntax"] == {"error"}
    assert dmarc_verdicts(["v=DMARC1; p=block"])["email.dmarc.syntax"] == {"error"}
    assert dmarc_verdicts(["v=DMARC1; p=reject", "v=DMARC1; p=none"]) == {"email.dmarc.record": {"error"}}
    assert dmarc_verdicts([]) == {"email.dmarc.record": {"error"}}


def test_dmarc_none_warns_in_prod_and_fails_below_the_plan() -> None:
    prod = MailExpectation(domain=D, spf={}, dmarc_policy="none", prod=True)
    assert dmarc_verdicts(["v=DMARC1; p=none"], prod)["email.dmarc.policy"] == {"warning"}
    staging = MailExpectation(domain=D, spf={}, dmarc_policy="none")
    assert dmarc_verdicts(["v=DMARC1; p=none"], staging)["email.dmarc.policy"] == {"info"}
    planned = MailExpectation(domain=D, spf={}, dmarc_policy="quarantine")
    assert dmarc_verdicts(["v=DMARC1; p=none"], planned)["email.dmarc.policy"] == {"error"}
    assert dmarc_verdicts(["v=DMARC1; p=reject"], planned)["email.dmarc.policy"] == {"info"}


def test_dmarc_tags_removed_by_rfc9989_are_flagged() -> None:
    assert dmarc_verdicts(["v=DMARC1; p=reject; pct=50; ri=3600"])["email.dmarc.removed"] == {"warning"}


def test_external_report_destination_with_and_without_authorization() -> None:
    record = "v=DMARC1; p=reject; rua=mailto:agg@reports.example.net; ruf=mailto:f@example.org"
    authorized = txt(f"{D}._report._dmarc.reports.example.net", "v=DMARC1")
    found = findings_for("\n".join([SPF, txt(f"_dmarc.{D}", record), authorized]), for_domain(D))
    reports = {f.name: f.severity.value for f in found if f.check == "email.dmarc.reports"}
    assert reports == {f"{D}._report._dmarc.reports.example.net": "info", f"{D}._report._dmarc.example.org": "error"}


def mx_verdicts(lines: list[str], expected: MailExpectation) -> dict[str, set[str]]:
    return verdicts(findings_for("\n".join([SPF, txt(f"_dmarc.{D}", "v=DMARC1; p=reject"), *lines]), expected),
                    "email.mx")


def planned_mx(*hosts: tuple[int, str], null: bool = False) -> MailExpectation:
    return MailExpectation(domain=D, spf={}, mx={D: frozenset(hosts)}, null_mx=null)


def test_mx_set_present_and_resolving() -> None:
    lines = [f"{D}. 300 MX 10 mx1.example.net.", f"{D}. 300 MX 20 mx2.example.net.",
             "mx1.example.net. 300 A 192.0.2.25", "mx2.example.net. 300 AAAA 2001:db8::25"]
    found = mx_verdicts(lines, planned_mx((10, "mx1.example.net"), (20, "mx2.example.net")))
    assert found == {"email.mx.present": {"info"}, "email.mx.resolves": {"info"}}


def test_mx_missing_extra_and_unresolvable() -> None:
    lines = [f"{D}. 300 MX 10 mx1.example.net.", f"{D}. 300 MX 30 stray.example.net.",
             "mx1.example.net. 300 A 192.0.2.25"]
    findings = findings_for("\n".join([SPF, *lines]), planned_mx((10, "mx1.example.net"), (20, "mx2.example.net")))
    present = sorted(f.severity.value for f in findings if f.check == "email.mx.present")
    assert present == ["error", "warning"]
    resolves = {f.name: f.severity.value for f in findings if f.check == "email.mx.resolves"}
    assert resolves == {"mx1.example.net": "info", "stray.example.net": "error"}
    assert mx_verdicts([], planned_mx((10, "mx1.example.net")))["email.mx.present"] == {"error"}


def test_null_mx() -> None:
    assert mx_verdicts([f"{D}. 300 MX 0 ."], planned_mx((0, "."), null=True)) == {"email.mx.null": {"info"}}
    both = [f"{D}. 300 MX 0 .", f"{D}. 300 MX 10 mx1.example.net."]
    assert mx_verdicts(both, for_domain(D))["email.mx.null"] == {"error"}
    assert mx_verdicts([f"{D}. 300 MX 10 mx1.example.net."], planned_mx((0, "."), null=True)) == {
        "email.mx.null": {"error"}}
