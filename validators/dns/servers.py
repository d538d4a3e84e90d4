"""Which servers to ask: the default public resolvers, and the zone's nameservers from its NS records."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence

from launchready.core.findings import Finding, failed, passed
from validators.dns.rdata import bare
from validators.dnsquery import Answer
from validators.endpoints import PUBLIC_RESOLVERS_V4, PUBLIC_RESOLVERS_V6, Endpoint

Ask = Callable[[Endpoint, str, str, bool], Awaitable[Answer]]
"""(server, name, rdtype, recursive) -> Answer, bounded by the run's in-flight limit and deadline."""

IPV6_PROBE = ("2606:4700:4700::1111", 53)


def has_ipv6() -> bool:
    """True when this host has a global IPv6 source address for the public internet. Connecting a UDP
    socket only asks the kernel for a route: no packet is sent."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as probe:
            probe.connect(IPV6_PROBE)
            address = ipaddress.ip_address(probe.getsockname()[0])
    except OSError:
        return False
    return address.is_global


def default_resolvers(ipv6: bool) -> tuple[Endpoint, ...]:
    return PUBLIC_RESOLVERS_V4 + (PUBLIC_RESOLVERS_V6 if ipv6 else ())


async def nameserver_hosts(zone: str, resolvers: Sequence[Endpoint], ask: Ask) -> tuple[list[str], list[Answer]]:
    answers = await asyncio.gather(*(ask(r, zone, "NS", True) for r in resolvers))
    hosts = sorted({bare(text) for a in answers if a.status == "ok" for text in a.rdata})
    return hosts, list(answers)


async def host_addresses(host: str, resolvers: Sequence[Endpoint], ask: Ask, ipv6: bool) -> list[str]:
    types = ("A", "AAAA") if ipv6 else ("A",)
    answers = await asyncio.gather(*(ask(r, host, t, True) for r in resolvers for t in types))
    return sorted({text for a in answers if a.status == "ok" for text in a.rdata},
                  key=lambda text: ipaddress.ip_address(text))


async def discover(zone: str, resolvers: Sequence[Endpoint], ask: Ask, *, port: int = 53,
                   ipv6: bool = False) -> tuple[tuple[Endpoint, ...], Finding]:
    """The zone's nameservers, from its NS records as the resolvers see them (RFC 1034 §4.2.2), to be
    asked directly without recursion. Failing to find them is a warning: the resolver checks still run."""
    hosts, answers = await nameserver_hosts(zone, resolvers, ask)
    found = await asyncio.gather(*(host_addresses(host, resolvers, ask, ipv6) for host in hosts))
    endpoints = tuple(sorted({Endpoint(address, port) for addresses in found for address in addresses}))
    if not endpoints:
        statuses = sorted({f"{a.server}: {a.status}" for a in answers})
        return (), failed("dns.ns_discovery", zone, f"could not find the nameservers of {zone}: no resolver "
                          f"gave NS records with addresses ({'; '.join(statuses)}). Authoritative checks "
                          "(SOA serial, lame servers, stale caches) were skipped; pass --authoritative ADDR",
                          warning=True, type="NS", expected="NS records with addresses", observed=statuses)
    listed = ", ".join(f"{host} ({', '.join(addrs) or 'no address'})" for host, addrs in zip(hosts, found,
                                                                                                strict=True))
    return endpoints, passed("dns.ns_discovery", zone, f"nameservers of {zone} from its NS records: {listed}",
                             type="NS", observed=[str(e) for e in endpoints])
