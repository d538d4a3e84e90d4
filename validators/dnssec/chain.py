"""The cryptography of the chain of trust, judged with dnspython: does a DS match a key (RFC 4034 §5.1.4),
does an RRSIG verify and is it inside its validity window (RFC 4035 §5.3.1)? Pure: values in, verdicts out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal, cast

import dns.dnssec
import dns.dnssectypes
import dns.exception
import dns.name
import dns.rdatatype
import dns.rdtypes.ANY.DNSKEY
import dns.rdtypes.ANY.DS
import dns.rdtypes.ANY.RRSIG
import dns.rdtypes.dnskeybase
import dns.rrset

SignatureStatus = Literal["valid", "expired", "not-yet-valid", "bogus", "unsigned", "unsupported"]
ORDER: tuple[SignatureStatus, ...] = ("valid", "expired", "not-yet-valid", "unsupported", "bogus", "unsigned")
"""When an RRset has several RRSIGs, one valid signature is enough (RFC 4035 §5.3.3); else the first
problem in this order is the one reported."""


@dataclass(frozen=True)
class Signed:
    """The verdict on one RRset's signatures at one server."""

    owner: str
    rdtype: str
    status: SignatureStatus
    expires: float | None = None
    """POSIX time the best signature expires (valid: the latest of the valid ones)."""
    detail: str = ""


def key_tag(key: dns.rdtypes.ANY.DNSKEY.DNSKEY) -> int:
    return dns.dnssec.key_id(key)


KNOWN_DS_DIGESTS = frozenset({1, 2, 4})
"""DS digest types dnspython computes and validating resolvers implement (SHA-1, SHA-256, SHA-384). A DS of
any other type is ignored by a resolver that does not implement it (RFC 4035 §5.2)."""


def digest_known(digest_type: int) -> bool:
    return digest_type in KNOWN_DS_DIGESTS


def ds_digest(zone: str, key: dns.rdtypes.ANY.DNSKEY.DNSKEY, digest_type: int) -> bytes | None:
    """The digest a DS of `digest_type` would hold for `key`; None when dnspython has no such digest."""
    try:
        digest = dns.dnssectypes.DSDigest(digest_type)
        return dns.dnssec.make_ds(f"{zone}.", key, digest, policy=dns.dnssec.allow_all_policy).digest
    except (dns.exception.UnsupportedAlgorithm, dns.exception.DNSException, ValueError):
        return None


def matching_key(zone: str, ds: dns.rdtypes.ANY.DS.DS,
                 keys: list[dns.rdtypes.ANY.DNSKEY.DNSKEY]) -> dns.rdtypes.ANY.DNSKEY.DNSKEY | None:
    """The key this DS points at: same tag, same algorithm and the same digest, computed with dnspython."""
    for key in keys:
        if key_tag(key) == ds.key_tag and key.algorithm == ds.algorithm and \
                ds_digest(zone, key, ds.digest_type) == ds.digest:
            return key
    return None


REVOKE = dns.rdtypes.dnskeybase.Flag.REVOKE
"""RFC 5011 §2.1: a key with this flag (0x0080) is revoked; resolvers must not use it for anything but
validating the DNSKEY set's signature that announces the revocation."""


def revoked(key: dns.rdtypes.ANY.DNSKEY.DNSKEY) -> bool:
    return bool(key.flags & REVOKE)


def before_revocation(key: dns.rdtypes.ANY.DNSKEY.DNSKEY) -> dns.rdtypes.ANY.DNSKEY.DNSKEY:
    """The key as it was published before its REVOKE bit was set (the flags are in the key tag and the DS
    digest, so revoking changes both: RFC 5011 §7)."""
    return cast(dns.rdtypes.ANY.DNSKEY.DNSKEY, key.replace(flags=key.flags & ~REVOKE))


def revoked_key(zone: str, ds: dns.rdtypes.ANY.DS.DS,
                keys: list[dns.rdtypes.ANY.DNSKEY.DNSKEY]) -> dns.rdtypes.ANY.DNSKEY.DNSKEY | None:
    """The revoked key this DS points at: as published, or as it was before it was revoked."""
    for key in (k for k in keys if revoked(k)):
        if matching_key(zone, ds, [key, before_revocation(key)]):
            return key
    return None


def revoked_signer(rrset: dns.rrset.RRset, rrsig: dns.rdtypes.ANY.RRSIG.RRSIG, keys: dns.rrset.RRset) -> str:
    """Why a signature cannot count, when its key is revoked ('' otherwise): RFC 5011 §2.1."""
    if rrset.rdtype == dns.rdatatype.DNSKEY or not any(revoked(k) and key_tag(k) == rrsig.key_tag for k in keys):
        return ""
    return f"signed by key tag {rrsig.key_tag}, which is revoked (REVOKE flag): it may sign only the DNSKEY set"


def window(rrsig: dns.rdtypes.ANY.RRSIG.RRSIG, now: float) -> SignatureStatus | None:
    """RFC 4035 §5.3.1: now must lie between inception and expiration (RFC 1982 serial arithmetic is
    what dnspython's RRSIG fields already resolve to absolute times)."""
    if now > rrsig.expiration:
        return "expired"
    if now < rrsig.inception:
        return "not-yet-valid"
    return None


def one_signature(rrset: dns.rrset.RRset, rrsig: dns.rdtypes.ANY.RRSIG.RRSIG, keys: dns.rrset.RRset,
                  now: float) -> tuple[SignatureStatus, str]:
    try:
        dns.dnssec.validate_rrsig(rrset, rrsig, {keys.name: keys}, now=now, policy=dns.dnssec.allow_all_policy)
    except dns.exception.UnsupportedAlgorithm:
        return "unsupported", f"algorithm {rrsig.algorithm} cannot be verified by dnspython"
    except dns.exception.ValidationFailure as failure:
        in_window = window(rrsig, now)
        why = revoked_signer(rrset, rrsig, keys) or str(failure) or "the signature does not verify"
        return (in_window, "") if in_window else ("bogus", why)
    return "valid", ""


def verify(rrset: dns.rrset.RRset, rrsigs: dns.rrset.RRset | None, keys: dns.rrset.RRset | None,
           now: float | None = None) -> Signed:
    """The RRset's verdict: valid when one RRSIG by a key of `keys` verifies inside its window."""
    at = time.time() if now is None else now
    owner, rdtype = rrset.name.to_text(omit_final_dot=True), dns.rdatatype.to_text(rrset.rdtype)
    if not rrsigs:
        return Signed(owner, rdtype, "unsigned", detail="no RRSIG came with it")
    if not keys:
        return Signed(owner, rdtype, "bogus", detail="no DNSKEY set to verify it with")
    results = [(one_signature(rrset, rrsig, keys, at), rrsig) for rrsig in rrsigs]
    valid = [rrsig.expiration for (status, _), rrsig in results if status == "valid"]
    if valid:
        return Signed(owner, rdtype, "valid", expires=float(max(valid)))
    (status, detail), rrsig = min(results, key=lambda result: ORDER.index(result[0][0]))
    return Signed(owner, rdtype, status, expires=float(rrsig.expiration), detail=detail)


def signing_tags(dnskeys: dns.rrset.RRset | None, rrsigs: dns.rrset.RRset | None, now: float | None = None) -> set[int]:
    """Tags of the keys whose RRSIG over the DNSKEY set verifies now: the keys a DS may point at
    (RFC 4035 §5.2: the DS authenticates a key that must sign the DNSKEY RRset)."""
    if not dnskeys or not rrsigs:
        return set()
    at = time.time() if now is None else now
    return {rrsig.key_tag for rrsig in rrsigs if one_signature(dnskeys, rrsig, dnskeys, at)[0] == "valid"}
