"""How many DNS queries are in flight: sized to the work, polite to each public resolver, and backing off
from a server that starts dropping queries. One `QueryBudget` may serve several stacks of a run.

- In flight: up to 1,024 queries (and never more than half the file-descriptor limit: each UDP query
  holds a socket), four times what a fixed cap of 256 allowed: 3,000 queries cost three round trips,
  not twelve, and a burst never outruns this process's ability to read the replies before --timeout.
- Per server: a window that starts at 128 queries, grows by one per answer (doubling every round trip)
  and halves when queries time out (TCP's slow start and multiplicative decrease: RFC 5681 §3.1). A
  server that has answered before and then drops a query gets that query once more, inside the
  narrower window.
- A server that lets its first SILENT_AFTER queries time out without answering any is silent for the
  rest of the run: its other questions are not sent (the callers report them unanswered at once).
- Per public resolver: a token bucket at its documented rate (validators/dns/ratecaps.py); a copy of a
  lost datagram (validators/dnsudp.py) takes a token too.
- Rounds: the longest chain of queries that waited for one another (for an answer they needed, or for a
  free slot); the benchmark compares it with the floor of one round trip.
"""

from __future__ import annotations

import asyncio
import functools
import resource
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from validators.dns.ratecaps import PUBLIC_RATE_CAPS
from validators.dnsquery import Answer
from validators.dnsudp import RESEND_PACE
from validators.endpoints import Endpoint

IN_FLIGHT = 1024
"""Queries in flight across every server. Above this the run is bound by this process's CPU, not by
round trips: the replies of a larger burst wait in socket buffers longer than --timeout while the event
loop parses them one by one, and the queries time out although every server answered (measured with
bench/dns_vs_octodns.py on two cores, 7,156 queries: 4,096 or 2,048 at once timed out by the dozen or
hundred and took 7.3-7.6 s; 1,024 timed none out, 3.9 s; 512 took 5.6 s. 512 was the cap while each
query built its own asyncio transport, about twice the CPU per reply)."""
MIN_WINDOW = 8
FIRST_WINDOW = 128
"""Queries a server may have in flight before it has answered any: what a loopback server's default
receive buffer holds, and far below any public resolver's documented rate."""
SERVER_WINDOW = 4096
SILENT_AFTER = 16
"""Timeouts, with not one answer, after which a server is silent for the rest of the run. Each further
query would wait a whole --timeout for the same verdict, inside a window already cut to MIN_WINDOW:
60 stacks sharing one dead --resolver queued 1,800 queries 8 at a time and reached --deadline. A live
server that drops part of a burst answers the rest of it, so it never falls silent."""
SILENCE = f"not sent: no answer to its first {SILENT_AFTER} queries"


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
    not_sent: int = 0

    def summary(self) -> dict[str, int]:
        return {"dns_queries": self.queries, "dns_rounds": self.rounds, "dns_timeouts": self.timeouts,
                "dns_retries": self.retries, "dns_not_sent": self.not_sent}


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
    """A server's congestion window: queries it may have in flight now. It starts at FIRST_WINDOW and
    grows by one per answer (so it doubles every round trip, TCP's slow start: RFC 5681 §3.1); a query
    that times out halves it, at most once per `calm` seconds (one loss event, not one halving per
    query lost in the same burst)."""

    size: int = FIRST_WINDOW
    busy: int = 0
    answered: bool = False
    timeouts: int = 0
    cut_at: float = 0.0
    calm: float = 1.0
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def silent(self) -> bool:
        """No answer yet, and SILENT_AFTER queries timed out."""
        return not self.answered and self.timeouts >= SILENT_AFTER

    async def enter(self, unless_silent: bool = False) -> bool:
        """Take a place in the window once there is one; with `unless_silent`, give up (False) as soon as the
        server is silent instead of waiting for queries that will only time out."""
        async with self.changed:
            await self.changed.wait_for(lambda: self.busy < self.size or (unless_silent and self.silent))
            if unless_silent and self.silent:
                return False
            self.busy += 1
            return True

    async def leave(self, dropped: bool, evidence: bool = True) -> None:
        """Free the place; `dropped`: the query timed out, which counts towards silence when it had the whole
        --timeout (`evidence`: a query the deadline cut short says nothing about the server)."""
        async with self.changed:
            self.busy -= 1
            now = time.monotonic()
            if dropped and now - self.cut_at >= self.calm:
                self.size, self.cut_at = max(MIN_WINDOW, self.size // 2), now
            elif not dropped:
                self.size = min(SERVER_WINDOW, self.size + 1)
            self.answered = self.answered or not dropped
            self.timeouts += dropped and evidence
            if self.silent:
                self.changed.notify_all()  # every waiter gives up now
            else:
                self.changed.notify(max(0, self.size - self.busy))  # as many as may start: no thundering herd


Send = Callable[[float], Awaitable[Answer]]
"""Sends one query with a timeout in seconds."""

R = TypeVar("R")


def timed_out(answer: Answer) -> bool:
    return answer.status == "timeout"


def joined_seconds(dropped: Answer, again: Answer) -> Answer:
    return replace(again, seconds=dropped.seconds + again.seconds)


def worker_share(workers: int, limit: int | None = None, full_timeout: float = 0.0) -> QueryBudget:
    """The budget of one of `workers` processes that validate a run between them: 1/workers of the run's
    in-flight limit (at least 1), of every public resolver's rate cap and of each server's first window (at
    least MIN_WINDOW), so the run as a whole, every process together, keeps within the limit, within each
    resolver's documented rate and within what a server is sent before it has answered."""
    whole = limit or min(IN_FLIGHT, descriptor_cap())
    caps = {address: rate / workers for address, rate in PUBLIC_RATE_CAPS.items()}
    return QueryBudget(max(1, whole // workers), caps, full_timeout=full_timeout,
                       first_window=max(MIN_WINDOW, FIRST_WINDOW // workers))


class QueryBudget:
    """The in-flight limit, per-server windows and per-resolver rate caps of one run (shared by its stacks)."""

    def __init__(self, limit: int | None = None, rate_caps: Mapping[str, float] | None = None,
                 full_timeout: float = 0.0, first_window: int = FIRST_WINDOW) -> None:
        """`full_timeout`: the run's --timeout; only a query given all of it counts towards a server's silence.
        `first_window`: each server's window before it has answered."""
        self.limit = limit or min(IN_FLIGHT, descriptor_cap())
        self.first_window = first_window
        self.full_timeout = full_timeout
        self.rate_caps = dict(PUBLIC_RATE_CAPS if rate_caps is None else rate_caps)
        self._slots: asyncio.Semaphore | None = None
        self._windows: dict[Endpoint, Window] = {}
        self._buckets: dict[str, Bucket] = {}
        self._freed_round = 0

    def new_pass(self) -> None:
        """Ask silent servers again: a pass of `validate --wait` may come after a server starts answering
        (each pass sends fresh queries); its first SILENT_AFTER queries decide again."""
        for window in self._windows.values():
            window.timeouts = 0

    def slots(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        return self._slots

    def window(self, server: Endpoint) -> Window:
        window = self._windows.get(server)
        if window is None:  # not setdefault: that would build a Window (and its Condition) on every call
            window = self._windows[server] = Window(size=self.first_window)
        return window

    async def paced(self, server: Endpoint) -> None:
        rate = self.rate_caps.get(server.address)
        if rate:
            bucket = self._buckets.get(server.address)
            if bucket is None:
                bucket = self._buckets[server.address] = Bucket(rate)
            await bucket.take()

    async def capped_copies(self, server: Endpoint, send: Callable[[float], Awaitable[R]], timeout: float) -> R:
        """`send`, whose UDP copies of a lost query (validators/dnsudp.py) wait for the server's rate cap too."""
        if server.address not in self.rate_caps:
            return await send(timeout)
        token = RESEND_PACE.set(functools.partial(self.paced, server))
        try:
            return await send(timeout)
        finally:
            RESEND_PACE.reset(token)

    async def send(self, server: Endpoint, send: Send, timeout: Callable[[], float], tally: Tally,
                   after: int = 0, unsent: Callable[[str], Answer] | None = None) -> tuple[Answer, int]:
        """Send one query within the budget; returns the answer and its round. `after` is the round of the
        answer this query needed (0: none). A query a server that has answered before let time out is sent
        once more, when a whole timeout is left (so a retry never turns into a deadline finding); the
        answer then counts the time of both. With `unsent`, a silent server is not asked: `unsent(SILENCE)`
        is the answer."""
        return await self.send_any(server, send, timeout, tally, timed_out, after, joined_seconds, unsent)

    async def send_any(self, server: Endpoint, send: Callable[[float], Awaitable[R]], timeout: Callable[[], float],
                       tally: Tally, dropped: Callable[[R], bool], after: int = 0,
                       joined: Callable[[R, R], R] | None = None,
                       unsent: Callable[[str], R] | None = None) -> tuple[R, int]:
        """`send` for any kind of reply (whole messages, for the DNSSEC family and the replies both
        families share): the same slots, window, rate cap and one retry; `dropped` says when the server let
        a query time out, `joined` makes one reply of a dropped one and its retry (default: the retry's),
        `unsent` the reply to a question a silent server is not sent (without it, the question is sent)."""
        full = timeout()
        reply, done = await self._once(server, send, timeout, tally, after, dropped, unsent)
        if dropped(reply) and self.may_retry(server, timeout, full, tally):
            again, done = await self._once(server, send, timeout, tally, done, dropped, unsent)
            reply = joined(reply, again) if joined else again
        return reply, done

    def may_retry(self, server: Endpoint, timeout: Callable[[], float], full: float, tally: Tally) -> bool:
        """Whether a dropped query goes once more: the server has answered before, and a whole timeout is left."""
        if self.window(server).answered and timeout() >= full:
            tally.retries += 1
            return True
        return False

    async def _once(self, server: Endpoint, send: Callable[[float], Awaitable[R]], timeout: Callable[[], float],
                    tally: Tally, after: int, dropped: Callable[[R], bool],
                    unsent: Callable[[str], R] | None) -> tuple[R, int]:
        slots, window = self.slots(), self.window(server)
        waited = slots.locked() or window.busy >= window.size
        async with slots:
            if not await window.enter(unless_silent=unsent is not None):
                assert unsent is not None
                tally.not_sent += 1
                return unsent(SILENCE), after
            start_round = max(after, self._freed_round if waited else 0) + 1
            reply: R | None = None
            given = 0.0
            try:
                await self.paced(server)
                given = timeout()
                reply = await self.capped_copies(server, send, given)
            finally:
                await window.leave(reply is None or dropped(reply), evidence=given >= self.full_timeout)
                self._freed_round = max(self._freed_round, start_round)
        assert reply is not None  # send() returned, or its exception left this function
        tally.queries += 1
        tally.timeouts += dropped(reply)
        tally.rounds = max(tally.rounds, start_round)
        return reply, start_round
