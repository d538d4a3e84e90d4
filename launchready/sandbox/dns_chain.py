"""The chain of trust in the sandbox: a child zone signed with dnspython (keys made per run) and the
parent zone that delegates to it and holds its DS set, each break the validator must tell apart.

    chain = build_chain(zone_from_plan(plan), ChainFault.NONE)
    DnsServer(chain.child), DnsServer(chain.parent)     # the zone's nameservers, the parent's server
    chain.ds                                            # the DS set the parent publishes

Signing as Cloudflare signs (developers.cloudflare.com/dns/dnssec/, read 2026-11): ECDSA P-256 with
SHA-256 (algorithm 13, RFC 6605) and one key with the SEP flag (flags 257) whose DS, digest type 2
(SHA-256, RFC 4509), is the `ds_record` the registrar is given.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import dns.dnssec
import dns.dnssectypes
import dns.name
import dns.rdatatype
import dns.rdtypes.ANY.DNSKEY
import dns.rdtypes.ANY.DS
import dns.zone
from cryptography.hazmat.primitives.asymmetric import ec

from launchready.sandbox.dns_zone import IN, ZoneData, add

ALGORITHM = dns.dnssectypes.Algorithm.ECDSAP256SHA256
DIGEST = dns.dnssectypes.DSDigest.SHA256
SEP_FLAGS = 257
"""Zone key + secure entry point (RFC 4034 §2.1.1): the key a DS points at."""
SIGNATURE_DAYS = 14
DS_TTL = 86400
"""The TTL many TLD registries publish DS records with (a day)."""
PARENT_SOA = "ns.{parent} hostmaster.{parent} 2026110101 1800 900 604800 86400"
OLD_NAMESERVER = "ns1.old-provider.example."
"""A server the parent still lists in `parent-ns-mismatch` (a reserved name, RFC 2606)."""


class ChainFault(StrEnum):
    """How the chain of trust is broken; each one must turn into its own finding in the validator."""

    NONE = "none"                              # signed as the spec says, DS at the parent matches
    NO_DS = "no-ds"                            # signed, but the DS never reached the parent
    STALE_DS = "stale-ds"                      # the parent holds the old provider's DS
    EXPIRED_SIGNATURES = "expired-signatures"  # signatures past their expiration
    DS_WITHOUT_SIGNING = "ds-without-signing"  # DS and DNSKEY published, but no record is signed
    UNSIGNED_WITH_DS = "unsigned-with-ds"      # zone unsigned, the parent still holds a DS
    PARENT_NS_MISMATCH = "parent-ns-mismatch"  # the parent lists an old server instead of one of the zone's


@dataclass(frozen=True, eq=False)
class SigningKey:
    private: ec.EllipticCurvePrivateKey
    dnskey: dns.rdtypes.ANY.DNSKEY.DNSKEY

    @classmethod
    def new(cls) -> SigningKey:
        private = ec.generate_private_key(ec.SECP256R1())
        return cls(private, dns.dnssec.make_dnskey(private.public_key(), ALGORITHM, flags=SEP_FLAGS))

    def ds(self, zone: dns.name.Name) -> dns.rdtypes.ANY.DS.DS:
        return dns.dnssec.make_ds(zone, self.dnskey, DIGEST)


@dataclass(frozen=True, eq=False)
class Chain:
    """The child as its nameservers serve it, the parent's zone, and the keys behind them."""

    child: ZoneData
    parent: ZoneData
    parent_key: SigningKey
    child_key: SigningKey | None

    @property
    def ds(self) -> tuple[str, ...]:
        node = self.parent.zone.get_node(self.child.origin)
        found = node.get_rdataset(IN, dns.rdatatype.DS) if node is not None else None
        return tuple(f"{self.child.origin} {found.ttl} IN DS {rdata}" for rdata in found) if found else ()

    @property
    def trust_anchor(self) -> str:
        """The parent's key as a DS, for a validating resolver's trust-anchor setting."""
        return f"{self.parent.origin} IN DS {self.parent_key.ds(self.parent.origin)}"


def copy_zone(zone: dns.zone.Zone) -> dns.zone.Zone:
    return dns.zone.from_text(zone.to_text(relativize=False), origin=zone.origin, relativize=False)


def sign(data: ZoneData, key: SigningKey, *, expired: bool = False, days: float = SIGNATURE_DAYS) -> ZoneData:
    """A signed copy of the zone (DNSKEY, RRSIGs, NSEC chain), valid for `days` more; `expired` signs a
    window that ended yesterday."""
    now = datetime.datetime.now(datetime.UTC)
    day = datetime.timedelta(days=1)
    inception, expiration = (now - 20 * day, now - day) if expired else (now - day, now + days * day)
    zone = copy_zone(data.zone)
    dns.dnssec.sign_zone(zone, keys=[(key.private, key.dnskey)], inception=inception, expiration=expiration)
    return replace(data, zone=zone)


def without_signatures(data: ZoneData) -> ZoneData:
    """The zone with its DNSKEY set kept but every RRSIG and NSEC gone: keys published, nothing signed."""
    zone = copy_zone(data.zone)
    for _name, node in zone.nodes.items():
        node.rdatasets = [r for r in node.rdatasets if r.rdtype not in (dns.rdatatype.RRSIG, dns.rdatatype.NSEC)]
    return replace(data, zone=zone)


def nameservers_of(child: ZoneData) -> dict[str, list[str]]:
    """The child's NS names and their in-zone addresses, as the parent's delegation and glue copy them."""
    apex = child.zone.get_rdataset("@", dns.rdatatype.NS)
    assert apex is not None
    servers: dict[str, list[str]] = {}
    for rdata in apex:
        node = child.zone.get_node(rdata.target) if rdata.target.is_subdomain(child.origin) else None
        sets = [node.get_rdataset(IN, t) for t in (dns.rdatatype.A, dns.rdatatype.AAAA)] if node else []
        servers[rdata.target.to_text()] = [r.to_text() for s in sets if s is not None for r in s]
    return servers


def parent_zone(child: ZoneData, servers: dict[str, list[str]], ds: Sequence[dns.rdtypes.ANY.DS.DS],
                key: SigningKey) -> ZoneData:
    """The parent: its own apex, the delegation (NS + glue) and the DS set, signed with `key`."""
    origin = child.origin.parent()
    zone = dns.zone.Zone(origin)
    parent = origin.to_text()
    add(zone, parent, "SOA", 3600, PARENT_SOA.format(parent=parent))
    add(zone, parent, "NS", DS_TTL, f"ns.{parent}")
    add(zone, f"ns.{parent}", "A", DS_TTL, "127.0.0.1")
    for host, addresses in sorted(servers.items()):
        add(zone, child.origin.to_text(), "NS", DS_TTL, host)
        for address in addresses:
            add(zone, host, "AAAA" if ":" in address else "A", DS_TTL, address)
    for rdata in ds:
        add(zone, child.origin.to_text(), "DS", DS_TTL, rdata.to_text())
    return sign(ZoneData(zone, refers=True), key)


def child_state(zone: ZoneData, signed: bool, fault: ChainFault, key: SigningKey) -> ZoneData:
    if fault is ChainFault.UNSIGNED_WITH_DS or (not signed and fault in (ChainFault.NONE,
                                                                         ChainFault.PARENT_NS_MISMATCH)):
        return zone
    if fault is ChainFault.DS_WITHOUT_SIGNING:
        return without_signatures(sign(zone, key))
    return sign(zone, key, expired=fault is ChainFault.EXPIRED_SIGNATURES)


def parent_ds(zone: dns.name.Name, signed: bool, fault: ChainFault,
              key: SigningKey) -> list[dns.rdtypes.ANY.DS.DS]:
    """The DS set the registrar published: the child's key's, an old key's, or none."""
    if fault in (ChainFault.STALE_DS, ChainFault.UNSIGNED_WITH_DS):
        return [SigningKey.new().ds(zone)]  # the old provider's key, long gone from the zone
    if fault is ChainFault.NO_DS or (not signed and fault in (ChainFault.NONE, ChainFault.PARENT_NS_MISMATCH)):
        return []
    return [key.ds(zone)]


def build_chain(zone: ZoneData, signed: bool, fault: ChainFault | str = ChainFault.NONE) -> Chain:
    """The child (signed when `signed`, or as the fault forces) and its parent, broken as `fault` says."""
    fault = ChainFault(fault)
    key = SigningKey.new()
    child = child_state(zone, signed, fault, key)
    servers = nameservers_of(zone)
    if fault is ChainFault.PARENT_NS_MISMATCH:
        servers.pop(sorted(servers)[-1])
        servers[OLD_NAMESERVER] = []
    parent_key = SigningKey.new()
    parent = parent_zone(zone, servers, parent_ds(zone.origin, signed, fault, key), parent_key)
    uses_key = child.zone.get_rdataset("@", dns.rdatatype.DNSKEY) is not None
    return Chain(child, parent, parent_key, key if uses_key else None)
