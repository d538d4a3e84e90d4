"""Redirect chains, one hop at a time: every response is kept, so each hop can be judged on its own.

A hop is one GET without following its Location; the body is never read. Each hop gets the run's
per-probe budget (--timeout, never past --deadline) as a hard cap around the whole exchange, so a
server that accepts and never answers costs at most that budget, whatever phase it stalls in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from launchready.core.findings import seconds
from validators.endpoints import ConnectTo, route

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_FOLLOW = 6
"""Hops followed before giving up: above the 3 a chain may have, so a long chain is measured, not cut."""


@dataclass(frozen=True)
class Hop:
    """One request and what came back: a status and headers, or the error that prevented them."""

    url: str
    status: int | None = None
    location: str | None = None
    hsts: tuple[str, ...] = ()
    error: str | None = None
    via: str | None = None

    @property
    def redirects(self) -> bool:
        return self.status in REDIRECT_STATUSES and self.location is not None

    @property
    def secure(self) -> bool:
        return self.url.startswith("https:")

    def __str__(self) -> str:
        if self.error:
            return f"{self.url} ({self.error})"
        return f"{self.url} → {self.status}" + (f" {self.location}" if self.location else "")


@dataclass(frozen=True)
class Chain:
    """Every hop from `start` to the first non-redirect (or error, loop, or follow limit)."""

    start: str
    hops: tuple[Hop, ...]
    loop: bool = False

    @property
    def redirects(self) -> tuple[Hop, ...]:
        return tuple(hop for hop in self.hops if hop.redirects)

    @property
    def first(self) -> Hop:
        return self.hops[0]

    @property
    def final(self) -> Hop:
        return self.hops[-1]

    @property
    def error(self) -> Hop | None:
        return next((hop for hop in self.hops if hop.error), None)

    def path(self) -> str:
        """The chain for a message: 'http://a/p → 301 → https://a/p → 200'."""
        parts = [self.hops[0].url]
        for hop in self.hops:
            parts.append(f"{hop.status}" if hop.status else f"({hop.error})")
            if hop.redirects:
                parts.append(str(hop.location))
        return " → ".join(parts)


def normalized(url: str) -> str:
    return str(httpx.URL(url))


def via(rules: tuple[ConnectTo, ...], url: str) -> str | None:
    parsed = httpx.URL(url)
    target = route(rules, parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80))
    return str(target) if target else None


def describe(error: Exception) -> str:
    text = str(error) or type(error).__name__
    cause = error.__cause__
    while cause is not None and (str(cause) == text or not text):
        text, cause = str(cause) or text, cause.__cause__
    return text


async def fetch(client: httpx.AsyncClient, url: str, budget: float, rules: tuple[ConnectTo, ...] = ()) -> Hop:
    """GET `url` once (no redirect following, no body read); errors come back as a Hop, never raised."""
    route_note = via(rules, url)
    try:
        async with asyncio.timeout(budget), client.stream("GET", url, timeout=budget) as response:
            location = response.headers.get("location")
            absolute = str(response.url.join(location)) if location is not None else None
            hsts = tuple(response.headers.get_list("strict-transport-security"))
            return Hop(url, response.status_code, absolute, hsts, via=route_note)
    except (TimeoutError, httpx.TimeoutException):
        return Hop(url, error=f"no answer within {seconds(budget)}", via=route_note)
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        return Hop(url, error=describe(error), via=route_note)


async def follow(client: httpx.AsyncClient, start: str, budget: Callable[[], float],
                 rules: tuple[ConnectTo, ...] = (), limit: int = MAX_FOLLOW) -> Chain:
    """Follow redirects from `start` by hand, stopping at a non-redirect, an error, a revisited URL
    (a loop) or `limit` redirects."""
    hops: list[Hop] = []
    seen = {normalized(start)}
    url = start
    while True:
        hop = await fetch(client, url, budget(), rules)
        hops.append(hop)
        if not hop.redirects or len(hops) > limit:
            return Chain(start, tuple(hops))
        url = str(hop.location)
        if normalized(url) in seen:
            return Chain(start, tuple(hops), loop=True)
        seen.add(normalized(url))
