"""Are the zone's signing algorithms and the DS digest types ones resolvers still trust?

RFC 8624 §3.1 and §3.3 (algorithm implementation requirements), with RFC 9905 deprecating SHA-1 in
DNSSEC signatures. Cloudflare signs with algorithm 13, ECDSA P-256 with SHA-256, and gives a DS of
digest type 2, SHA-256 (developers.cloudflare.com/dns/dnssec/, read 2026-11).
"""

from __future__ import annotations

from collections.abc import Iterable

import dns.dnssec
import dns.rdtypes.ANY.DNSKEY
import dns.rdtypes.ANY.DS

from launchready.core.findings import Finding, failed, passed

CLOUDFLARE_ALGORITHM = 13
CLOUDFLARE_DIGEST = 2
MUST_NOT_SIGN = {1: "RSAMD5", 3: "DSA", 6: "DSA-NSEC3-SHA1", 12: "ECC-GOST"}
"""RFC 8624 §3.1: MUST NOT be used for signing; many resolvers treat them as unsigned."""
DEPRECATED_SIGN = {5: "RSASHA1", 7: "RSASHA1-NSEC3-SHA1"}
"""SHA-1 signatures: NOT RECOMMENDED (RFC 8624), deprecated (RFC 9905); some resolvers reject them."""
MUST_NOT_DIGEST = {0: "reserved", 3: "GOST R 34.11-94"}
SHA1_DIGEST = 1
KNOWN_DIGESTS = {0, 1, 2, 3, 4}
"""IANA "Delegation Signer (DS) Resource Record Digest Algorithms": 0 reserved, SHA-1, SHA-256, GOST, SHA-384."""


def algorithm_name(number: int) -> str:
    try:
        return dns.dnssec.algorithm_to_text(number)
    except ValueError:
        return f"algorithm {number}"


def algorithm_finding(zone: str, keys: Iterable[dns.rdtypes.ANY.DNSKEY.DNSKEY]) -> list[Finding]:
    used = sorted({key.algorithm for key in keys})
    if not used:
        return []
    names = ", ".join(f"{n} ({algorithm_name(n)})" for n in used)
    banned = [n for n in used if n in MUST_NOT_SIGN]
    old = [n for n in used if n in DEPRECATED_SIGN]
    if banned:
        return [failed("dnssec.algorithm", zone, f"the zone signs with {names}: RFC 8624 says MUST NOT sign "
                       "with it and resolvers treat it as unsigned; re-sign with algorithm 13 (what Cloudflare "
                       "uses) and replace the DS", type="DNSKEY", observed=used, expected=CLOUDFLARE_ALGORITHM)]
    if old:
        return [failed("dnssec.algorithm", zone, f"the zone signs with {names}: SHA-1 signatures are deprecated "
                       "(RFC 9905) and some resolvers reject them; roll to algorithm 13", warning=True,
                       type="DNSKEY", observed=used, expected=CLOUDFLARE_ALGORITHM)]
    cloudflare = " (what Cloudflare signs with)" if used == [CLOUDFLARE_ALGORITHM] else ""
    return [passed("dnssec.algorithm", zone, f"the zone signs with {names}{cloudflare}", type="DNSKEY",
                   observed=used)]


def digest_finding(zone: str, records: Iterable[dns.rdtypes.ANY.DS.DS]) -> list[Finding]:
    used = sorted({ds.digest_type for ds in records})
    if not used:
        return []
    banned = [n for n in used if n in MUST_NOT_DIGEST]
    unknown = [n for n in used if n not in KNOWN_DIGESTS]
    if unknown:
        return [failed("dnssec.digest", zone, f"the parent's DS set uses digest type(s) "
                       f"{', '.join(map(str, unknown))}, which dnspython cannot compute: those DS records were "
                       "not verified (and validating resolvers ignore them)", warning=True, type="DS",
                       observed=used, expected=CLOUDFLARE_DIGEST)]
    if banned or used == [SHA1_DIGEST]:
        what = "GOST or reserved digests (RFC 8624 §3.3: MUST NOT)" if banned else "only SHA-1 (RFC 8624 §3.3: " \
            "MUST NOT be used to make a DS)"
        return [failed("dnssec.digest", zone, f"the parent's DS set uses {what}; ask the registrar for the "
                       f"SHA-256 DS (digest type {CLOUDFLARE_DIGEST}, as {'`pulumi stack output ds_record`'} gives)",
                       warning=not banned, type="DS", observed=used, expected=CLOUDFLARE_DIGEST)]
    return [passed("dnssec.digest", zone, f"the parent's DS set uses digest type(s) {', '.join(map(str, used))}"
                   + (" (SHA-256, as Cloudflare gives it)" if CLOUDFLARE_DIGEST in used else ""),
                   type="DS", observed=used)]
