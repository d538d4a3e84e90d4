"""DMARC testing mode: t=y (RFC 9989, DMARCbis) and pct below 100 (RFC 7489 §6.6.4) make receivers apply the
next lower policy, so the record is judged at that policy and the finding names the tag to remove."""

from __future__ import annotations

from dataclasses import replace

from launchready.core.findings import Finding
from launchready.core.mailauth import dmarc
from tests.validators.email.crafted import findings_for, txt
from validators.email.expect import for_domain

D = "example.com"


def policy_finding(record: str, planned: str | None = None) -> Finding:
    expected = replace(for_domain(D, prod=True), dmarc_policy=planned)
    found = findings_for(txt(f"_dmarc.{D}", record), expected)
    return next(f for f in found if f.check == "email.dmarc.policy")


def test_t_y_is_judged_one_step_lower_in_prod() -> None:
    found = policy_finding("v=DMARC1; p=reject; t=y; rua=mailto:d@example.com")
    assert found.severity.value == "warning" and found.observed == "quarantine"
    assert "remove t=y" in found.message and "p=reject" in found.message


def test_pct_0_is_judged_one_step_lower_and_weaker_than_planned() -> None:
    found = policy_finding("v=DMARC1; p=reject; pct=0; rua=mailto:d@example.com", planned="reject")
    assert found.severity.value == "error" and found.observed == "quarantine"
    assert "remove pct (or set pct=100)" in found.message and "§6.6.4" in found.message


def test_quarantine_in_testing_mode_is_none() -> None:
    found = policy_finding("v=DMARC1; p=quarantine; t=y")
    assert found.severity.value == "warning" and found.observed == "none" and "t=y" in found.message


def test_full_strength_records_still_pass() -> None:
    for record in ("v=DMARC1; p=reject; t=n", "v=DMARC1; p=reject; pct=100"):
        assert policy_finding(record, planned="reject").severity.value == "info", record


def test_effective_policy_reads_t_and_pct() -> None:
    assert dmarc.effective_policy(dmarc.parse("v=DMARC1; p=reject; t=Y")) == "quarantine"
    assert dmarc.effective_policy(dmarc.parse("v=DMARC1; p=reject; sp=quarantine; pct=50"), subdomain=True) == "none"
    assert dmarc.effective_policy(dmarc.parse("v=DMARC1; p=none; t=y")) == "none"
