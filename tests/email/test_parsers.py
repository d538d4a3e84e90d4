"""SPF, DMARC and DKIM record text, parsed without the network."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from launchready.core.mailauth import dkim, dmarc, spf
from tests.email.keys import ed25519_record, private_p, private_pem, rsa_record


@pytest.mark.parametrize(("text", "expected"), [
    ("v=spf1 -all", True), ("v=spf1", True), ("V=SPF1 include:_spf.google.com ~all", True),
    ("v=spf10 -all", False), ("spf1 -all", False), ("v=spf1-all", False),
])
def test_spf_record_selection_follows_rfc7208_4_5(text: str, expected: bool) -> None:
    assert spf.is_spf(text) is expected


def test_spf_terms_carry_qualifier_value_and_lookup_cost() -> None:
    terms = spf.parse("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/24 "
                      "include:_spf.google.com exists:%{i}._spf.example.com ?ptr redirect=_spf.example.net")
    assert [(t.name, t.qualifier, t.value) for t in terms] == [
        ("ip4", "+", "192.0.2.0/24"), ("ip6", "+", "2001:db8::/32"), ("a", "+", None),
        ("mx", "+", "mail.example.com"), ("include", "+", "_spf.google.com"),
        ("exists", "+", "%{i}._spf.example.com"), ("ptr", "?", None), ("redirect", "", "_spf.example.net"),
    ]
    assert [t.name for t in spf.lookup_terms(terms)] == ["a", "mx", "include", "exists", "ptr", "redirect"]


@pytest.mark.parametrize("text", [
    "v=spf1 include: -all", "v=spf1 ip4:192.0.2.300 -all", "v=spf1 ip4:2001:db8::1 -all",
    "v=spf1 foo:example.com -all", "v=spf1 include:localhost -all", "v=spf1 all:example.com",
    "v=spf1 redirect=a.example.com redirect=b.example.com", "v=spf1 include:%{z}.example.com -all",
    "v=spf1 ip4:192.0.2.1~all",
])
def test_spf_syntax_errors_name_the_term(text: str) -> None:
    with pytest.raises(spf.SpfSyntaxError):
        spf.parse(text)


def test_dmarc_tags_parse_in_order_and_reject_duplicates() -> None:
    record = dmarc.parse("v=DMARC1; p=quarantine; rua=mailto:a@example.com,mailto:b@example.org!10m; adkim=s")
    assert record.policy == "quarantine"
    assert dmarc.report_uris(record.get("rua") or "") == ("mailto:a@example.com", "mailto:b@example.org!10m")
    assert [dmarc.uri_host(u) for u in dmarc.report_uris(record.get("rua") or "")] == ["example.com", "example.org"]
    with pytest.raises(dmarc.DmarcSyntaxError):
        dmarc.parse("v=DMARC1; p=none; p=reject")
    with pytest.raises(dmarc.DmarcSyntaxError):
        dmarc.parse("p=none; v=DMARC1")
    with pytest.raises(dmarc.DmarcSyntaxError):
        dmarc.parse("v=DMARC1; p")


@pytest.mark.parametrize(("tag", "value", "ok"), [
    ("p", "reject", True), ("p", "block", False), ("adkim", "s", True), ("aspf", "x", False),
    ("rua", "mailto:d@example.com", True), ("rua", "https://example.com/r", False), ("fo", "1:d", True),
    ("fo", "2", False), ("t", "y", True), ("psd", "maybe", False),
])
def test_dmarc_tag_values(tag: str, value: str, ok: bool) -> None:
    assert (dmarc.value_problem(tag, value) is None) is ok


def test_dmarc_external_destinations_and_authorization_name() -> None:
    assert not dmarc.is_external("example.com", "example.com")
    assert not dmarc.is_external("reports.example.com", "example.com")
    assert dmarc.is_external("dmarc.example.org", "example.com")
    assert dmarc.authorization_name("example.com", "example.org") == "example.com._report._dmarc.example.org"
    assert dmarc.policy_rank("reject") > dmarc.policy_rank("quarantine") > dmarc.policy_rank("none")


@pytest.mark.parametrize("bits", [1024, 2048])
def test_dkim_rsa_keys_report_their_size(bits: int) -> None:
    assert dkim.public_key(rsa_record(bits)) == dkim.PublicKey("rsa", bits)


def test_dkim_accepts_pkcs1_wrapped_in_spaces_and_ed25519() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    pkcs1 = base64.b64encode(key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)).decode()
    assert dkim.public_key(f"k=rsa; p={pkcs1[:40]} {pkcs1[40:]}").bits == 1024
    assert dkim.public_key(ed25519_record()).algorithm == "ed25519"


@pytest.mark.parametrize(("text", "reason"), [
    ("v=DKIM1; k=rsa; p=", "revoked"), ("v=DKIM1; k=rsa", "no p="), ("v=DKIM1; p=not*base64", "base64"),
    ("v=DKIM1; p=AAAA", "RSA public key"), ("v=DKIM1; k=dsa; p=AAAA", "key type"),
    ("k=rsa; v=DKIM1; p=AAAA", "come first"),
])
def test_dkim_unusable_records_say_why(text: str, reason: str) -> None:
    with pytest.raises(dkim.DkimKeyError, match=reason):
        dkim.public_key(text)


@pytest.mark.parametrize("form", ["pkcs8", "pkcs1", "ec"])
def test_dkim_a_private_key_in_p_is_named_and_never_shown(form: str) -> None:
    with pytest.raises(dkim.DkimPrivateKeyError, match="PRIVATE key") as caught:
        dkim.public_key(f"v=DKIM1; k=rsa; p={private_p(form)}")
    assert private_p(form)[:20] not in str(caught.value)


@pytest.mark.parametrize("value", [private_p("pkcs8"), private_pem(), "x" * 40 + "  no tags at all"],
                         ids=["der", "pem", "text"])
def test_dkim_a_value_without_tags_is_never_quoted(value: str) -> None:
    with pytest.raises(dkim.DkimKeyError) as caught:
        dkim.public_key(value)
    assert value[:12] not in str(caught.value) and "\n" not in str(caught.value)
