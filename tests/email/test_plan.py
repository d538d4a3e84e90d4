"""Planning tables: the exact mail records each preset and combination produces."""

from __future__ import annotations

import pytest

from launchready.core.plan import build_plan
from tests.email.keys import rsa_record
from tests.email.specs import TOKENS, google, mail_records, plan_of, ses, spec_of

Z = "example.com"
DMARC_NONE = (f"_dmarc.{Z}", "TXT", "v=DMARC1; p=none", None, "dmarc-txt")


def dkim_key_txt(selector: str, domain: str = Z) -> tuple[str, str, str, None, str]:
    label = f"{selector}._domainkey.{domain}".removesuffix("." + Z).replace(".", "-").replace("_", "")
    return (f"{selector}._domainkey.{domain}", "TXT", rsa_record(), None, f"{label}-txt")


SES_DKIM = [(f"{t}._domainkey.{Z}", "CNAME", f"{t}.dkim.amazonses.com", None, f"{t}-domainkey-cname") for t in TOKENS]
SES_MAIL_FROM = [(f"mail.{Z}", "TXT", "v=spf1 include:amazonses.com ~all", None, "mail-txt-spf"),
                 *SES_DKIM,
                 (f"mail.{Z}", "MX", "feedback-smtp.eu-west-1.amazonses.com", 10,
                  "mail-mx-10-feedback-smtp-eu-west-1-amazonses-com")]

PRESETS = {
    "ses": ([ses()], [*SES_MAIL_FROM, DMARC_NONE]),
    "ses without custom MAIL FROM": ([ses(mail_from=None)], [*SES_DKIM, DMARC_NONE]),
    "google_workspace": ([google()], [
        (Z, "TXT", "v=spf1 include:_spf.google.com ~all", None, "apex-txt-spf"),
        dkim_key_txt("google"), DMARC_NONE]),
    "microsoft365": ([{"provider": "microsoft365", "tenant": "contoso"}], [
        (Z, "TXT", "v=spf1 include:spf.protection.outlook.com ~all", None, "apex-txt-spf"),
        (f"selector1._domainkey.{Z}", "CNAME", "selector1-example-com._domainkey.contoso.onmicrosoft.com", None,
         "selector1-domainkey-cname"),
        (f"selector2._domainkey.{Z}", "CNAME", "selector2-example-com._domainkey.contoso.onmicrosoft.com", None,
         "selector2-domainkey-cname"),
        DMARC_NONE]),
    "microsoft365 new DKIM targets": ([{"provider": "microsoft365", "tenant": "contoso", "partition": "r"}], [
        (Z, "TXT", "v=spf1 include:spf.protection.outlook.com ~all", None, "apex-txt-spf"),
        (f"selector1._domainkey.{Z}", "CNAME", "selector1-example-com._domainkey.contoso.r.dkim.mail.microsoft",
         None, "selector1-domainkey-cname"),
        (f"selector2._domainkey.{Z}", "CNAME", "selector2-example-com._domainkey.contoso.r.dkim.mail.microsoft",
         None, "selector2-domainkey-cname"),
        DMARC_NONE]),
    "postmark": ([{"provider": "postmark", "selector": "20260519190009pm", "dkim_key": rsa_record()}], [
        dkim_key_txt("20260519190009pm"),
        (f"pm-bounces.{Z}", "CNAME", "pm.mtasv.net", None, "pm-bounces-cname"),
        DMARC_NONE]),
    "sendgrid": ([{"provider": "sendgrid", "subdomain": "em1234", "user_id": 5678, "link_id": 90}], [
        (f"em1234.{Z}", "CNAME", "u5678.wl90.sendgrid.net", None, "em1234-cname"),
        (f"s1._domainkey.{Z}", "CNAME", "s1.domainkey.u5678.wl90.sendgrid.net", None, "s1-domainkey-cname"),
        (f"s2._domainkey.{Z}", "CNAME", "s2.domainkey.u5678.wl90.sendgrid.net", None, "s2-domainkey-cname"),
        DMARC_NONE]),
    "resend": ([{"provider": "resend", "dkim_key": rsa_record()}], [
        (f"send.{Z}", "TXT", "v=spf1 include:amazonses.com ~all", None, "send-txt-spf"),
        dkim_key_txt("resend"),
        (f"send.{Z}", "MX", "feedback-smtp.us-east-1.amazonses.com", 10,
         "send-mx-10-feedback-smtp-us-east-1-amazonses-com"),
        DMARC_NONE]),
    "mailgun on mg": ([{"provider": "mailgun", "selector": "k1", "dkim_key": rsa_record(), "domain": "mg"}], [
        (f"mg.{Z}", "TXT", "v=spf1 include:mailgun.org ~all", None, "mg-txt-spf"),
        dkim_key_txt("k1", f"mg.{Z}"),
        DMARC_NONE]),
    "custom": ([{"provider": "custom", "ip4": ["192.0.2.0/24"], "ip6": ["2001:db8::/48"],
                 "includes": ["spf.example.net"], "mechanisms": ["mx"],
                 "dkim": [{"selector": "k1", "cname": "k1.dkim.example.net"}]}], [
        (Z, "TXT", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/48 mx include:spf.example.net ~all", None,
         "apex-txt-spf"),
        (f"k1._domainkey.{Z}", "CNAME", "k1.dkim.example.net", None, "k1-domainkey-cname"),
        DMARC_NONE]),
}


@pytest.mark.parametrize("preset", PRESETS)
def test_each_preset_plans_exactly_its_records(preset: str) -> None:
    send, expected = PRESETS[preset]
    assert mail_records(plan_of({"send": send})) == expected


def test_ses_and_google_workspace_with_inbound_mail_and_reports() -> None:
    plan = plan_of({"send": [ses(), google()], "receive": "google_workspace", "spf_all": "-all",
                    "dmarc": {"policy": "quarantine", "sp": "reject", "adkim": "s",
                              "rua": "mailto:dmarc@example.com", "ruf": "mailto:forensic@example.com"}})
    assert mail_records(plan) == [
        (f"mail.{Z}", "TXT", "v=spf1 include:amazonses.com -all", None, "mail-txt-spf"),
        (Z, "TXT", "v=spf1 include:_spf.google.com -all", None, "apex-txt-spf"),
        *SES_MAIL_FROM[1:],
        dkim_key_txt("google"),
        (Z, "MX", "aspmx.l.google.com", 1, "apex-mx-1-aspmx-l-google-com"),
        (Z, "MX", "alt1.aspmx.l.google.com", 5, "apex-mx-5-alt1-aspmx-l-google-com"),
        (Z, "MX", "alt2.aspmx.l.google.com", 5, "apex-mx-5-alt2-aspmx-l-google-com"),
        (Z, "MX", "alt3.aspmx.l.google.com", 10, "apex-mx-10-alt3-aspmx-l-google-com"),
        (Z, "MX", "alt4.aspmx.l.google.com", 10, "apex-mx-10-alt4-aspmx-l-google-com"),
        (f"_dmarc.{Z}", "TXT", "v=DMARC1; p=quarantine; sp=reject; adkim=s; rua=mailto:dmarc@example.com; "
         "ruf=mailto:forensic@example.com", None, "dmarc-txt"),
    ]


def test_senders_on_one_name_share_one_spf_record_in_spec_order() -> None:
    plan = plan_of({"send": [google(), {"provider": "microsoft365", "tenant": "contoso"},
                             {"provider": "custom", "ip4": ["198.51.100.7"], "includes": ["_spf.google.com"]}]})
    spf = [r for r in plan.records if r.key == "apex-txt-spf"]
    assert len(spf) == 1
    assert spf[0].content == ("v=spf1 include:_spf.google.com include:spf.protection.outlook.com "
                              "ip4:198.51.100.7/32 ~all")
    assert spf[0].source == "email.send"


def test_no_mail_posture() -> None:
    plan = plan_of({"sends_mail": False, "dmarc": {"rua": "mailto:dmarc@example.com"}})
    assert mail_records(plan) == [
        (Z, "TXT", "v=spf1 -all", None, "apex-txt-spf"),
        (Z, "MX", ".", 0, "apex-mx-null"),
        (f"_dmarc.{Z}", "TXT", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com", None, "dmarc-txt"),
    ]


@pytest.mark.parametrize(("receive", "expected"), [
    ("microsoft365", [(0, "example-com.mail.protection.outlook.com")]),
    ("mailgun", [(10, "mxa.mailgun.org"), (10, "mxb.mailgun.org")]),
    ("ses", [(10, "inbound-smtp.eu-west-1.amazonaws.com")]),
    ("none", [(0, ".")]),
    ([{"host": "MX1.Example.NET.", "priority": 20}, {"host": "mx2.example.net"}],
     [(20, "mx1.example.net"), (10, "mx2.example.net")]),
])
def test_inbound_mx_presets(receive: object, expected: list[tuple[int, str]]) -> None:
    plan = plan_of({"send": [ses()], "receive": receive})
    assert [(r.priority, r.content) for r in plan.records if r.type == "MX" and r.name == Z] == expected


def test_long_dkim_keys_are_split_at_255_bytes_and_cnames_never_proxied() -> None:
    plan = plan_of({"send": [ses(), google(dkim_key=rsa_record(4096))]})
    key = next(r for r in plan.records if r.key == "google-domainkey-txt")
    assert len(key.txt_strings) == 3 and all(len(s.encode()) <= 255 for s in key.txt_strings)
    assert "".join(key.txt_strings) == rsa_record(4096)
    assert all(not r.proxied and r.ttl == 3600 for r in plan.records if r.source.startswith("email"))


def test_keys_stay_stable_when_senders_are_reordered() -> None:
    one = {r.key: r for r in plan_of({"send": [ses(), google()]}).records}
    two = {r.key: r for r in plan_of({"send": [google(), ses()]}).records}
    assert one.keys() == two.keys()
    assert all(one[k].content == two[k].content for k in one)


def test_email_records_show_in_the_plan_json_contract() -> None:
    plan = build_plan(spec_of({"send": [google()], "receive": "google_workspace"}), "test")
    contract = plan.contract()["records"]
    assert {"name": Z, "type": "MX", "content": "aspmx.l.google.com", "priority": 1, "ttl": 3600,
            "proxied": False} in contract
