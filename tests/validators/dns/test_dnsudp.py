"""The bare-socket UDP exchange keeps dnspython's source check (RFC 5452 §9.1); garbage, wrong ids, another
port and truncation are exercised end to end in tests/validators/test_hostile_servers.py and test_findings.py."""

from __future__ import annotations

import socket

import pytest

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
