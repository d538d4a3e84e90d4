"""Parsing Strict-Transport-Security (RFC 6797 §6.1) and judging one response against the stack."""

from __future__ import annotations

import pytest

from launchready.plan.model import HstsSetting
from validators.http.hsts import Policy, judge, parse, response_problem
from validators.web.fetch import Hop

DECLARED = HstsSetting(enabled=True, max_age=31536000, include_subdomains=True, preload=False, nosniff=True)


@pytest.mark.parametrize(("value", "policy"), [
    ("max-age=31536000; includeSubDomains", Policy(31536000, True, False)),
    ('MAX-AGE="600" ;preload', Policy(600, False, True)),
    ("max-age=0", Policy(0, False, False)),
])
def test_parse(value: str, policy: Policy) -> None:
    assert parse(value) == policy


@pytest.mark.parametrize("value", ["includeSubDomains", "max-age=soon", "max-age=1; max-age=2"])
def test_parse_reports_invalid_headers(value: str) -> None:
    assert parse(value).problems


def hop(hsts: tuple[str, ...], status: int = 200, url: str = "https://example.com/") -> Hop:
    location = "https://www.example.com/" if status in (301, 308) else None
    return Hop(url, status, location, hsts)


@pytest.mark.parametrize(("headers", "problem"), [
    ((), "has no Strict-Transport-Security header"),
    (("max-age=600; includeSubDomains",), "max-age=600, below the declared 31536000"),
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
