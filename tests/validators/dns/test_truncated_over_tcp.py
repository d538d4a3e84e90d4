"""A reply that is still truncated over TCP (TC=1 on the retry) is no answer: the dns family reports it as an
error that says so, never as NODATA or missing records (whose advice, `pulumi up`, would be wrong)."""

from __future__ import annotations

import asyncio

from launchready.sandbox.dns import DnsServer, Fault
from tests.validators.dns.conftest import checks, endpoint, errors, run_check
from validators.dnsquery import TRUNCATED_OVER_TCP, ask
from validators.dnssec.query import fetch


class TruncatedEverywhere(DnsServer):
    """TC=1 and no records over UDP and over TCP alike, as a hostile or broken server may answer."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, Fault.TRUNCATE, **kwargs)  # type: ignore[arg-type]

    def reply(self, wire: bytes, over_tcp: bool) -> bytes | None:
        return super().reply(wire, over_tcp=False)


def test_a_reply_truncated_over_tcp_is_an_error_that_says_so(staging_zone) -> None:
    with TruncatedEverywhere(staging_zone) as server:
        answer = asyncio.run(ask(endpoint(server), "www.example.net", "A", timeout=2.0))
        reply = asyncio.run(fetch(endpoint(server), "example.net", "SOA", 2.0, tcp=True))
    assert (answer.status, answer.rdata, answer.detail) == ("error", (), TRUNCATED_OVER_TCP)
    assert answer.unanswered
    assert reply.message is None and "truncated even over TCP" in reply.problem


def test_the_dns_family_never_calls_it_nodata(staging_stack, staging_plan, staging_zone) -> None:
    with TruncatedEverywhere(staging_zone) as server:
        findings = run_check(staging_stack, staging_plan, [server], [server], timeout=2.0)
    assert checks(findings) == {"dns.error"}, sorted(checks(findings))
    said = [f.message for f in errors(findings)]
    assert all("truncated even over TCP; the server's answer is incomplete" in message for message in said)
    assert not any("pulumi up" in message or "NODATA" in message for message in said)
