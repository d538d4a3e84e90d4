"""Addresses the internet must reach, the one home of the rule: an origin's IP address (the spec and
`launchready init`), a webhook's host (the monitor Worker and Cloudflare's notifications post to it from
Cloudflare's network) and the domain of an alert mailbox."""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DOCUMENTATION = tuple(ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                                        "2001:db8::/32"))
"""Reserved for examples (RFC 5737, RFC 3849): never routed, but what examples and tests are written
with, so they are accepted as if public."""
SPECIAL_USE = {"invalid": "is reserved never to exist (RFC 6761 §6.4)",
               "localhost": "always means the machine asking (RFC 6761 §6.3)",
               "local": "is multicast DNS on one local network (RFC 6762)",
               "onion": "is reachable only over Tor (RFC 7686)",
               "home.arpa": "holds a home network's own names (RFC 8375)"}
"""Special-use names nothing on the internet resolves. `test` and `example` (RFC 6761 §6.2, §6.5) are
accepted, as the documentation addresses are: examples and tests are written with them."""
NUMBER = re.compile(r"^(0[xX][0-9a-fA-F]*|[0-9]+)$")


def unreachable_kind(address: IPAddress) -> str | None:
    """What kind of address the internet cannot reach `address` is ("a loopback", "a private", ...), or None
    for a public one (or one reserved for documentation)."""
    if any(address in network for network in DOCUMENTATION):
        return None
    kinds = (("a loopback", address.is_loopback), ("an unspecified", address.is_unspecified),
             ("a link-local", address.is_link_local), ("a multicast", address.is_multicast),
             ("a private", address.is_private))
    kind = next((kind for kind, flag in kinds if flag), "a reserved")
    return kind if kind != "a reserved" or not address.is_global else None


def origin_address_problem(address: IPAddress) -> str | None:
    """Why a proxied site cannot point at `address`, or None: Cloudflare's proxy connects to the origin over
    the internet and answers error 1002 ("DNS points to prohibited IP", Cloudflare docs, "Error 1002",
    read 2026-11) for a loopback, private or otherwise non-public address."""
    if any(address in network for network in DOCUMENTATION):
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return (f"{address} is an IPv4 address written as IPv6 (::ffff:…, RFC 4291 §2.5.5.2); "
                f"list {address.ipv4_mapped} as an IPv4 address instead")
    kind = unreachable_kind(address)
    if kind:
        return (f"{address} is {kind} address, not reachable from the internet, so Cloudflare cannot reach the "
                "site there; use the server's public address")
    return None


def url_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a URL's host names in the WHATWG URL Standard's forms (§3.5, "IPv4 parser"), which a
    Worker's fetch() follows: 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 are all 127.0.0.1."""
    parts = host.removesuffix(".").split(".")
    if len(parts) > 4 or not all(NUMBER.match(part) for part in parts):
        return None
    numbers = [int(p[2:] or "0", 16) if p[:2].lower() == "0x" else int(p, 8 if len(p) > 1 and p[0] == "0" else 10)
               for p in parts]
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    return ipaddress.IPv4Address(sum(n << 8 * (3 - i) for i, n in enumerate(head)) + last)


def url_address(host: str) -> IPAddress | None:
    """The IP address a URL's host (as urlsplit().hostname gives it) is, IPv4-mapped IPv6 as IPv4; None
    for a name."""
    try:
        address: IPAddress = ipaddress.ip_address(host)
    except ValueError:
        try:
            return url_ipv4(host)
        except ValueError:  # an octal part with an 8 or 9: no address, the URL does not parse
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def special_use_problem(name: str) -> str | None:
    """Why nothing on the internet can reach `name` (a normalised DNS name), or None."""
    for suffix, why in SPECIAL_USE.items():
        if name == suffix or name.endswith("." + suffix):
            return f"under .{suffix}, which {why}"
    return None


def webhook_host_problem(host: str) -> str | None:
    """Why Cloudflare's network can never reach a webhook at `host` (a URL's lowercased hostname), or None.
    Only the host is named: the rest of a webhook URL may be its secret."""
    address = url_address(host)
    if address is not None:
        kind = unreachable_kind(address)
        return f"its host {address} is {kind} address, not reachable from the internet" if kind else None
    problem = special_use_problem(host.removesuffix("."))
    return f"its host {host} is {problem}" if problem else None


def mail_domain_problem(domain: str) -> str | None:
    """Why no mail can reach a mailbox at `domain` (the part after @), or None: an address literal, an IP
    address, a name DNS cannot hold, or a special-use name nothing on the internet resolves."""
    from launchready.core.dnsname import absolute_problem, name_error, normalize_name

    if domain.startswith("["):
        return "is an address literal ([…], RFC 5321 §4.1.3), not a mailbox at a domain name"
    if problem := name_error(domain):
        return f"has a domain that {problem.removeprefix(f'{chr(34)}{domain}{chr(34)} ')}"
    name = normalize_name(domain)
    if problem := absolute_problem(name):
        return f"has a domain that {problem}"
    if problem := special_use_problem(name):
        return f"can never receive mail: its domain is {problem}"
    return None
