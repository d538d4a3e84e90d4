"""Delegation: the NS set the parent (the registry, fed by the registrar) publishes must equal the zone's
own NS set and the name servers Cloudflare assigned (RFC 1034 §4.2.2; RFC 7719 "lame delegation"), and
every server must answer authoritatively over UDP with EDNS (RFC 6891) and over TCP (RFC 7766 §4).

Check ids: dns.delegation.ns, dns.delegation.assigned, dns.delegation.transport, dns.delegation.server.
"""

from __future__ import annotations

from collections.abc import Sequence

import dns.rcode

from launchready.core.findings import Finding, failed, passed
from validators.dnssec.query import Reply


def ns_names(reply: Reply | None, zone: str) -> set[str]:
    """NS target names at the zone apex, from an answer or a referral's authority section."""
    found = reply.find("NS", zone) if reply is not None else None
    return {rdata.target.to_text(omit_final_dot=True).lower() for rdata in found} if found else set()


def names(found: set[str]) -> str:
    return ", ".join(sorted(found)) or "none"


def undelegated(zone: str, parent: Reply | None) -> list[Finding]:
    """The parent answered NXDOMAIN for the zone: it is not delegated (not registered, or expired)."""
    if parent is None or parent.message is None or parent.message.rcode() != dns.rcode.NXDOMAIN:
        return []
    return [failed("dns.delegation.ns", zone, f"the parent ({parent.server}) says {zone} does not exist: the "
                   "domain is not delegated. Check its registration, and the name servers at the registrar",
                   type="NS", resolver=str(parent.server), observed="NXDOMAIN")]


def ns_finding(zone: str, parent: Reply | None, own: Sequence[Reply]) -> list[Finding]:
    if undelegated(zone, parent):
        return undelegated(zone, parent)
    listed, served = ns_names(parent, zone), set().union(*(ns_names(r, zone) for r in own))
    if parent is None or not listed or not served:
        return []
    if listed == served:
        return [passed("dns.delegation.ns", zone, f"the parent's NS set equals the zone's own: {names(listed)}",
                       type="NS", observed=sorted(listed))]
    extra, missing = listed - served, served - listed
    said = []
    if extra:
        said.append(f"the parent lists {names(extra)}, which the zone does not (an old server? resolvers sent "
                    "there get answers from a server that may no longer serve the zone): remove it at the registrar")
    said += [f"the parent does not list {names(missing)}, which the zone does: add it at the registrar"] \
        if missing else []
    return [failed("dns.delegation.ns", zone, "; ".join(said), type="NS", expected=sorted(served),
                   observed=sorted(listed))]


def assigned_finding(zone: str, parent: Reply | None, assigned: Sequence[str]) -> list[Finding]:
    """The parent lists exactly the servers Cloudflare assigned (`pulumi stack output name_servers`)."""
    listed = ns_names(parent, zone)
    wanted = {name.rstrip(".").lower() for name in assigned}
    if not wanted or parent is None or not listed:
        return []
    if listed == wanted:
        return [passed("dns.delegation.assigned", zone, f"the parent lists exactly the assigned name servers: "
                       f"{names(wanted)}", type="NS", observed=sorted(listed))]
    return [failed("dns.delegation.assigned", zone, f"the registrar must list exactly {names(wanted)} (the "
                   f"assigned name servers, `pulumi stack output name_servers`); the parent lists {names(listed)}",
                   type="NS", expected=sorted(wanted), observed=sorted(listed))]


def transport_finding(zone: str, udp: Reply, tcp: Reply) -> Finding:
    """One authoritative server answers the SOA with AA over UDP with EDNS, and over TCP."""
    where = str(udp.server)
    problems = []
    if not (udp.answered and udp.authoritative and udp.find("SOA", zone) is not None):
        problems.append(f"over UDP: {udp.said() if not udp.answered else 'no authoritative SOA'}")
    elif udp.message is not None and udp.message.edns < 0:
        problems.append("it drops EDNS (RFC 6891): no OPT record in its reply")
    if not (tcp.answered and tcp.authoritative and tcp.find("SOA", zone) is not None):
        problems.append(f"over TCP: {tcp.said() if not tcp.answered else 'no authoritative SOA'}")
    if problems:
        return failed("dns.delegation.transport", zone, f"authoritative server {where}: {'; '.join(problems)}. "
                      "Every listed server must answer over UDP with EDNS and over TCP", type="SOA",
                      resolver=where, expected="AA answers over UDP+EDNS and TCP", observed=problems)
    return passed("dns.delegation.transport", zone, f"authoritative server {where} answers with AA over UDP "
                  "with EDNS and over TCP", type="SOA", resolver=where, observed="udp+edns, tcp")


def parent_only_finding(zone: str, name: str, reply: Reply) -> Finding:
    """A server only the parent lists, asked at its glue address: does it still serve the zone?"""
    where = str(reply.server)
    if reply.answered and reply.authoritative and reply.find("SOA", zone) is not None:
        return passed("dns.delegation.server", zone, f"{name} ({where}), listed only by the parent, still answers "
                      "for the zone; list it in the zone or remove it at the registrar (dns.delegation.ns)",
                      type="NS", resolver=where, observed="AA")
    if reply.message is None:
        return silent_only_finding(zone, name, reply)
    said = reply.said() if not reply.answered else "answers without authority (no AA)"
    return failed("dns.delegation.server", zone, f"the parent lists {name} ({where}), which does not serve "
                  f"{zone}: it {said}; resolvers sent there fail. Remove it at the registrar", type="NS",
                  resolver=where, expected="an authoritative SOA", observed=said)


def silent_only_finding(zone: str, name: str, reply: Reply) -> Finding:
    """A server only the parent lists gave no reply at all: down, or gone; which one, the founder knows."""
    where = str(reply.server)
    return failed("dns.delegation.server", zone, f"the parent lists {name} ({where}), which the zone does not "
                  f"list, and it did not answer ({reply.said()}): resolvers sent there wait, then try another "
                  "server. If you no longer use it, remove it at the registrar; if you do, find out why it does "
                  "not answer and list it in the zone's NS set", type="NS", resolver=where,
                  expected="an authoritative SOA", observed=reply.said())
