"""One DNS question to one server, with every outcome a value (never an exception to the caller).

Built on dnspython: UDP first (validators/dnsudp.py: dnspython's rules on a bare socket), TCP when the
answer is truncated (RFC 7766 §5; dnspython's async TCP query), both within one timeout; a TCP reply still
truncated is an error, never an answer. A datagram that
is garbage, from another address, or a reply to another id or question is dropped and the query keeps
waiting for the real answer (dnspython's `ignore_unexpected` and `ignore_errors`): one spoofed or stray
packet must not fail it (RFC 5452 §9.1). Recursive resolvers get RD=1; authoritative servers RD=0 (and DO=1) so a
lame server cannot hide behind recursion. Nothing is cached: every call is a fresh query.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Literal

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from launchready.core.findings import seconds
from validators import dnsudp
from validators.endpoints import Endpoint

Status = Literal["ok", "nxdomain", "nodata", "servfail", "refused", "timeout", "error"]


@dataclass(frozen=True)
class Answer:
    """What one server said about (name, type): a status, the final RRset's rdata in presentation
    form, the CNAME chain it followed, the TTL, and how long the answer took."""

    server: Endpoint
    name: str
    rdtype: str
    status: Status
    rdata: tuple[str, ...] = ()
    cnames: tuple[str, ...] = ()
    ttl: int | None = None
    seconds: float = 0.0
    truncated_retry: bool = False
    detail: str = ""
    authoritative: bool = False

    @property
    def unanswered(self) -> bool:
        """The server gave no verdict on the name (timeout, SERVFAIL, REFUSED, an unusable reply): nothing
        can be concluded about the records, unlike NXDOMAIN or NODATA."""
        return self.status in FAILURE_HINTS

    def hint(self, hints: dict[str, str]) -> str:
        """What to do about an unanswered query; a query never sent needs more --deadline, not a network fix."""
        if DEADLINE_REACHED in self.detail:
            return "raise --deadline (or lower --timeout) so the pass has time for every query"
        return hints[self.status]

    def said(self) -> str:
        """What the server did, for a message: 'no answer in 2s', 'answered SERVFAIL'."""
        return {"timeout": self.detail or "no answer", "servfail": "answered SERVFAIL", "refused": "answered REFUSED",
                "error": self.detail or "gave no usable reply"}.get(self.status, self.status)


DEADLINE_REACHED = "--deadline reached"
NOT_SENT = f"not sent: {DEADLINE_REACHED}"


def never_sent(detail: str) -> bool:
    """Whether a reply's detail says its question was never sent (--deadline reached, or a silent server:
    validators/dns/budget.py), so no timeout of the network cut it short."""
    return detail.startswith("not sent: ")

FAILURE_HINTS = {
    "timeout": "check the address, and that UDP and TCP port 53 are reachable from here",
    "servfail": "it could not resolve the name (broken delegation, DNSSEC failure or unreachable nameservers)",
    "refused": "it does not answer this host's queries; choose another resolver with --resolver",
    "error": "the reply was not usable",
}
"""What to do about each status that carries no verdict on the records."""


def bare(name: str) -> str:
    """A domain name as findings compare it: lower case, no final dot (RFC 4343: names are case-insensitive)."""
    return name.rstrip(".").lower()


def parse_rdata(rdtype: str, text: str) -> dns.rdata.Rdata | None:
    """One rdata of an Answer (presentation form) back to dnspython's value, or None when it does not parse."""
    try:
        return dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rdtype), text)
    except (dns.exception.DNSException, ValueError):
        return None


def presentation(rrset: dns.rrset.RRset) -> tuple[str, ...]:
    return tuple(sorted(rdata.to_text() for rdata in rrset))


def read_answer(response: dns.message.Message, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType) -> tuple[
    tuple[str, ...], tuple[str, ...], int | None
]:
    """Follow the CNAME chain inside one response and return (rdata, cname targets, ttl)."""
    name, cnames = qname, []
    for _ in range(16):
        cname = response.get_rrset(response.answer, name, dns.rdataclass.IN, dns.rdatatype.CNAME)
        if cname is None or rdtype == dns.rdatatype.CNAME:
            break
        target = cname[0].target
        cnames.append(target.to_text(omit_final_dot=True))
        name = target
    rrset = response.get_rrset(response.answer, name, dns.rdataclass.IN, rdtype)
    if rrset is None:
        return (), tuple(cnames), None
    return presentation(rrset), tuple(cnames), rrset.ttl


def classify(response: dns.message.Message, rdata: tuple[str, ...], cnames: tuple[str, ...]) -> Status:
    rcode = response.rcode()
    if rcode == dns.rcode.NXDOMAIN:
        return "nxdomain"
    if rcode == dns.rcode.SERVFAIL:
        return "servfail"
    if rcode == dns.rcode.REFUSED:
        return "refused"
    if rcode != dns.rcode.NOERROR:
        return "error"
    return "ok" if rdata or cnames else "nodata"


async def exchange(query: dns.message.Message, server: Endpoint, timeout: float,
                   wire: bytes | None = None) -> tuple[dns.message.Message, bool]:
    """UDP first; on TC=1 the same question over TCP (RFC 7766 §5), both within one `timeout`. `wire`: the
    query already in wire form, when the caller keeps it."""
    started = time.monotonic()
    try:
        response = await dnsudp.udp(query, wire or query.to_wire(), server.address, server.port, timeout)
        return response, False
    except dns.message.Truncated:
        left = max(0.01, timeout - (time.monotonic() - started))
        return await over_tcp(query, server, left), True


async def over_tcp(query: dns.message.Message, server: Endpoint, timeout: float) -> dns.message.Message:
    """The question over TCP (dnspython's async TCP query). dnspython's query module is imported only
    here: a validation whose answers all fit in UDP never needs it (8 ms of start-up)."""
    import dns.asyncquery

    response = await dns.asyncquery.tcp(query, server.address, timeout=timeout, port=server.port)
    if response.flags & dns.flags.TC:
        raise TruncatedOverTcp
    return response


TRUNCATED_OVER_TCP = "truncated even over TCP; the server's answer is incomplete (TC=1 on its TCP reply)"


class TruncatedOverTcp(dns.exception.DNSException):
    """A reply over TCP that still has TC=1 (RFC 1035 §4.1.1: "this message was truncated"): TCP is the
    retry (RFC 7766 §5), so there is no complete answer to read, and its sections (often empty) must not pass
    for the records, least of all as NODATA."""

    msg = TRUNCATED_OVER_TCP


@functools.lru_cache(maxsize=65536)
def wire_form(name: str, rdtype: str, recursive: bool) -> bytes:
    """make_query's message in wire form, rendered once: rendering costs more than sending."""
    return make_query(name, rdtype, recursive).to_wire()


@functools.lru_cache(maxsize=65536)
def make_query(name: str, rdtype: str, recursive: bool) -> dns.message.Message:
    """One question as a message, built once and sent to every server (each send opens its own socket
    with a random source port; dnspython never changes the message it sends). Building it costs more
    than sending it, and a run asks each question of every resolver and nameserver."""
    query = dns.message.make_query(dns.name.from_text(name), dns.rdatatype.from_text(rdtype),
                                   use_edns=0, payload=1232, want_dnssec=not recursive)
    if not recursive:  # an authoritative server: RD=0, and DO=1 (RFC 3225) so the dnssec family can judge
        query.flags &= ~dns.flags.RD  # the signatures of this very reply (validators.dnsshared)
    return query


@dataclass(frozen=True)
class Exchanged:
    """One exchange's outcome before any family reads it: the reply, or why there is none."""

    message: dns.message.Message | None
    used_tcp: bool = False
    timed_out: bool = False
    error: str = ""
    seconds: float = 0.0


async def exchanged(server: Endpoint, name: str, rdtype: str, timeout: float, recursive: bool = True) -> Exchanged:
    """Send one query (UDP, then TCP when truncated, within `timeout`); every outcome is a value."""
    query = make_query(name, rdtype, recursive)
    started = time.monotonic()
    try:
        response, used_tcp = await exchange(query, server, timeout, wire_form(name, rdtype, recursive))
    except dns.exception.Timeout:
        return Exchanged(None, timed_out=True, error=f"no answer in {seconds(timeout)}",
                         seconds=time.monotonic() - started)
    except (OSError, EOFError, dns.exception.DNSException) as exc:
        return Exchanged(None, error=str(exc) or type(exc).__name__, seconds=time.monotonic() - started)
    return Exchanged(response, used_tcp, seconds=time.monotonic() - started)


def answer_of(server: Endpoint, name: str, rdtype: str, outcome: Exchanged) -> Answer:
    """What the exchange says about (name, rdtype), judged as the dns family reads it."""
    response = outcome.message
    if response is None:
        status: Status = "timeout" if outcome.timed_out else "error"
        return Answer(server, name, rdtype, status, seconds=outcome.seconds, detail=outcome.error)
    rdata, cnames, ttl = read_answer(response, dns.name.from_text(name), dns.rdatatype.from_text(rdtype))
    status = classify(response, rdata, cnames)
    return Answer(server, name, rdtype, status, rdata=rdata, cnames=cnames, ttl=ttl, seconds=outcome.seconds,
                  truncated_retry=outcome.used_tcp, detail=rcode_detail(response) if status == "error" else "",
                  authoritative=bool(response.flags & dns.flags.AA))


async def ask(server: Endpoint, name: str, rdtype: str, timeout: float, recursive: bool = True) -> Answer:
    """Send one query; timeouts, refusals and garbage come back as an Answer with that status.

    The whole exchange (UDP, then TCP when truncated) costs at most `timeout` seconds.
    """
    return answer_of(server, name, rdtype, await exchanged(server, name, rdtype, timeout, recursive))


def rcode_detail(response: dns.message.Message) -> str:
    return f"answered {dns.rcode.to_text(response.rcode())}"
