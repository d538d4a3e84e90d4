"""Do the signatures each authoritative server sends verify, and for how much longer (RFC 4035 §5.3)?

Every RRset a server answered with DO=1 (DNSKEY, SOA, NS and each declared name) is verified with
dnspython against that server's own DNSKEY set. One finding per server and problem, naming the RRsets.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence

import dns.rdatatype
import dns.rrset

from launchready.core.findings import Finding, failed, passed
from validators.dnssec.chain import SignatureStatus, Signed, verify
from validators.dnssec.query import Reply

WARN_DAYS = 3
"""Fewer days than this before a signature expires is a warning: re-signing has stalled (Cloudflare
re-signs daily with signatures valid for days, read 2026-11)."""
DAY = 86400.0
SAID: dict[SignatureStatus, str] = {
    "expired": "signatures have expired: validating resolvers answer SERVFAIL for them; the signer has "
               "stopped re-signing (check the DNSSEC status in Cloudflare)",
    "not-yet-valid": "signatures are not valid yet (inception in the future): check the signer's clock",
    "bogus": "signatures do not verify with the zone's DNSKEY set: validating resolvers answer SERVFAIL",
    "unsigned": "answers carry no RRSIG although the zone publishes DNSKEY records: the DS points at a zone "
                "that signs nothing, so validating resolvers answer SERVFAIL",
    "unsupported": "signatures use an algorithm dnspython cannot verify here; they were not judged",
}


def answered_rrsets(reply: Reply) -> list[dns.rrset.RRset]:
    """The RRsets a reply answered with, RRSIGs and NSEC proofs aside."""
    if reply.message is None:
        return []
    skipped = (dns.rdatatype.RRSIG, dns.rdatatype.NSEC, dns.rdatatype.NSEC3)
    return [rrset for rrset in reply.message.answer if rrset.rdtype not in skipped]


def judge_reply(reply: Reply, keys: dns.rrset.RRset | None, now: float) -> list[Signed]:
    verdicts = []
    for rrset in answered_rrsets(reply):
        covers = dns.rdatatype.to_text(rrset.rdtype)
        rrsigs = reply.find("RRSIG", rrset.name.to_text(), covers=covers)
        verdicts.append(verify(rrset, rrsigs, keys, now))
    return verdicts


BROKEN: dict[SignatureStatus, str] = {"expired": "expired", "not-yet-valid": "not yet valid",
                                      "bogus": "not verifying", "unsigned": "unsigned"}
"""The statuses that make a validating resolver answer SERVFAIL for the RRset, as a state message says them."""


def server_verdicts(replies: Sequence[Reply], keys: dns.rrset.RRset | None, now: float | None = None) -> list[Signed]:
    """The verdict on every RRset one server answered with, against its own DNSKEY set."""
    at = time.time() if now is None else now
    return [v for reply in replies for v in judge_reply(reply, keys, at)]


def by_status(verdicts: Sequence[Signed]) -> dict[SignatureStatus, list[Signed]]:
    grouped: dict[SignatureStatus, list[Signed]] = defaultdict(list)
    for verdict in verdicts:
        grouped[verdict.status].append(verdict)
    return grouped


def broken_signatures(judged: dict[str, list[Signed]]) -> tuple[str, ...]:
    """Per server and problem, the RRsets validating resolvers reject: '127.0.0.1:53: 23 RRset(s) expired'."""
    return tuple(f"{server}: {len(group)} RRset(s) {BROKEN[status]} ({listed(group)})"
                 for server, verdicts in judged.items() for status, group in by_status(verdicts).items()
                 if status in BROKEN)


def server_findings(zone: str, server: str, verdicts: Sequence[Signed], now: float | None = None) -> list[Finding]:
    at = time.time() if now is None else now
    grouped = by_status(verdicts)
    findings = [problem(zone, server, status, group) for status, group in grouped.items() if status != "valid"]
    valid = grouped.get("valid", [])
    if valid:
        findings.append(freshness(zone, server, valid, at))
    return findings


def listed(group: Sequence[Signed]) -> str:
    names = sorted({f"{v.owner} {v.rdtype}" for v in group})
    return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def problem(zone: str, server: str, status: SignatureStatus, group: Sequence[Signed]) -> Finding:
    detail = next((v.detail for v in group if v.detail), "")
    return failed("dnssec.rrsig", zone, f"@ {server}: {len(group)} RRset(s) ({listed(group)}): {SAID[status]}"
                  + (f" ({detail})" if detail and status in ("bogus", "unsupported") else ""),
                  warning=status == "unsupported", type="RRSIG", resolver=server, expected="valid signatures",
                  observed=status)


def freshness(zone: str, server: str, valid: Sequence[Signed], now: float) -> Finding:
    soonest = min(v.expires or now for v in valid)
    days = (soonest - now) / DAY
    if days < WARN_DAYS:
        return failed("dnssec.rrsig", zone, f"@ {server}: signatures verify but the first expires in {days:.1f} "
                      "days; the signer should have re-signed by now (check the DNSSEC status in Cloudflare)",
                      warning=True, type="RRSIG", resolver=server, expected=f">= {WARN_DAYS} days left",
                      observed=f"{days:.1f} days")
    return passed("dnssec.rrsig", zone, f"@ {server}: {len(valid)} RRset(s) signed and valid, the first "
                  f"signature expires in {days:.0f} days", type="RRSIG", resolver=server, observed="valid")


def unsigned_copy_finding(zone: str, server: str, secure: bool) -> Finding:
    """A server that answers for the zone with no DNSKEY while other servers sign it: its answers carry no
    signatures, so once the DS completes the chain a validating resolver that asks it fails (RFC 4035 §5)."""
    if not secure:
        return failed("dnssec.rrsig", zone, f"@ {server}: serves the zone unsigned (no DNSKEY, no RRSIG) while "
                      "other servers sign it: once the parent holds the zone's DS, validating resolvers that ask "
                      "it will fail. Fix this nameserver or remove it from the zone's NS set", warning=True,
                      type="DNSKEY", resolver=server, expected="the signed zone", observed="unsigned")
    return failed("dnssec.rrsig", zone, f"@ {server}: serves the zone unsigned (no DNSKEY, no RRSIG) while other "
                  "servers sign it: validating resolvers that ask it answer SERVFAIL. Fix this nameserver (serve "
                  "the signed zone) or remove it from the zone's NS set", type="DNSKEY", resolver=server,
                  expected="the signed zone", observed="unsigned")
