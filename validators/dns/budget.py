"""How many DNS queries are in flight: sized to the work, polite to each public resolver, and backing off
from a server that starts dropping queries. One `QueryBudget` may serve several stacks of a run.

- In flight: every query of a pass at once, up to a cap from the process's file-descriptor limit (each
  UDP query holds one socket), so 3,000 queries cost about one round trip, not twelve.
- Per server: a window that halves when a query times out and grows back by one per answer (additive
  increase, multiplicative decrease, as TCP congestion control does: RFC 5681 §3.1). A server that has
  answered before and then drops a query gets that query once more, inside the narrower window.
- Per public resolver: a token bucket at its documented rate (validators/dns/ratecaps.py).
- Rounds: the longest chain of queries that waited for one another (for an answer they needed, or for a
  free slot); the benchmark compares it with the floor of one round trip.
"""

from __future__ import annotations

import asyncio
import resource
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace

from validators.dns.ratecaps import PUBLIC_RATE_CAPS
from validators.dnsquery import Answer
from validators.endpoints import Endpoint

MIN_WINDOW = 8
SERVER_WINDOW = 2048


def descriptor_cap() -> int:
    """Half the soft limit on open files (the rest is left to HTTP, TLS and the interpreter), at most 8192."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(64, min(8192, (soft if soft > 0 else 1024) // 2))


@dataclass
class Tally:
    """One stack's queries: how many, how many rounds deep, how many timed out or were sent again."""

    queries: int = 0
    rounds: int = 0
    timeouts: int = 0
    retries: int = 0

    def summary(self) -> dict[str, int]:
        return {"dns_queries": self.queries, "dns_rounds": self.rounds, "dns_timeouts": self.timeouts,
                "dns_retries": self.retries}


@dataclass
class Bucket:
    """A token bucket: `rate` queries a second, bursts up to one second's worth."""

    rate: float
    tokens: float = 0.0
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.rate

    async def take(self) -> None:
        while True:
            now = time.monotonic()
            self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            await asyncio.sleep((1 - self.tokens) / self.rate)


@dataclass
class Window:
    """A server's congestion window: queries it may have in flight now."""

    size: int = SERVER_WINDOW
    busy: int = 0
    answered: bool = False
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def enter(self) -> None:
        async with self.changed:
            await self.changed.wait_for(lambda: self.busy < self.size)
            self.busy += 1

    async def leave(self, dropped: bool) -> None:
        async with self.changed:
            self.busy -= 1
            self.size = max(MIN_WINDOW, self.size // 2) if dropped else min(SERVER_WINDOW, self.size + 1)
            self.answered = self.answered or not dropped
            self.changed.notify_all()


Send = Callable[[float], Awaitable[Answer]]
"""Sends one query with a timeout in seconds."""


class QueryBudget:
    """The in-flight limit, per-server windows and per-resolver rate caps of one run (shared by its stacks)."""

    def __init__(self, limit: int | None = None, rate_caps: Mapping[str, float] | None = None) -> None:
        self.limit = limit or descriptor_cap()
        self.rate_caps = dict(PUBLIC_RATE_CAPS if rate_caps is None else rate_caps)
        self._slots: asyncio.Semaphore | None = None
        self._windows: dict[Endpoint, Window] = {}
        self._buckets: dict[str, Bucket] = {}
        self._freed_round = 0

    def slots(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        return self._slots

    def window(self, server: Endpoint) -> Window:
        return self._windows.setdefault(server, Window())

    async def paced(self, server: Endpoint) -> None:
        rate = self.rate_caps.get(server.address)
        if rate:
            await self._buckets.setdefault(server.address, Bucket(rate)).take()

    async def send(self, server: Endpoint, send: Send, timeout: Callable[[], float], tally: Tally,
                   after: int = 0) -> tuple[Answer, int]:
        """Send one query within the budget; returns the answer and its round. `after` is the round of the
        answer this query needed (0: none). A query a server that has answered before let time out is sent
        once more, when a whole timeout is left (so a retry never turns into a deadline finding)."""
        full = timeout()
        answer, done = await self._once(server, send, timeout, tally, after)
        if answer.status == "timeout" and self.window(server).answered and timeout() >= full:
            tally.retries += 1
            again, done = await self._once(server, send, timeout, tally, done)
            answer = replace(again, seconds=answer.seconds + again.seconds)
        return answer, done

    async def _once(self, server: Endpoint, send: Send, timeout: Callable[[], float], tally: Tally,
                    after: int) -> tuple[Answer, int]:
        slots, window = self.slots(), self.window(server)
        waited = slots.locked() or window.busy >= window.size
        async with slots:
            await window.enter()
            start_round = max(after, self._freed_round if waited else 0) + 1
            answer: Answer | None = None
            try:
                await self.paced(server)
                answer = await send(timeout())
            finally:
                await window.leave(answer is None or answer.status == "timeout")
                self._freed_round = max(self._freed_round, start_round)
        assert answer is not None  # send() returned, or its exception left this function
        tally.queries += 1
        tally.timeouts += answer.status == "timeout"
        tally.rounds = max(tally.rounds, start_round)
        return answer, start_round
