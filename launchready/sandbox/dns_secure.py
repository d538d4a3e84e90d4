"""What an authoritative server adds for DNSSEC-aware clients, and how a parent zone refers to a child.

- With the DO bit (RFC 3225), each answered RRset comes with its RRSIGs (RFC 4035 §3.1.1), and a
  negative answer with the signed SOA and the NSEC records that prove it (RFC 4035 §3.1.3).
- A name at or below a zone cut gets a referral (RFC 1034 §4.3.2 step 3b): the child's NS set in the
  authority section, without AA, glue in the additional section, and the signed DS set (or the NSEC
  proving there is none) for DNSSEC-aware clients (RFC 4035 §3.1.4). The DS set itself is answered by
  the parent (RFC 4035 §2.4).
"""

from __future__ import annotations

import dns.flags
import dns.message
import dns.name
import dns.node
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.rrset

from launchready.sandbox.dns_zone import ZoneData

IN = dns.rdataclass.IN
RRSIG = dns.rdatatype.RRSIG
NSEC = dns.rdatatype.NSEC


def wants_dnssec(response: dns.message.Message) -> bool:
    return bool(response.ednsflags & dns.flags.DO)


def rrset_of(name: dns.name.Name, rdataset: dns.rdataset.Rdataset) -> dns.rrset.RRset:
    return dns.rrset.from_rdata_list(name, rdataset.ttl, list(rdataset))


def signatures(zone: ZoneData, name: dns.name.Name, covers: dns.rdatatype.RdataType) -> list[dns.rrset.RRset]:
    """The RRSIG set over (name, covers), if the zone is signed: [] otherwise."""
    node = zone.zone.get_node(name)
    sigs = node.get_rdataset(IN, RRSIG, covers) if node is not None else None
    return [rrset_of(name, sigs)] if sigs else []


def signed_set(zone: ZoneData, name: dns.name.Name, rdataset: dns.rdataset.Rdataset,
               response: dns.message.Message) -> list[dns.rrset.RRset]:
    """An RRset, followed by its RRSIGs when the client set DO."""
    extra = signatures(zone, name, rdataset.rdtype) if wants_dnssec(response) else []
    return [rrset_of(name, rdataset), *extra]


def nsec_names(zone: ZoneData) -> list[dns.name.Name]:
    """Owner names carrying NSEC, in canonical order (RFC 4034 §6.1; dnspython's Name order)."""
    origin = zone.origin
    return sorted(name.derelativize(origin) for name, node in zone.zone.nodes.items()
                  if node.get_rdataset(IN, NSEC) is not None)


def covering(zone: ZoneData, name: dns.name.Name) -> dns.name.Name | None:
    """The NSEC owner at or just before `name` in canonical order: its NSEC proves `name` absent."""
    before = [owner for owner in nsec_names(zone) if owner <= name]
    return before[-1] if before else None


def denial(zone: ZoneData, response: dns.message.Message, qname: dns.name.Name, exists: bool) -> None:
    """Signed SOA plus NSEC proof (RFC 4035 §3.1.3): the name's own NSEC for NODATA; for NXDOMAIN the
    NSEC covering the name and the one covering the wildcard that could have matched."""
    if not wants_dnssec(response):
        return
    response.authority += signatures(zone, zone.origin, dns.rdatatype.SOA)
    wildcard = dns.name.Name(("*", *zone.origin.labels))
    owners = {covering(zone, qname)} if exists else {covering(zone, qname), covering(zone, wildcard)}
    for owner in sorted(o for o in owners if o is not None):
        node = zone.zone.get_node(owner)
        nsec = node.get_rdataset(IN, NSEC) if node is not None else None
        if nsec is not None:
            response.authority += [rrset_of(owner, nsec), *signatures(zone, owner, NSEC)]


def zone_cut(zone: ZoneData, qname: dns.name.Name, qtype: dns.rdatatype.RdataType) -> dns.name.Name | None:
    """The delegation point at or above `qname` inside this zone, if any; a DS question at the cut itself
    is the parent's to answer, so it is no referral."""
    if not zone.refers:
        return None
    name = qname
    while name != zone.origin and name.is_subdomain(zone.origin):
        node = zone.zone.get_node(name)
        if node is not None and node.get_rdataset(IN, dns.rdatatype.NS) is not None:
            return None if (name == qname and qtype == dns.rdatatype.DS) else name
        name = name.parent()
    return None


def refer(zone: ZoneData, response: dns.message.Message, cut: dns.name.Name) -> None:
    """A referral to the child at `cut`: NS (authority), DS or its absence proof, glue (additional)."""
    node = zone.zone.get_node(cut)
    assert node is not None
    ns = node.get_rdataset(IN, dns.rdatatype.NS)
    assert ns is not None
    response.authority.append(rrset_of(cut, ns))
    ds = node.get_rdataset(IN, dns.rdatatype.DS)
    if wants_dnssec(response) and ds is not None:
        response.authority += signed_set(zone, cut, ds, response)
    elif wants_dnssec(response) and (nsec := node.get_rdataset(IN, NSEC)) is not None:
        response.authority += signed_set(zone, cut, nsec, response)
    for server in sorted(rdata.target for rdata in ns):
        response.additional += glue(zone, server)


def glue(zone: ZoneData, server: dns.name.Name) -> list[dns.rrset.RRset]:
    node: dns.node.Node | None = zone.zone.get_node(server) if server.is_subdomain(zone.origin) else None
    if node is None:
        return []
    found = (node.get_rdataset(IN, rdtype) for rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA))
    return [rrset_of(server, rdataset) for rdataset in found if rdataset is not None]
