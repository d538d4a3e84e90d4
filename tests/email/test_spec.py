"""Spec rules for mail: each problem is reported with its key path before anything is created."""

from __future__ import annotations

from typing import Any

import pytest

from launchready.core.errors import SpecError
from launchready.core.stack import accept
from tests.email.keys import private_p, private_pem, rsa_record
from tests.email.specs import TOKENS, domain, google, ses, spec_of


def problems(email: dict[str, Any] | None, records: list[dict[str, Any]] | None = None) -> list[str]:
    with pytest.raises(SpecError) as caught:
        accept(domain(email, records))
    return [str(problem) for problem in caught.value.problems]


def test_presets_by_name_with_parameters_parse() -> None:
    spec = spec_of({"send": [ses(), google()], "receive": "google_workspace",
                    "dmarc": {"policy": "quarantine", "rua": "mailto:dmarc@example.com"}})
    assert spec.email is not None
    assert [p.provider for p in spec.email.send] == ["ses", "google_workspace"]
    assert spec.email.dmarc.rua == ("mailto:dmarc@example.com",)
    assert spec.email.policy == "quarantine"


def test_bare_presets_ask_for_what_the_provider_hands_out() -> None:
    found = problems({"send": ["ses", "google_workspace", "microsoft365", "postmark", "sendgrid", "resend",
                               "mailgun"]})
    assert [p.split(":")[0] for p in found] == [f"email.send[{i}]" for i in range(7)]
    assert "launchready email ses --stack NAME --region REGION" in found[0]
    assert "region and dkim_tokens" in found[0]
    assert "Google Admin" in found[1]


def test_unknown_preset_is_a_structural_error() -> None:
    assert any("email.send[0]" in p and "ses" in p for p in problems({"send": ["sendmail"]}))


def test_two_spf_records_at_one_name_are_rejected_even_when_one_is_hand_written() -> None:
    found = problems({"send": [google()]}, records=[{"type": "TXT", "content": "v=spf1 include:spf.example.net -all"}])
    assert found == [found[0]]
    assert found[0].startswith("records[0]: a second SPF record at example.com (the first comes from email.send[0])")


def test_spf_lookup_limit_counts_known_provider_depth() -> None:
    custom = {"provider": "custom", "includes": ["a.example.net", "b.example.net"], "mechanisms": ["a", "mx"]}
    found = problems({"send": [google(), {"provider": "microsoft365", "tenant": "contoso"},
                               {"provider": "mailgun", "selector": "k1", "dkim_key": rsa_record()}, custom]})
    assert len(found) == 1
    assert found[0].startswith("email.send: SPF for example.com would need 14 DNS lookups")
    assert "include:_spf.google.com 3" in found[0] and "include:mailgun.org 5" in found[0]


def test_spf_at_the_limit_passes() -> None:
    custom = {"provider": "custom", "includes": ["a.example.net", "b.example.net"]}
    spec = spec_of({"send": [google(), {"provider": "mailgun", "selector": "k1", "dkim_key": rsa_record()}, custom]})
    assert spec.email is not None


@pytest.mark.parametrize(("record", "expected"), [
    ("v=spf1 ptr -all", "uses ptr"), ("v=spf1 +all", 'ends in "+all"'), ("v=spf1 all", 'ends in "all"'),
    ("v=spf1 ?all", 'ends in "?all"'), ("v=spf1 include: -all", "is invalid"),
])
def test_hand_written_spf_is_linted_without_an_email_section(record: str, expected: str) -> None:
    found = problems(None, records=[{"type": "TXT", "content": record}])
    assert len(found) == 1 and found[0].startswith("records[0]: ") and expected in found[0]


def test_custom_mechanisms_are_linted_too() -> None:
    found = problems({"send": [{"provider": "custom", "mechanisms": ["ptr:example.net"]}]})
    assert found[0].startswith("email.send[0]: SPF for example.com uses ptr")


def test_external_rua_needs_the_authorization_acknowledged() -> None:
    rua = ["mailto:d@example.com", "mailto:x@dmarc.example.org"]
    email = {"send": [google()], "dmarc": {"policy": "none", "rua": rua, "ruf": "mailto:f@example.net"}}
    found = problems(email)
    assert [p.split(":")[0] for p in found] == ["email.dmarc.rua[1]", "email.dmarc.ruf[0]"]
    assert "example.com._report._dmarc.dmarc.example.org" in found[0]
    email["dmarc"]["external_reports_authorized"] = True  # type: ignore[index]
    assert spec_of(email).email is not None


def test_dkim_cname_must_not_be_proxied() -> None:
    custom = {"provider": "custom", "dkim": [{"selector": "k1", "cname": "k1.dkim.example.net", "proxied": True}]}
    assert problems({"send": [custom]})[0].startswith("email.send[0].dkim[0].proxied: a DKIM CNAME must be DNS-only")
    record = {"name": "s1._domainkey", "type": "CNAME", "content": "s1.dkim.example.net", "proxied": True}
    assert problems(None, records=[record])[0].startswith("records[0].proxied: s1._domainkey is a DKIM key name")


def test_dkim_keys_must_parse() -> None:
    found = problems({"send": [google(dkim_key="v=DKIM1; k=rsa; p=")]})
    assert found == ["email.send[0].dkim_key: is not a usable DKIM key record: p= is empty: the key is revoked "
                     "(RFC 6376 §3.6.1); paste the whole TXT value"]


def test_ses_needs_three_tokens_and_relative_names() -> None:
    found = problems({"send": [ses(dkim_tokens=TOKENS[:2], mail_from="mail.example.com")]})
    assert [p.split(":")[0] for p in found] == ["email.send[0].dkim_tokens", "email.send[0].mail_from"]


def test_no_mail_posture_refuses_senders_receivers_and_weaker_policies() -> None:
    found = problems({"sends_mail": False, "send": [google()], "receive": "google_workspace",
                      "dmarc": {"policy": "none"}})
    assert [p.split(":")[0] for p in found] == ["email.send", "email.receive", "email.dmarc.policy"]


def test_inbound_mx_has_one_source() -> None:
    found = problems({"receive": "google_workspace"},
                     records=[{"type": "MX", "content": "mx.example.net", "priority": 10}])
    assert found[0].startswith("records[0]: the apex MX set comes from email.receive")
    assert problems({"receive": "ses"})[0].startswith("email.receive: receiving with SES needs an ses sender")


def test_dkim_cname_beside_other_data_is_caught_by_the_shared_rule() -> None:
    record = {"name": f"{TOKENS[0]}._domainkey", "type": "TXT", "content": rsa_record()}
    found = problems({"send": [ses()]}, records=[record])
    assert "cannot share the name" in found[0]


PRIVATE = "this is a PRIVATE key: remove it from the stack file and rotate it"


@pytest.mark.parametrize("record", [
    {"name": "google._domainkey", "type": "TXT", "content": "v=DKIM1; k=rsa; p=AAAA"},  # by its name
    {"name": "mail", "type": "TXT", "content": "v=DKIM1; p=AAAA"},  # by its v=DKIM1
    {"name": "s1._domainkey.news", "type": "TXT", "content": ["v=DKIM1; k=rsa;", " p="]},  # strings joined: revoked
])
def test_a_dkim_record_under_records_gets_the_dkim_key_checks(record: dict[str, Any]) -> None:
    (found,) = problems(None, records=[record])
    assert found.startswith("records[0].content: is not a usable DKIM key record: ")


def test_other_txt_records_and_good_dkim_records_pass() -> None:
    records = [{"name": "google._domainkey", "type": "TXT", "content": rsa_record()},
               {"name": "_adsp._domainkey", "type": "TXT", "content": "dkim=unknown"},
               {"name": "@", "type": "TXT", "content": "google-site-verification=abc"}]
    assert len(spec_of(None, records).records) == 3


@pytest.mark.parametrize("form", ["pkcs8", "pkcs1", "ec"])
def test_a_private_key_in_a_dkim_record_is_refused_as_private(form: str) -> None:
    record = {"name": "google._domainkey", "type": "TXT", "content": f"v=DKIM1; k=rsa; p={private_p(form)}"}
    (found,) = problems(None, records=[record])
    assert found.startswith(f"records[0].content: {PRIVATE}")
    assert private_p(form)[:16] not in found


@pytest.mark.parametrize("value", [private_p("pkcs8"), private_pem(), f"v=DKIM1; k=rsa; p={private_p('pkcs1')}"],
                         ids=["der", "pem", "record"])
def test_a_private_key_pasted_as_dkim_key_is_refused_and_never_shown(value: str) -> None:
    (found,) = problems({"send": [google(dkim_key=value)]})
    assert found == f"email.send[0].dkim_key: {PRIVATE} (a private key must never be in DNS or in the repository)"


def test_a_private_key_anywhere_in_the_spec_is_refused() -> None:
    pem, der = private_pem(), private_p("pkcs8")
    found = problems(None, records=[{"name": "a", "type": "TXT", "content": pem, "comment": "x"},
                                    {"name": "b", "type": "TXT", "content": [der[:36], der[36:]]},
                                    {"name": "c", "type": "A", "content": "192.0.2.1", "comment": der}])
    assert sorted(found) == [f"records[0].content: {PRIVATE} (a private key must never be in DNS or in the repository)",
                     f"records[1].content: {PRIVATE} (a private key must never be in DNS or in the repository)",
                     f"records[2].comment: {PRIVATE} (a private key must never be in DNS or in the repository)"]
