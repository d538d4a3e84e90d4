"""A resolver that gives no verdict (silence, SERVFAIL) is not a missing record: each mail check says it
could not check, names the resolver and what to do, and draws no conclusion about the records. Ad-hoc
checks (`launchready check email`) never ask for a "planned" record that does not exist."""

from __future__ import annotations

import asyncio
import time

import pytest

from launchready.core.findings import Severity
from launchready.sandbox.dns import DnsServer, Fault
from tests.validators.email.crafted import findings_for, txt, zone_of
from validators.email import for_domain, run
from validators.email.expect import DkimExpectation, MailExpectation
from validators.email.lookup import Lookup
from validators.endpoints import Endpoint

PLANNED = MailExpectation(domain="example.org", spf={"example.org": "v=spf1 -all"},
                          dkim=(DkimExpectation("s1", "example.org", "s1.dkim.example.net"),),
                          dmarc_policy="reject", mx={"example.org": frozenset({(10, "mx.example.org")})})


@pytest.mark.parametrize(("fault", "said"), [(Fault.SILENT, "no answer in 0.3s"), (Fault.SERVFAIL, "SERVFAIL")])
def test_no_verdict_is_could_not_check_never_missing(fault: Fault, said: str) -> None:
    with DnsServer(zone_of(txt("example.org", "v=spf1 -all")), fault) as server:
        endpoint = Endpoint(server.address, server.port)
        findings = asyncio.run(run(PLANNED, Lookup((endpoint,), lambda: 0.3)))
    assert {(f.check, f.severity) for f in findings} == {
        ("email.spf.record", Severity.ERROR), ("email.dkim.record", Severity.ERROR),
        ("email.dmarc.record", Severity.ERROR), ("email.mx.present", Severity.ERROR)}, "no dkim.cname guess"
    for finding in findings:
        assert finding.message.startswith("could not check ") and said in finding.message, finding.message
        assert f"resolver {endpoint}" in finding.message and "has no" not in finding.message


def test_ad_hoc_checks_suggest_a_record_instead_of_a_planned_one() -> None:
    findings = findings_for(txt("example.org", "some-verification=1"), for_domain("example.org", ("s1",)))
    by_check = {f.check: f.message for f in findings if f.severity is Severity.ERROR}
    assert "planned" not in by_check["email.spf.record"] and '"v=spf1 -all"' in by_check["email.spf.record"]
    assert "planned" not in by_check["email.dmarc.record"] and "v=DMARC1; p=none" in by_check["email.dmarc.record"]
    assert by_check["email.dkim.record"].startswith("s1._domainkey.example.org has no DKIM key record (NXDOMAIN)")


def test_an_unanswered_include_is_could_not_check_not_a_missing_record() -> None:
    """The first questions get 2 s; the include, asked after the slow first answers, only 0.1 s."""
    started = time.monotonic()

    def budget() -> float:
        return 2.0 if time.monotonic() - started < 0.2 else 0.1

    zone = zone_of(txt("example.org", "v=spf1 include:_spf.example.net -all"))
    with DnsServer(zone, latency=0.4) as server:
        findings = asyncio.run(run(for_domain("example.org"), Lookup((Endpoint(server.address, server.port),),
                                                                     budget)))
    [include] = [f for f in findings if f.check == "email.spf.include"]
    assert include.severity is Severity.ERROR
    assert include.message.startswith("could not check example.org's include:_spf.example.net (resolver "
                                      f"{server.address}:{server.port}, TXT _spf.example.net: no answer in 0.1s)")
    assert "fix or remove" not in include.message
