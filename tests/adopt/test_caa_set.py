"""A CAA set at the apex governs every name below it that has none (RFC 8659 §3): adopt says when the
plan adds one where the zone has none, lists the names served elsewhere, fails (exit 1) when a validation
record shows a service whose CA the planned set leaves out (record.caa-blocks-ca), and never advises
deleting a superseded `issue` record a service may still rely on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.adopt.test_overwrites import adopt_json, adopt_zone

DEFAULT_ISSUERS = ["letsencrypt.org", "pki.goog", "ssl.com", "sectigo.com"]
STACK: dict[str, Any] = {"zone": "example.net", "canonical": "www", "origin": {"ipv4": ["192.0.2.50"]},
                         "hosts": {"apex": {}, "www": {}}}
"""The QA stack: the default `caa.issuers`, nothing else at the apex."""
ELSEWHERE = ("docs IN CNAME d111111abcdef8.cloudfront.example.org.\n"
             "api IN A 203.0.113.5\n"
             "dev IN NS ns1.dev-dns.example.org.\n")
PROXIED = "shop 300 IN CNAME shops.example.org. ; cf_tags=cf-proxied:true\n"
ACM = "_a1b2c3.docs IN CNAME _x9y8.acm-validations.aws.\n"
ACM_LABEL = "_a1b2c3.docs CNAME _x9y8.acm-validations.aws"


def test_a_new_apex_caa_set_is_announced_with_the_names_served_elsewhere(tmp_path: Path) -> None:
    code, doc = adopt_json(tmp_path, STACK, ELSEWHERE + PROXIED)
    assert doc["caa"] == {"new_issuers": DEFAULT_ISSUERS, "served_elsewhere": [
        "api A 203.0.113.5", "dev NS ns1.dev-dns.example.org", "docs CNAME d111111abcdef8.cloudfront.example.org"]}
    assert code == 0, "no record shows which CA those names use: a warning, not a failure"


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_every_format_says_the_new_set_limits_every_name(tmp_path: Path, fmt: str) -> None:
    code, out = adopt_zone(tmp_path, STACK, ELSEWHERE, "--format", fmt)
    assert "New CAA set" in out and "letsencrypt.org, pki.goog, ssl.com, sectigo.com" in out
    assert "RFC 8659 §3" in out and "every name in example.net" in out
    assert "docs CNAME d111111abcdef8.cloudfront.example.org" in out and code == 0


def test_an_apex_that_already_has_caa_gets_no_new_set_notice(tmp_path: Path) -> None:
    code, doc = adopt_json(tmp_path, STACK, ELSEWHERE + '@ IN CAA 0 issue "letsencrypt.org"\n')
    assert doc["caa"] == {"new_issuers": [], "served_elsewhere": []} and code == 0


def test_an_acm_validation_record_whose_ca_the_plan_leaves_out_fails_adopt(tmp_path: Path) -> None:
    code, doc = adopt_json(tmp_path, STACK, "docs IN CNAME d111111abcdef8.cloudfront.example.org.\n" + ACM)
    assert [(d["rule"], d["entry"], d["declared"]) for d in doc["dangerous"]] == [
        ("record.caa-blocks-ca", ACM_LABEL, False)]
    message = doc["dangerous"][0]["message"]
    assert "amazon.com" in message and "docs.example.net" in message and "caa.issuers" in message
    assert code == 1, "ACM could not renew docs.example.net's certificate after the first up"


def test_the_text_report_shows_the_blocked_service_and_how_to_declare_it(tmp_path: Path) -> None:
    code, out = adopt_zone(tmp_path, STACK, ACM)
    assert "record.caa-blocks-ca: the planned CAA set at @ (letsencrypt.org" in out
    assert f'overwrites:\n          - "{ACM_LABEL}"' in out and code == 1


@pytest.mark.parametrize("spec", [
    {**STACK, "caa": {"issuers": [*DEFAULT_ISSUERS, "amazon.com"]}},
    {**STACK, "caa": {"issuers": [*DEFAULT_ISSUERS, "amazontrust.com"]}},
    {**STACK, "adopted": {"overwrites": [ACM_LABEL]}},
], ids=["amazon.com listed", "an Amazon alias listed", "declared"])
def test_listing_amazon_or_declaring_the_block_passes(tmp_path: Path, spec: dict[str, Any]) -> None:
    code, doc = adopt_json(tmp_path, spec, ACM)
    assert [d for d in doc["dangerous"] if not d["declared"]] == [] and code == 0


@pytest.mark.parametrize("zone", [
    '@ IN CAA 0 issue "digicert.com"\n',
    'docs IN CAA 0 issue "amazon.com"\n',
], ids=["today's set already leaves Amazon out", "the name has its own CAA set"])
def test_a_set_the_plan_does_not_decide_for_the_name_is_no_danger(tmp_path: Path, zone: str) -> None:
    code, doc = adopt_json(tmp_path, STACK, zone + ACM)
    assert [d["rule"] for d in doc["dangerous"]] == [] and code == 0


def test_a_superseded_issue_record_is_never_simply_deleted(tmp_path: Path) -> None:
    code, doc = adopt_json(tmp_path, STACK, '@ IN CAA 0 issue "digicert.com"\n')
    [superseded] = doc["superseded"]
    assert "add digicert.com to caa.issuers" in superseded["reason"]
    assert "once the stack is live" not in superseded["reason"] and code == 0
