"""The bare-socket UDP exchange keeps dnspython's source check (RFC 5452 §9.1) and sends a query again when
its datagram is lost; garbage, wrong ids, another port and truncation are exercised end to end in
tests/validators/test_hostile_servers.py and test_findings.py."""

from __future__ import annotations

import asyncio
import socket
import time

import dns.exception
import dns.message
import pytest

from tests.validators.hostile import Forgetful
from validators import dnsudp
from validators.dnsudp import same_address


@pytest.mark.parametrize(("family", "received", "destination", "same"), [
    (socket.AF_INET, ("192.0.2.1", 53), ("192.0.2.1", 53), True),
    (socket.AF_INET, ("192.0.2.1", 5353), ("192.0.2.1", 53), False),   # another port
    (socket.AF_INET, ("192.0.2.2", 53), ("192.0.2.1", 53), False),     # another address
    (socket.AF_INET6, ("2001:db8::1", 53), ("2001:DB8:0::0001", 53), True),  # one address, two spellings
    (socket.AF_INET6, ("2001:db8::2", 53), ("2001:db8::1", 53), False),
    (socket.AF_INET, ("not an address", 53), ("192.0.2.1", 53), False),
])
def test_a_reply_counts_only_from_where_the_query_went(family: int, received: tuple[str, int],
                                                        destination: tuple[str, int], same: bool) -> None:
    assert same_address(family, received, destination) is same


def ask(port: int, timeout: float) -> tuple[dns.message.Message, float]:
    query = dns.message.make_query("example.net.", "A")
    started = time.monotonic()
    reply = asyncio.run(dnsudp.udp(query, query.to_wire(), "127.0.0.1", port, timeout))
    return reply, time.monotonic() - started


def test_a_lost_datagram_is_sent_again_after_the_retransmit_interval_not_the_timeout(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dnsudp, "RETRANSMIT", 0.2)
    with Forgetful(ignore=1) as server:
        reply, took = ask(server.port, timeout=5.0)
    assert reply.id == dns.message.from_wire(server.seen[0]).id
    assert len(server.seen) == 2 and server.seen[0] == server.seen[1]  # the same query, id included
    assert 0.2 <= took < 1.5


def test_copies_back_off_and_the_timeout_still_ends_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies at 0, 0.2 and 0.6 s (the interval doubles); the next would be at 1.4 s, after the timeout."""
    monkeypatch.setattr(dnsudp, "RETRANSMIT", 0.2)
    with Forgetful(ignore=99) as server, pytest.raises(dns.exception.Timeout):
        ask(server.port, timeout=1.0)
    assert len(server.seen) == 3


@pytest.mark.parametrize("loop", ["uvloop", "asyncio"])
def test_the_exchange_runs_on_both_event_loops(loop: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """uvloop has no sock_sendto or sock_recvfrom: the exchange waits on add_reader and add_writer, which
    both loops have (validators.runner.loop_factory picks the loop)."""
    from validators import runner

    if loop == "asyncio":
        monkeypatch.setattr(runner, "loop_factory", lambda: None)
    query = dns.message.make_query("example.net.", "A")
    with Forgetful(ignore=0) as server:
        reply = runner.run_loop(dnsudp.udp(query, query.to_wire(), "127.0.0.1", server.port, 5.0))
    assert reply.id == query.id and len(server.seen) == 1
