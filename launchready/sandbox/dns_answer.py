"""How the loopback server answers one query: authoritative lookup (RFC 1034 §4.3.2) plus faults.

Pure message handling on dnspython's Message objects; the server only moves bytes.
"""

from __future__ import annotations

from enum import StrEnum

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from launchready.sandbox.dns_secure import denial, refer, signed_set, zone_cut
from launchready.sandbox.dns_zone import ZoneData

MAX_CNAME_CHAIN = 8


class Fault(StrEnum):
    """How a server misbehaves; each one must turn into its own finding in the validator."""

    NONE = "none"
    STALE = "stale"              # answers from the zone as it was before the plan was applied
    SERVFAIL = "servfail"        # RCODE 2 to everything
    REFUSED = "refused"          # RCODE 5 to everything (a lame delegation when authoritative)
    SILENT = "silent"            # never answers, over UDP or TCP
    TRUNCATE = "truncate"        # TC=1 and no records over UDP; the full answer over TCP
    NXDOMAIN = "nxdomain"        # RCODE 3 for every name in the zone
    LAME = "lame"                # answers, but without the AA flag
    ORIGIN_LEAK = "origin-leak"  # proxied names answer with the origin, as if DNS-only
    FORMERR = "formerr"          # RCODE 1, as old servers and middleboxes that reject EDNS do (RFC 6891 §7)


FAULT_RCODES = {Fault.SERVFAIL: dns.rcode.SERVFAIL, Fault.REFUSED: dns.rcode.REFUSED,
                Fault.FORMERR: dns.rcode.FORMERR}


def served_zone(zone: ZoneData, fault: Fault) -> ZoneData:
    if fault is Fault.STALE and zone.previous is not None:
        return zone.previous
    if fault is Fault.ORIGIN_LEAK and zone.leaked is not None:
        return zone.leaked
    return zone


def respond(zone: ZoneData, query: dns.message.Message, fault: Fault, over_tcp: bool) -> dns.message.Message | None:
    """The response to `query`, or None when the server stays silent."""
    if fault is Fault.SILENT:
        return None
    response = dns.message.make_response(query)
    if query.ednsflags & dns.flags.DO:
        response.want_dnssec(True)  # the DO bit is copied into the response (RFC 3225 §3)
    if query.flags & dns.flags.RD:
        response.flags |= dns.flags.RA
    if not query.question:
        response.set_rcode(dns.rcode.FORMERR)
    elif fault in FAULT_RCODES:
        response.set_rcode(FAULT_RCODES[fault])
    elif fault is Fault.TRUNCATE and not over_tcp:
        response.flags |= dns.flags.TC
    else:
        answer_authoritatively(served_zone(zone, fault), response, fault)
    return response


def answer_authoritatively(zone: ZoneData, response: dns.message.Message, fault: Fault) -> None:
    qname, qtype = response.question[0].name, response.question[0].rdtype
    if not qname.is_subdomain(zone.origin):
        response.set_rcode(dns.rcode.REFUSED)  # not our zone: what an authoritative-only server says
        return
    cut = zone_cut(zone, qname, qtype)
    if cut is not None:
        refer(zone, response, cut)  # a parent zone refers to its child, without AA
        return
    if fault is not Fault.LAME:
        response.flags |= dns.flags.AA
    if fault is Fault.NXDOMAIN:
        negative(zone, response, dns.rcode.NXDOMAIN)
        return
    lookup(zone, response, qname, qtype)


def lookup(zone: ZoneData, response: dns.message.Message, qname: dns.name.Name,
           qtype: dns.rdatatype.RdataType) -> None:
    """Answer from the zone, following in-zone CNAMEs; NXDOMAIN and NODATA carry the SOA (RFC 2308)."""
    name = qname
    for _ in range(MAX_CNAME_CHAIN):
        node = zone.zone.get_node(name)
        if node is None:
            exists = name != qname or has_descendants(zone, name)  # an empty non-terminal is NODATA
            negative(zone, response, dns.rcode.NOERROR if exists else dns.rcode.NXDOMAIN)
            denial(zone, response, name, exists)
            return
        rdataset = node.get_rdataset(dns.rdataclass.IN, qtype)
        if rdataset is not None:
            response.answer += signed_set(zone, name, rdataset, response)
            return
        cname = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.CNAME)
        if cname is None:
            negative(zone, response, dns.rcode.NOERROR)
            denial(zone, response, name, True)
            return
        response.answer += signed_set(zone, name, cname, response)
        name = cname[0].target
        if not name.is_subdomain(zone.origin):
            return  # the resolver chases out-of-zone targets, not the authoritative server


def has_descendants(zone: ZoneData, name: dns.name.Name) -> bool:
    origin = zone.origin
    return any(node_name.derelativize(origin).is_subdomain(name) for node_name in zone.zone.nodes)


def negative(zone: ZoneData, response: dns.message.Message, rcode: dns.rcode.Rcode) -> None:
    response.set_rcode(rcode)
    soa = zone.zone.get_rdataset("@", dns.rdatatype.SOA)
    if soa is not None:
        rrset = rrset_of(zone.origin, soa)
        rrset.update_ttl(min(soa.ttl, soa[0].minimum))
        response.authority.append(rrset)


def rrset_of(name: dns.name.Name, rdataset: dns.rdataset.Rdataset) -> dns.rrset.RRset:
    return dns.rrset.from_rdata_list(name, rdataset.ttl, list(rdataset))


def to_wire(response: dns.message.Message, query: dns.message.Message, over_tcp: bool) -> bytes:
    """Wire form within the client's limit: 512 bytes, the EDNS payload (RFC 6891 §6.2.5), or TCP's 64 KiB.
    An answer that does not fit over UDP goes out empty with TC=1, so the client retries over TCP."""
    limit = 65535 if over_tcp else max(512, query.payload if query.edns >= 0 else 512)
    try:
        wire: bytes = response.to_wire(max_size=limit)
        return wire
    except dns.exception.TooBig:
        response.answer.clear()
        response.authority.clear()
        response.additional.clear()
        response.flags |= dns.flags.TC
        truncated: bytes = response.to_wire(max_size=limit)
        return truncated
