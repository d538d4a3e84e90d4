"""What a validating resolver makes of the zone: the AD bit on the apex SOA (RFC 4035 §3.2.3) proves
the whole chain from its trust anchor down; SERVFAIL on a signed zone is the outage itself.

Which resolvers: --validating-resolver, else, when no --resolver is given, Cloudflare's and Google's
public resolvers, which validate (Quad9's unfiltered 9.9.9.10 does not validate DNSSEC: Quad9's
"Service addresses and features" page, read 2026-11).
"""

from __future__ import annotations

import dns.flags
import dns.rcode

from launchready.core.findings import Finding, failed, passed
from validators.context import CheckContext
from validators.dnssec.query import Reply
from validators.endpoints import Endpoint

VALIDATING_PUBLIC = (Endpoint("1.1.1.1", 53), Endpoint("8.8.8.8", 53))


def validating_resolvers(ctx: CheckContext) -> tuple[Endpoint, ...]:
    if ctx.validating_resolvers:
        return ctx.validating_resolvers
    return () if ctx.resolvers else VALIDATING_PUBLIC


def ad_finding(zone: str, reply: Reply, secure: bool, signed: bool) -> Finding:
    """`secure`: the parent's DS completes the chain, so the AD bit is due; `signed`: the zone has keys."""
    where = str(reply.server)
    if reply.message is None:
        return failed("dnssec.ad", zone, f"validating resolver {where}: {reply.said()}; the AD bit could not be "
                      "checked", warning=True, type="SOA", resolver=where, observed=reply.said())
    if reply.message.rcode() == dns.rcode.SERVFAIL and (signed or secure):
        return failed("dnssec.ad", zone, f"validating resolver {where} answers SERVFAIL for {zone}: it rejects the "
                      "chain of trust, as every validating resolver will (see dnssec.state and dnssec.rrsig)",
                      type="SOA", resolver=where, expected="AD=1", observed="SERVFAIL")
    if not reply.answered:
        return failed("dnssec.ad", zone, f"validating resolver {where} {reply.said()} for {zone}", warning=True,
                      type="SOA", resolver=where, observed=reply.said())
    return flag_finding(zone, reply, secure)


def flag_finding(zone: str, reply: Reply, secure: bool) -> Finding:
    where = str(reply.server)
    assert reply.message is not None
    ad = bool(reply.message.flags & dns.flags.AD)
    if ad:
        return passed("dnssec.ad", zone, f"validating resolver {where} sets the AD bit for {zone}: the chain of "
                      "trust holds", type="SOA", resolver=where, observed="AD=1")
    if not secure:
        return passed("dnssec.ad", zone, f"validating resolver {where} answers without AD, as expected while "
                      "there is no matching DS at the parent", type="SOA", resolver=where, observed="AD=0")
    if reply.find("RRSIG", covers="SOA") is None:
        return failed("dnssec.ad", zone, f"resolver {where} strips DNSSEC records (no RRSIG with DO=1, no AD): "
                      "it does not validate, so it proves nothing; pass another --validating-resolver",
                      warning=True, type="SOA", resolver=where, expected="AD=1", observed="no RRSIG, AD=0")
    return failed("dnssec.ad", zone, f"validating resolver {where} returns the signatures but no AD bit: it "
                  "does not trust the chain yet (a cached old DS? wait the DS TTL) or does not validate",
                  warning=True, type="SOA", resolver=where, expected="AD=1", observed="AD=0")
