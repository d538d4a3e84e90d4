"""IP addresses a public web site may point at: the one rule shared by the spec and `launchready init`."""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DOCUMENTATION = tuple(ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                                        "2001:db8::/32"))
"""Reserved for examples (RFC 5737, RFC 3849): never routed, but what examples and tests are written
with, so they are accepted as if public."""


def origin_address_problem(address: IPAddress) -> str | None:
    """Why a proxied site cannot point at `address`, or None: Cloudflare's proxy connects to the origin over
    the internet and answers error 1002 ("DNS points to prohibited IP", Cloudflare docs, "Error 1002",
    read 2026-11) for a loopback, private or otherwise non-public address."""
    if any(address in network for network in DOCUMENTATION):
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return (f"{address} is an IPv4 address written as IPv6 (::ffff:…, RFC 4291 §2.5.5.2); "
                f"list {address.ipv4_mapped} as an IPv4 address instead")
    kinds = (("a loopback", address.is_loopback), ("an unspecified", address.is_unspecified),
             ("a link-local", address.is_link_local), ("a multicast", address.is_multicast),
             ("a private", address.is_private))
    kind = next((kind for kind, flag in kinds if flag), "a reserved")
    if kind != "a reserved" or not address.is_global:
        return (f"{address} is {kind} address, not reachable from the internet, so Cloudflare cannot reach the "
                "site there; use the server's public address")
    return None
