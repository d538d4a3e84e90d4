"""Authoritative replies of one pass, shared by the dns and dnssec families.

Both ask each authoritative server about every declared name: the dns family to compare the records with
the plan, the dnssec family to check their signatures. Both send the same message (RD=0, EDNS with the DO
bit, RFC 3225; the dns family ignores the RRSIGs that come with it), so one reply serves both: a staging
zone's 46 such questions go out once, not twice, within the run's budget and counted once. Each pass has
its own store, so every poll of --wait asks afresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from validators.dnsquery import NOT_SENT, Exchanged, bare, exchanged
from validators.endpoints import Endpoint

if TYPE_CHECKING:
    from validators.dns.budget import QueryBudget, Tally

Question = tuple[Endpoint, str, str]


@dataclass
class Sent:
    """How a question was sent, when this call sent it: its round and the timeout it had."""

    round: int
    timeout: float


@dataclass(frozen=True)
class Budget:
    """What a family sends within: the run's budget, the stack's tally, the per-query timeout and the time
    left before --deadline (CheckContext.budget and .remaining)."""

    queries: QueryBudget
    tally: Tally
    timeout: Callable[[], float]
    remaining: Callable[[], float]


SHARERS = 2
"""Families that ask the same authoritative questions (dns and dnssec): a reply is let go once both have
it. Kept for the whole pass, a 100-domain run's replies (whole messages, signatures included) held
300 MB more at their peak."""


class SharedReplies:
    """One pass's authoritative exchanges by (server, name, type); whoever asks first sends the query."""

    def __init__(self) -> None:
        self._replies: dict[Question, tuple[asyncio.Task[Exchanged], list[int]]] = {}

    async def get(self, server: Endpoint, name: str, rdtype: str,
                  send: Callable[[], Awaitable[Exchanged]]) -> Exchanged:
        """The exchange for this question: the one in flight or done, or `send()` started now."""
        key = (server, bare(name), rdtype.upper())
        if key not in self._replies:
            self._replies[key] = (asyncio.ensure_future(send()), [0])
        task, asked = self._replies[key]
        asked[0] += 1
        if asked[0] >= SHARERS:
            del self._replies[key]
        return await asyncio.shield(task)  # one family giving up does not cancel the other's reply

    async def ask(self, question: Question, budget: Budget, after: int = 0) -> tuple[Exchanged, Sent]:
        """The reply to an authoritative question, sent within `budget` if no family has sent it yet; a
        question due after --deadline is not sent. `Sent` says how, when this call sent it."""
        server, name, rdtype = question
        sent = Sent(after, budget.timeout())

        async def attempt(timeout: float) -> Exchanged:
            if budget.remaining() <= 0:
                return unsent(NOT_SENT)
            sent.timeout = timeout
            return await exchanged(server, name, rdtype, timeout, recursive=False)

        async def send() -> Exchanged:
            outcome, sent.round = await budget.queries.send_any(server, attempt, budget.timeout, budget.tally,
                                                                timed_out, after, unsent=unsent)
            return outcome

        return await self.get(server, name, rdtype, send), sent


def timed_out(outcome: Exchanged) -> bool:
    return outcome.timed_out


def unsent(why: str) -> Exchanged:
    """The exchange of a question never sent: a timeout (validators/dns/budget.py: a silent server)."""
    return Exchanged(None, timed_out=True, error=why)
