"""Canonical forms of record data, so a planned record and a live answer compare as equal values.

Names compare case-insensitively without the final dot (RFC 4343); addresses by value (an AAAA
written compressed or not is the same address); TXT by its joined text, because a server may split a
long TXT value into 255-byte strings differently (RFC 1035 §3.3.14, RFC 7208 §3.3); MX by preference
and exchange; CAA by flags, tag (case-insensitive, RFC 8659 §4.1) and value.
"""

from __future__ import annotations

import functools
import ipaddress

import dns.rdata
import dns.rdatatype

from launchready.core.plan import PlannedRecord
from launchready.core.spec.models import CLOUDFLARE_CAS
from validators.dnsquery import bare, parse_rdata

__all__ = ["bare", "canonical", "cloudflare_added_caa", "expected_value", "observed_value", "observed_values"]

CLOUDFLARE_ADDED_CAA_ISSUERS = frozenset({*CLOUDFLARE_CAS, "digicert.com", "comodoca.com"})
"""Issuer domains of the `issue`/`issuewild` records Cloudflare adds itself when a zone has any CAA
record and Universal SSL is on; they do not show in the dashboard (SSL docs, "CAA records added by
Cloudflare" and "Certificate authorities", read 2026-11)."""


def expected_value(record: PlannedRecord) -> str:
    """The canonical form of a planned record's data."""
    if record.type in ("A", "AAAA"):
        return str(ipaddress.ip_address(record.content))
    if record.type == "MX":
        return f"{record.priority or 0} {bare(record.content)}"
    if record.type == "CAA" and record.caa is not None:
        return caa_value(record.caa.flags, record.caa.tag, record.caa.value)
    if record.type == "TXT":
        return "".join(record.txt_strings) or record.content
    return bare(record.content)


def caa_value(flags: int, tag: str, value: str) -> str:
    return f'{flags} {tag.lower()} "{value}"'


@functools.lru_cache(maxsize=65536)
def observed_value(rdtype: str, text: str) -> str:
    """The canonical form of one rdata in presentation format, as a server sent it. Cached (bounded):
    every resolver sends the same addresses, and parsing them is most of the verdicts' time."""
    rdata = parse_rdata(rdtype, text)
    return text if rdata is None else canonical(rdata)


def canonical(rdata: dns.rdata.Rdata) -> str:
    kind = rdata.rdtype
    if kind in (dns.rdatatype.A, dns.rdatatype.AAAA):
        return str(ipaddress.ip_address(rdata.address))  # type: ignore[attr-defined]
    if kind == dns.rdatatype.MX:
        return f"{rdata.preference} {bare(rdata.exchange.to_text())}"  # type: ignore[attr-defined]
    if kind == dns.rdatatype.TXT:
        return b"".join(rdata.strings).decode("utf-8", "replace")  # type: ignore[attr-defined]
    if kind == dns.rdatatype.CAA:
        return caa_value(rdata.flags, rdata.tag.decode(), rdata.value.decode())  # type: ignore[attr-defined]
    return bare(rdata.to_text())


def observed_values(rdtype: str, texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({observed_value(rdtype, text) for text in texts}))


def cloudflare_added_caa(value: str) -> bool:
    """True for `0 issue "pki.goog; cansignhttpexchanges=yes"` and the other records Cloudflare adds."""
    flags, _, rest = value.partition(" ")
    tag, _, quoted = rest.partition(" ")
    issuer = quoted.strip('"').split(";")[0].strip().lower()
    return flags == "0" and tag in ("issue", "issuewild") and issuer in CLOUDFLARE_ADDED_CAA_ISSUERS
