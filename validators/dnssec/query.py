"""DNSSEC-aware questions: EDNS with the DO bit (RFC 3225), so servers include RRSIGs, and the whole
response kept for the judges (signatures, referrals, flags). Every outcome is a value, never an exception.

UDP first and TCP when truncated (validators.dnsquery.exchange, RFC 7766 §5); `tcp=True` asks over TCP
only, to prove a server serves TCP at all (RFC 7766 §4: authoritative servers MUST).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from launchready.core.findings import seconds
from validators.context import CheckContext
from validators.dns import run_budget
from validators.dnsquery import NOT_SENT, Exchanged, exchange, over_tcp
from validators.dnsshared import Budget
from validators.endpoints import Endpoint

PAYLOAD = 1232
"""EDNS buffer size that avoids IP fragmentation (DNS Flag Day 2020)."""
ANSWERED = (dns.rcode.NOERROR, dns.rcode.NXDOMAIN)


@dataclass(frozen=True, eq=False)
class Reply:
    """One server's response to (name, type), or why there is none."""

    server: Endpoint
    name: str
    rdtype: str
    message: dns.message.Message | None = None
    problem: str = ""
    over_tcp: bool = False
    timed_out: bool = False

    @property
    def answered(self) -> bool:
        return self.message is not None and self.message.rcode() in ANSWERED

    @property
    def authoritative(self) -> bool:
        return self.message is not None and bool(self.message.flags & dns.flags.AA)

    def said(self) -> str:
        """Why the reply is unusable, for a message: 'no answer in 2s', 'answered SERVFAIL'."""
        if self.message is None:
            return self.problem or "no reply"
        return f"answered {dns.rcode.to_text(self.message.rcode())}"

    def find(self, rdtype: str, name: str | None = None, covers: str | None = None) -> dns.rrset.RRset | None:
        """The RRset of `rdtype` (RRSIGs: covering `covers`) at `name`, from the answer or authority section."""
        if self.message is None:
            return None
        owner = dns.name.from_text(name or self.name)
        kind = dns.rdatatype.from_text(rdtype)
        covered = dns.rdatatype.from_text(covers) if covers else dns.rdatatype.NONE
        for section in (self.message.answer, self.message.authority):
            found = self.message.get_rrset(section, owner, dns.rdataclass.IN, kind, covered)
            if found is not None:
                return found
        return None

    def glue(self) -> dict[str, tuple[str, ...]]:
        """Addresses in the additional section, by lower-case name without the final dot (a referral's glue)."""
        found: dict[str, list[str]] = {}
        for rrset in self.message.additional if self.message is not None else ():
            if rrset.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
                name = rrset.name.to_text(omit_final_dot=True).lower()
                found.setdefault(name, []).extend(r.to_text() for r in rrset)
        return {name: tuple(addresses) for name, addresses in found.items()}


@functools.lru_cache(maxsize=16384)
def make_query(name: str, rdtype: str, recursive: bool) -> dns.message.Message:
    """Built once and sent to every server, as validators.dnsquery.make_query is (each send has its own
    socket and source port; dnspython never changes a message it sends)."""
    query = dns.message.make_query(name, rdtype, use_edns=0, payload=PAYLOAD, want_dnssec=True)
    if recursive:
        query.flags |= dns.flags.AD  # ask for the AD bit (RFC 6840 §5.7)
    else:
        query.flags &= ~dns.flags.RD
    return query


@functools.lru_cache(maxsize=16384)
def wire_form(name: str, rdtype: str, recursive: bool) -> bytes:
    return make_query(name, rdtype, recursive).to_wire()


async def fetch(server: Endpoint, name: str, rdtype: str, timeout: float, *, recursive: bool = False,
                tcp: bool = False) -> Reply:
    """One question with DO=1; RD=1 only for resolvers. The exchange costs at most `timeout`."""
    query = make_query(name, rdtype, recursive)
    try:
        if tcp:
            message = await over_tcp(query, server, timeout)
            return Reply(server, name, rdtype, message, over_tcp=True)
        message, used_tcp = await exchange(query, server, timeout, wire_form(name, rdtype, recursive))
    except dns.exception.Timeout:
        return Reply(server, name, rdtype, problem=f"no answer in {seconds(timeout)}" + (" over TCP" if tcp else ""),
                     timed_out=True)
    except (OSError, EOFError, dns.exception.DNSException) as exc:
        return Reply(server, name, rdtype, problem=f"{'TCP: ' if tcp else ''}{str(exc) or type(exc).__name__}")
    return Reply(server, name, rdtype, message, over_tcp=used_tcp)


class Asker:
    """`fetch` within the run's DNS budget (validators/dns/budget.py: the in-flight limit, each server's
    window, the public resolvers' rate caps, one retry of a dropped query) and --deadline: a question
    due after it is not sent. A question to an authoritative server over UDP is the one the dns family
    asks too: with the pass's shared replies, one exchange serves both (validators.dnsshared)."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.budget, self.tally = run_budget(ctx)

    async def __call__(self, server: Endpoint, name: str, rdtype: str, *, recursive: bool = False,
                       tcp: bool = False) -> Reply:
        if self.ctx.remaining() <= 0:
            return Reply(server, name, rdtype, problem=NOT_SENT)
        started = time.monotonic()
        if not (recursive or tcp) and self.ctx.shared_replies is not None:
            reply = reply_of(server, name, rdtype, await self.shared(server, name, rdtype))
        else:
            reply = await self.sent(server, name, rdtype, recursive, tcp)
        if reply.message is None and self.ctx.remaining() <= 0:
            return Reply(server, name, rdtype, problem=f"{reply.problem}, cut short at --deadline "
                         f"after {seconds(time.monotonic() - started)}")
        return reply

    async def sent(self, server: Endpoint, name: str, rdtype: str, recursive: bool, tcp: bool) -> Reply:
        async def send(timeout: float) -> Reply:
            if self.ctx.remaining() <= 0:  # counted as the dns family counts it: a timeout, never an answer
                return Reply(server, name, rdtype, problem=NOT_SENT, timed_out=True)
            return await fetch(server, name, rdtype, timeout, recursive=recursive, tcp=tcp)

        def unsent(why: str) -> Reply:  # a silent server is not asked (validators/dns/budget.py)
            return Reply(server, name, rdtype, problem=why, timed_out=True)

        reply, _ = await self.budget.send_any(server, send, self.ctx.budget, self.tally, lambda r: r.timed_out,
                                              unsent=unsent)
        return reply

    async def shared(self, server: Endpoint, name: str, rdtype: str) -> Exchanged:
        assert self.ctx.shared_replies is not None
        budget = Budget(self.budget, self.tally, self.ctx.budget, self.ctx.remaining)
        outcome, _ = await self.ctx.shared_replies.ask((server, name, rdtype), budget)
        return outcome


def reply_of(server: Endpoint, name: str, rdtype: str, outcome: Exchanged) -> Reply:
    """A shared exchange as the DNSSEC judges read it."""
    if outcome.message is None:
        return Reply(server, name, rdtype, problem=outcome.error, timed_out=outcome.timed_out)
    return Reply(server, name, rdtype, outcome.message, over_tcp=outcome.used_tcp)
