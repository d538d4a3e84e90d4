"""Parsing Strict-Transport-Security (RFC 6797 §6.1) and judging one response against the stack."""

from __future__ import annotations

import pytest

from launchready.core.findings import Finding
from launchready.core.plan.model import HstsSetting
from validators.http.hsts import Policy, judge, parse, response_problem
from validators.web.fetch import Hop

DECLARED = HstsSetting(enabled=True, max_age=31536000, include_subdomains=True, preload=False, nosniff=True)


@pytest.mark.parametrize(("value", "policy"), [
    ("max-age=31536000; includeSubDomains", Policy(31536000, True, False)),
    ('MAX-AGE="600" ;preload', Policy(600, False, True)),
    ("max-age=0", Policy(0, False, False)),
    ("max-age = 60 ;; ", Policy(60, False, False)),  # OWS around '=' and empty directives are allowed
    ('max-age=60; ext="a;b\\"c"; includesubdomains', Policy(60, True, False)),  # ';' inside a quoted-string
    ('max-age="6\\0"', Policy(60, False, False)),  # a quoted-pair
    ("max-age=0031536000", Policy(31536000, False, False)),  # 1*DIGIT: leading zeros are digits
    ("max-age=" + "9" * 5000, Policy(10**12, False, False)),  # capped, never a ValueError
])
def test_parse_follows_rfc_6797_grammar(value: str, policy: Policy) -> None:
    assert parse(value) == policy


@pytest.mark.parametrize(("value", "said"), [
    ("includeSubDomains", "max-age is missing"),
    ("max-age=soon", "ASCII digits"),
    ("max-age=1; max-age=2", "appears twice"),
    ("max-age=1; MAX-AGE=1", "appears twice"),  # names are case-insensitive
    ("max-age=\u0661\u0662\u0663", "is not name or name=value"),  # Arabic-Indic digits are not DIGIT
    ("max-age=\u00b2", "is not name or name=value"),  # str.isdigit() accepts '²'
    ('max-age="31536000', "is not name or name=value"),  # unbalanced quote
    ('max-age=31536000"', "is not name or name=value"),
    ("max-age=60, includeSubDomains", "is not name or name=value"),  # ',' is a separator, not a token char
    ("max-age=60; includeSubDomains=yes", "takes no value"),
    ('max-age=""', "ASCII digits"),
    ("max-age=31536000;" + " " * 8200, "8,217 characters long"),  # valid, but no policy is that long
])
def test_parse_reports_invalid_headers(value: str, said: str) -> None:
    problems = parse(value).problems
    assert problems and said in problems[0], problems


def test_parse_judges_a_header_of_8_kib() -> None:
    assert parse("max-age=31536000;" + " " * (8192 - 17)) == Policy(31536000, False, False)


def hop(hsts: tuple[str, ...], status: int = 200, url: str = "https://example.com/") -> Hop:
    location = "https://www.example.com/" if status in (301, 308) else None
    return Hop(url, status, location, hsts)


@pytest.mark.parametrize(("headers", "problem"), [
    ((), "no Strict-Transport-Security"),
    (("max-age=600; includeSubDomains",), "max-age=600 is below the declared 31536000"),
    (("max-age=31536000",), "includeSubDomains is missing but the stack declares it on"),
    (("max-age=31536000; includeSubDomains; preload",), "preload is present but the stack declares it off"),
    (("max-age=63072000; includeSubDomains", "max-age=0"), None),  # browsers read the first (§8.1)
])
def test_response_problem(headers: tuple[str, ...], problem: str | None) -> None:
    found = response_problem(hop(headers), DECLARED)
    assert (found is None) if problem is None else (problem in str(found))


def test_judge_passes_with_one_summary_and_counts_redirects() -> None:
    header = ("max-age=31536000; includeSubDomains",)
    findings = judge("example.com", True, [hop(header, 308), hop(header, url="https://example.com/a"), hop((), 301, "http://example.com/")],
                     DECLARED)
    assert [(f.severity.value, f.check) for f in findings] == [("info", "http.hsts")]
    assert "2 HTTPS responses (1 of them redirects)" in findings[0].message


def test_judge_dns_only_host_is_not_required_to_send_it() -> None:
    [finding] = judge("status.example.com", False, [hop(())], DECLARED)
    assert finding.severity.value == "info" and "DNS-only" in finding.message


def severities(findings: list[Finding]) -> list[str]:
    return sorted(f.severity.value for f in findings)


def test_judge_names_every_url_without_the_header_in_one_error() -> None:
    hops = [hop((), 301, "https://www.example.com/launchready-probe?q=1"), hop((), url="https://www.example.com/"),
            hop((), 308, "https://www.example.com/old-signup?q=1")]
    [finding] = judge("www.example.com", True, hops, DECLARED)
    assert finding.severity.value == "error" and finding.name == "www.example.com"
    assert finding.message.startswith("no Strict-Transport-Security on https://www.example.com/launchready-probe?q=1 "
                                      "(301), https://www.example.com/ (200) and "
                                      "https://www.example.com/old-signup?q=1 (308); "
                                      "Cloudflare's HSTS setting sends 'max-age=31536000; includeSubDomains'")
    assert finding.url == "https://www.example.com/launchready-probe?q=1"
    assert (finding.expected, finding.observed) == ("max-age=31536000; includeSubDomains", None)


def test_judge_groups_urls_by_what_is_wrong_with_their_header() -> None:
    short = ("max-age=600; includeSubDomains",)
    hops = [hop(short, 308), hop((), url="https://example.com/a"), hop(short, url="https://example.com/b"),
            hop(("max-age=31536000; includeSubDomains",), url="https://example.com/c")]
    [finding] = judge("example.com", True, hops, DECLARED)
    assert finding.message.startswith("Strict-Transport-Security 'max-age=600; includeSubDomains' on "
                                      "https://example.com/ (308) and https://example.com/b (200): max-age=600 is "
                                      "below the declared 31536000; no Strict-Transport-Security on "
                                      "https://example.com/a (200); ")
    assert "https://example.com/c" not in finding.message
    assert (finding.url, finding.observed) == ("https://example.com/", "max-age=600; includeSubDomains")


def test_judge_says_each_warning_of_a_host_in_one_finding() -> None:
    short = HstsSetting(enabled=True, max_age=86400, include_subdomains=False, preload=False, nosniff=True)
    hops = [hop(("max-age=86400",), 301, "http://example.com/launchready-probe?q=1"),
            hop(("max-age=86400",), 301, "http://example.com/"), hop(("max-age=86400",))]
    passing, warning = sorted(judge("example.com", True, hops, short), key=lambda f: f.severity.value)
    assert passing.severity.value == "info" and warning.severity.value == "warning"
    assert warning.message.startswith("Strict-Transport-Security over plain HTTP on "
                                      "http://example.com/launchready-probe?q=1 (301) and http://example.com/ (301)")
    assert "max-age=86400 is below one year (31536000)" in warning.message
    assert (warning.url, warning.observed) == ("http://example.com/launchready-probe?q=1", "max-age=86400")


def test_judge_reports_a_header_over_http_beside_the_errors() -> None:
    hops = [hop(("max-age=31536000",), 301, "http://example.com/"), hop(())]
    assert severities(judge("example.com", True, hops, DECLARED)) == ["error", "warning"]
