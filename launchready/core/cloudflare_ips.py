"""Cloudflare's published IP ranges: the addresses a proxied record answers with.

Proxied A/AAAA/CNAME records "resolve to Cloudflare anycast IPs instead of their original DNS
target", and those IPs "might change at any time" (developers.cloudflare.com/dns/proxy-status,
read 2026-11). A dated copy of https://www.cloudflare.com/ips-v4 and /ips-v6 ships in
launchready/data/; a file given by the user, or a fresh download, replaces it.

Pure: parsing and membership only. Fetching lives with the validators (validators.dns.ranges).
"""

from __future__ import annotations

import bisect
import functools
import ipaddress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from launchready.core.errors import InputError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

PINNED_FILES = ("cloudflare_ips_v4.txt", "cloudflare_ips_v6.txt")
SOURCE_URLS = ("https://www.cloudflare.com/ips-v4", "https://www.cloudflare.com/ips-v6")


@dataclass(frozen=True)
class CloudflareRanges:
    """A set of CIDR networks and where they came from (for messages and notes)."""

    networks: tuple[Network, ...]
    source: str
    as_of: str | None = None

    def contains(self, address: str) -> bool:
        """True when `address` (an IPv4 or IPv6 literal) lies in one of the networks: a binary search over
        the ranges as integers, so a 20,000-record zone costs N log(ranges), not N × ranges."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        starts, ends = self.intervals[ip.version]
        at = bisect.bisect_right(starts, int(ip)) - 1
        return at >= 0 and int(ip) <= ends[at]

    @functools.cached_property
    def intervals(self) -> dict[int, tuple[list[int], list[int]]]:
        """Per IP version, the networks as sorted (first, last) integers, overlaps merged."""
        found: dict[int, tuple[list[int], list[int]]] = {4: ([], []), 6: ([], [])}
        for net in sorted(self.networks, key=lambda n: (n.version, int(n.network_address))):
            starts, ends = found[net.version]
            first, last = int(net.network_address), int(net.broadcast_address)
            if ends and first <= ends[-1] + 1:
                ends[-1] = max(ends[-1], last)
            else:
                starts.append(first)
                ends.append(last)
        return found

    def describe(self) -> str:
        dated = f", as of {self.as_of}" if self.as_of else ""
        return f"{len(self.networks)} Cloudflare ranges from {self.source}{dated}"


def parse_networks(text: str, source: str) -> tuple[tuple[Network, ...], str | None]:
    """One CIDR per line; `#` starts a comment; a `# as-of: DATE` comment dates the copy."""
    networks: list[Network] = []
    as_of = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line, _, comment = raw.partition("#")
        if comment.strip().lower().startswith("as-of:"):
            as_of = comment.split(":", 1)[1].strip()
        if not line.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(line.strip()))
        except ValueError:
            raise InputError(f'{source} line {number}: "{line.strip()}" is not a CIDR network such as '
                             "104.16.0.0/13 or 2606:4700::/32") from None
    return tuple(networks), as_of


def parse_ranges(text: str, source: str) -> CloudflareRanges:
    networks, as_of = parse_networks(text, source)
    if not networks:
        raise InputError(f"{source}: no CIDR networks found; expected one per line, such as 104.16.0.0/13")
    return CloudflareRanges(networks, source, as_of)


def pinned_ranges() -> CloudflareRanges:
    """The copy shipped with launchready (see the as-of date inside the files)."""
    package = resources.files("launchready") / "data"
    texts = [(package / name).read_text(encoding="utf-8") for name in PINNED_FILES]
    return parse_ranges("\n".join(texts), "the copy shipped with launchready")


def load_ranges(path: Path | None) -> CloudflareRanges:
    """The ranges in `path`, or the shipped copy when no path is given."""
    if path is None:
        return pinned_ranges()
    from launchready.core.inputs import RANGES_FILE, read_text

    return parse_ranges(read_text(path, RANGES_FILE), str(path))
