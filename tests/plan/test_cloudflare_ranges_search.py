"""CloudflareRanges.contains searches integer intervals; it must agree with plain network membership."""

from __future__ import annotations

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from launchready.core.cloudflare_ips import CloudflareRanges, pinned_ranges

RANGES = pinned_ranges()
OVERLAPPING = CloudflareRanges(networks=(ipaddress.ip_network("198.51.100.0/24"),
                                         ipaddress.ip_network("198.51.100.128/25"),
                                         ipaddress.ip_network("198.51.101.0/24")), source="test")


def member(ranges: CloudflareRanges, address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in ranges.networks)


near_cloudflare = st.sampled_from(RANGES.networks).flatmap(
    lambda net: st.integers(int(net.network_address) - 2, int(net.broadcast_address) + 2).map(
        lambda n: str(ipaddress.ip_address(max(0, n)) if net.version == 4 else ipaddress.IPv6Address(max(0, n)))))


@given(near_cloudflare)
def test_edges_of_every_pinned_range_agree_with_membership(address: str) -> None:
    assert RANGES.contains(address) == member(RANGES, address)


@given(st.ip_addresses().map(str))
def test_any_address_agrees_with_membership(address: str) -> None:
    assert RANGES.contains(address) == member(RANGES, address)
    assert OVERLAPPING.contains(address) == member(OVERLAPPING, address)


def test_overlapping_and_adjacent_networks_merge() -> None:
    assert OVERLAPPING.contains("198.51.101.255") and not OVERLAPPING.contains("198.51.102.0")
    assert not RANGES.contains("not an address")
