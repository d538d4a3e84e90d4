"""Where the redirect follower may go: the server under test chooses every `Location`, so it is hostile input.

Three gates, in the order a hop meets them:

1. The target must be a URL a browser could fetch, read as a browser reads it (validators.web.urls, the
   WHATWG URL Standard): http or https, a host name (internationalised names as valid A-labels, IDNA 2008)
   or IP literal, a port in 1-65535 (RFC 6335 §6). Anything else is a finding, never an exception (a port
   of 99999 crashed the run with OverflowError, a Location host `xn--` with IDNAError).
2. The target host must be the zone, a name under it, or a host the stack declares (a redirect target). The
   follower stops at the first hop that leaves that scope and reports it: it probes the launch, not the web.
3. The address actually dialled must be public (checked in the network backend, after resolution, so DNS
   rebinding cannot slip past): never loopback, private (RFC 1918, RFC 4193), link-local (RFC 3927,
   RFC 4291 — cloud metadata services live at 169.254.169.254 and fd00:ec2::254), shared (RFC 6598),
   unspecified, multicast or reserved (the IANA special-purpose registries, as Python's `ipaddress`
   reads them), unless --connect-to maps the host there on purpose.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass

import idna

from launchready.core.plan import DomainPlan
from validators.web.urls import WebUrl, parse

SCHEMES = ("http", "https")
LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
"""RFC 6052 well-known prefix: the IPv4 address it embeds is the one reached."""
MAX_URL = 8000
"""RFC 9110 §4.1: senders and recipients should support URIs of at least 8000 octets; longer is not followed."""
SHOWN_LIMIT = 200
"""Characters of a server-supplied URL shown in a message; the rest is counted, not echoed."""


def shown(text: str) -> str:
    return text if len(text) <= SHOWN_LIMIT else f"{text[:SHOWN_LIMIT]}… ({len(text)} characters)"


def quoted(text: str) -> str:
    """Server text for a message, in double quotes with every character that is not printable ASCII escaped
    (JSON string escapes): `"https://www.ex\\u0430mple.net/"` shows the Cyrillic а of a look-alike host,
    where the raw text would read as example.net; capped like `shown`."""
    more = f"… ({len(text)} characters)" if len(text) > SHOWN_LIMIT else ""
    return json.dumps(text[:SHOWN_LIMIT]) + more


@dataclass(frozen=True)
class Scope:
    """The hosts a probe may follow redirects to: the zone, its subdomains and the declared hosts."""

    zone: str
    hosts: frozenset[str] = frozenset()

    def allows(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return host == self.zone or host.endswith(f".{self.zone}") or host in self.hosts


def plan_scope(plan: DomainPlan) -> Scope:
    """The zone, its web hosts and every host a declared redirect points at (which may be another domain)."""
    targets = {host for rule in plan.redirects if (host := url_host(rule.target_url))}
    return Scope(plan.zone.lower().rstrip("."), frozenset({h.fqdn for h in plan.web_hosts} | targets))


def url_host(url: str) -> str | None:
    parsed = parse(url)
    return parsed.host if parsed and parsed.host else None


def host_problem(host: str) -> str | None:
    """Why `host` (ASCII, as the WHATWG parser leaves it) is no host name (RFC 1123 §2.1 labels; `_`
    tolerated as resolvers do) nor IP literal, or None. An A-label must decode under IDNA 2008 (RFC 5891
    §5.4): `xn--` or `xn--ls8h` (an emoji) is no name a registry delegates."""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    name = host.removesuffix(".")
    if not name or len(name) > 253 or not all(LABEL.fullmatch(label) for label in name.split(".")):
        return f"its host {quoted(host)} is not a valid host name"
    bad = next((label for label in name.split(".") if label.startswith("xn--") and not decodes(label)), None)
    if bad:
        return (f"its host {shown(host)} is not a valid name: the label {bad} is not a valid internationalised "
                "label (IDNA 2008, RFC 5891)")
    return None


def decodes(label: str) -> bool:
    try:
        idna.decode(label)
    except (idna.IDNAError, UnicodeError):
        return False
    return True


def checked(url: str) -> WebUrl | str:
    """The URL as a browser reads it, or why it cannot be fetched (length, syntax, scheme, host or port)."""
    if len(url) > MAX_URL:
        return f"it is {len(url)} characters long, over the {MAX_URL} that RFC 9110 §4.1 asks every client to handle"
    parsed = parse(url)
    if parsed is None:
        return ("it is not a valid URL: a browser's URL parser (WHATWG URL Standard) refuses it (a malformed "
                "host or IPv6 literal, a port over 65535, or a forbidden character)")
    if parsed.scheme not in SCHEMES:
        return f"its scheme {parsed.scheme}: is not http: or https:"
    problem = host_problem(parsed.host)
    if problem:
        return problem
    if parsed.port == 0:
        return "its port 0 is outside 1-65535"
    return parsed


def url_problem(url: str) -> str | None:
    """Why a redirect target cannot be fetched, or None."""
    result = checked(url)
    return result if isinstance(result, str) else None


@dataclass(frozen=True)
class Refusal:
    """Why the follower did not request a redirect target."""

    reason: str
    outside_scope: bool
    """True: a fetchable URL on a host outside the scope; False: a URL no browser could fetch."""


def refusal(url: str, scope: Scope | None) -> Refusal | None:
    """Why the follower will not request `url`: a bad URL, or a host outside the scope; None to follow."""
    result = checked(url)
    if isinstance(result, str):
        return Refusal(f"the redirect target {quoted(url)} was not followed: {result}", outside_scope=False)
    host = result.host
    if scope is not None and not scope.allows(host):
        return Refusal(f"the redirect target {shown(url)} was not followed: {host} is outside the zone "
                       f"{scope.zone} and the hosts the stack declares", outside_scope=True)
    return None


def embedded(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IPv4 address an IPv4-mapped (RFC 4291 §2.5.5.2) or NAT64 (RFC 6052) IPv6 address reaches."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def address_problem(text: str) -> str | None:
    """Why the probe must not dial this address (loopback, private, link-local…), or None for a public one."""
    try:
        address = embedded(ipaddress.ip_address(text.split("%")[0]))
    except ValueError:
        return f"{text} is not an IP address"
    kinds = [kind for kind, flag in (("loopback", address.is_loopback), ("link-local", address.is_link_local),
                                     ("unspecified", address.is_unspecified), ("multicast", address.is_multicast),
                                     ("private", address.is_private), ("reserved", address.is_reserved))
             if flag]
    if kinds or not address.is_global:
        return f"{text} is {' and '.join(kinds) or 'not a public address'}"
    return None
