"""DNS for the mail checks: one resolver answers each question (the next one only when it times out
or errors), CNAME chains are followed to the end, and each question is asked once per run.

Mail checks judge what a receiving server sees, so they ask recursive resolvers (RD=1), as a
receiver's resolver would; propagation across resolvers is the dns family's job.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from validators.dnsquery import FAILURE_HINTS, Answer, ask, bare, parse_rdata
from validators.endpoints import Endpoint

MAX_CNAME_HOPS = 8


@dataclass(frozen=True)
class Txt:
    """The TXT records at a name: each as its character-strings (bytes) and as joined text (RFC 7208 §3.3)."""

    answer: Answer
    records: tuple[tuple[bytes, ...], ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(b"".join(strings).decode("utf-8", "replace") for strings in self.records)


def txt_strings(presentation: str) -> tuple[bytes, ...]:
    """A TXT rdata in presentation form (`"a" "b"`) back to its character-strings, by dnspython."""
    rdata = parse_rdata("TXT", presentation)
    return (presentation.encode(),) if rdata is None else tuple(rdata.strings)  # type: ignore[attr-defined]


Asks = Callable[[Endpoint, str, str, float], Awaitable[Answer]]
"""Sends one recursive question to a server with a timeout (plain `ask`, or one within the run's budget)."""


async def plain_ask(server: Endpoint, name: str, rdtype: str, timeout: float) -> Answer:
    return await ask(server, name, rdtype, timeout)


class Lookup:
    """Questions to a list of resolvers under a per-query budget; answers kept for one run only. `asks`
    sends each one: validate gives the run's shared DNS budget (validators/dns/budget.py)."""

    def __init__(self, servers: tuple[Endpoint, ...], budget: Callable[[], float], asks: Asks = plain_ask) -> None:
        self.servers = servers
        self.budget = budget
        self.asks = asks
        self._answers: dict[tuple[str, str], asyncio.Task[Answer]] = {}

    async def query(self, name: str, rdtype: str) -> Answer:
        key = (bare(name), rdtype)
        if key not in self._answers:
            self._answers[key] = asyncio.ensure_future(self._resolve(*key))
        return await self._answers[key]

    async def _ask(self, name: str, rdtype: str) -> Answer:
        answer: Answer | None = None
        for server in self.servers:
            answer = await self.asks(server, name, rdtype, self.budget())
            if not answer.unanswered:
                break
        assert answer is not None, "Lookup needs at least one server"
        return answer

    async def _resolve(self, name: str, rdtype: str) -> Answer:
        """Follow CNAMEs a server left unfinished (it answered the chain but not the final data)."""
        answer = await self._ask(name, rdtype)
        chain = list(answer.cnames)
        for _ in range(MAX_CNAME_HOPS):
            if answer.rdata or not answer.cnames or answer.status != "ok":
                break
            answer = await self._ask(answer.cnames[-1], rdtype)
            chain.extend(answer.cnames)
        return replace(answer, name=name, cnames=tuple(chain))

    async def txt(self, name: str) -> Txt:
        answer = await self.query(name, "TXT")
        return Txt(answer, tuple(txt_strings(rdata) for rdata in answer.rdata))

    async def addresses(self, name: str) -> tuple[Answer, Answer]:
        a, aaaa = await asyncio.gather(self.query(name, "A"), self.query(name, "AAAA"))
        return a, aaaa


def unanswered(answer: Answer, what: str) -> str | None:
    """Why `what` could not be checked, when no resolver gave a verdict on the name; None when one did
    (NXDOMAIN and NODATA are verdicts: the record is missing)."""
    if not answer.unanswered:
        return None
    return (f"could not check {what} (resolver {answer.server}, {answer.rdtype} {answer.name}: {answer.said()}); "
            f"{answer.hint(FAILURE_HINTS)}")
