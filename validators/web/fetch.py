"""Redirect chains, one hop at a time: every response is kept, so each hop can be judged on its own.

A hop is one GET without following its Location; the body is never read. Each hop gets the run's
per-probe budget (--timeout, never past --deadline) as a hard cap around the whole exchange, so a
server that accepts and never answers costs at most that budget, whatever phase it stalls in.
Every `Location` is hostile input: it is resolved as a browser resolves it (validators.web.urls, the
WHATWG URL Standard), checked before it is requested (validators.web.policy), and a chain that stops on it
says why in `Chain.stopped`. A response with two different Location headers is an error, as browsers treat
it (Chromium fails it with ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION; copies with the same value are accepted,
as Chromium's HttpUtil::HeadersContainMultipleCopiesOfField compares the values).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from launchready.core.findings import seconds
from validators.endpoints import ConnectTo, route
from validators.web.policy import Refusal, Scope, quoted, refusal, shown, url_problem
from validators.web.routing import LOCATION
from validators.web.urls import parse, resolve

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_FOLLOW = 6
"""Hops followed before giving up: above the 3 a chain may have, so a long chain is measured, not cut."""


@dataclass(frozen=True)
class Hop:
    """One request and what came back: a status and headers, or the error that prevented them."""

    url: str
    status: int | None = None
    location: str | None = None
    """The Location resolved as a browser resolves it (absolute), or the text as sent when it cannot be."""
    hsts: tuple[str, ...] = ()
    error: str | None = None
    via: str | None = None
    sent: str | None = None
    """The Location as the server sent it, when a reader would not guess `location` from it."""
    cache_status: str | None = None
    """Cloudflare's `cf-cache-status` on the answer (upper-cased, capped), when it sent one."""

    @property
    def redirects(self) -> bool:
        return self.status in REDIRECT_STATUSES and self.location is not None

    @property
    def secure(self) -> bool:
        return self.url.startswith("https:")

    @property
    def target(self) -> str:
        """The Location for a message: as a browser reads it, capped, and as sent when that differs in more
        than being made absolute (`/\\evil.example/x`, `https:///evil.example/x`, a non-ASCII host)."""
        location = shown(str(self.location))
        return f"{location} (sent as {quoted(self.sent)})" if self.sent is not None else location

    def __str__(self) -> str:
        if self.error:
            return f"{self.url} ({self.error})"
        return f"{self.url} → {self.status}" + (f" {self.target}" if self.location else "")


@dataclass(frozen=True)
class Chain:
    """Every hop from `start` to the first non-redirect (or error, loop, or follow limit)."""

    start: str
    hops: tuple[Hop, ...]
    loop: bool = False
    stopped: Refusal | None = None
    """Why the last hop's redirect was not followed (a bad target, or one outside the scope), or None."""

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
            parts.append(f"({hop.error})" if hop.error else f"{hop.status}")
            if hop.redirects:
                parts.append(hop.target)
        return " → ".join(parts)


def normalized(url: str) -> str:
    parsed = parse(url)
    return parsed.href if parsed else url


def via(rules: tuple[ConnectTo, ...], url: str) -> str | None:
    parsed = parse(url)
    port = parsed.effective_port if parsed else None
    target = route(rules, parsed.host, port) if parsed and port is not None else None
    return str(target) if target else None


def header_text(raw: bytes) -> str:
    """A header value's bytes as text: UTF-8 when they are valid UTF-8 (browsers read a raw non-ASCII
    Location as UTF-8), else Latin-1, which maps every byte (RFC 9110 §5.5: obs-text)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def locations(response: httpx.Response) -> tuple[str, ...]:
    """Every Location as the server sent it: from the probe transport's extension (validators.web.routing),
    or the headers for any other transport."""
    raw = response.extensions.get(LOCATION)
    if isinstance(raw, tuple):
        return tuple(header_text(value) for value in raw)
    return tuple(response.headers.get_list("location"))


def conflict(status: int, sent: tuple[str, ...]) -> str | None:
    """Why browsers refuse a response with different Location values, or None for one (or repeated) value."""
    values = tuple(dict.fromkeys(sent))
    if len(values) < 2:
        return None
    return (f"answered {status} with {len(values)} different Location headers ({', '.join(map(quoted, values[:3]))}), "
            "which browsers refuse (Chromium: ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION); send exactly one")


def resolved(base: str, location: str) -> str:
    """`location` resolved against the request URL as a browser resolves it (validators.web.urls), or as
    sent when it cannot be."""
    return resolve(location, base)


def surprising(sent: str, absolute: str) -> str | None:
    """`sent` when a reader would not guess `absolute` from it: not the same text, nor a plain path."""
    plain = sent.isascii() and sent.isprintable() and "\\" not in sent
    if sent == absolute or plain and sent.startswith("/") and not sent.startswith("//"):
        return None
    return sent


def describe(error: Exception) -> str:
    """The error for a message, capped: a protocol error may quote the server's own bytes."""
    text = str(error) or type(error).__name__
    cause = error.__cause__
    while cause is not None and (str(cause) == text or not text):
        text, cause = str(cause) or text, cause.__cause__
    return shown(text)


async def fetch(client: httpx.AsyncClient, url: str, budget: float, rules: tuple[ConnectTo, ...] = ()) -> Hop:
    """GET `url` once (no redirect following, no body read); errors come back as a Hop, never raised."""
    problem = url_problem(url)
    if problem:
        return Hop(url, error=f"not requested: {problem}")
    route_note = via(rules, url)
    try:
        async with asyncio.timeout(budget), client.stream("GET", url, timeout=budget) as response:
            return answered(url, response, route_note)
    except (TimeoutError, httpx.TimeoutException):
        return Hop(url, error=f"no answer within {seconds(budget)}", via=route_note)
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as error:
        return Hop(url, error=describe(error), via=route_note)


def answered(url: str, response: httpx.Response, route_note: str | None) -> Hop:
    """The hop for a response: its status, Location (resolved) and HSTS, or why browsers refuse it."""
    sent = locations(response)
    refused = conflict(response.status_code, sent)
    if refused:
        return Hop(url, response.status_code, error=refused, via=route_note)
    hsts = tuple(response.headers.get_list("strict-transport-security"))
    cached = response.headers.get("cf-cache-status")
    cache_status = shown(cached.strip().upper()) if cached else None
    if not sent:
        return Hop(url, response.status_code, None, hsts, via=route_note, cache_status=cache_status)
    absolute = resolved(url, sent[0])
    return Hop(url, response.status_code, absolute, hsts, via=route_note, sent=surprising(sent[0], absolute),
               cache_status=cache_status)


Fetch = Callable[[httpx.AsyncClient, str, float, tuple[ConnectTo, ...]], Awaitable[Hop]]


class FetchOnce:
    """`fetch`, each URL at most once per pass: the redirect chains of a zone's hosts end on the same
    canonical URLs (the http:// and https:// chains of the apex and of www all reach https://www…), and
    a GET of one URL is one observation per pass, as each DNS question is. Callers asking for a URL
    already in flight share its request."""

    def __init__(self) -> None:
        self._hops: dict[str, asyncio.Task[Hop]] = {}

    async def __call__(self, client: httpx.AsyncClient, url: str, budget: float,
                       rules: tuple[ConnectTo, ...] = ()) -> Hop:
        if url not in self._hops:
            self._hops[url] = asyncio.ensure_future(fetch(client, url, budget, rules))
        return await asyncio.shield(self._hops[url])  # one caller giving up does not cancel the others' hop


async def follow(client: httpx.AsyncClient, start: str, budget: Callable[[], float],
                 rules: tuple[ConnectTo, ...] = (), limit: int = MAX_FOLLOW, scope: Scope | None = None,
                 fetcher: Fetch = fetch) -> Chain:
    """Follow redirects from `start` by hand, stopping at a non-redirect, an error, a target the policy
    refuses (a bad URL, or a host outside `scope`), a revisited URL (a loop) or `limit` redirects."""
    hops: list[Hop] = []
    seen = {normalized(start)}
    url = start
    while True:
        hop = await fetcher(client, url, budget(), rules)
        hops.append(hop)
        if not hop.redirects or len(hops) > limit:
            return Chain(start, tuple(hops))
        url = str(hop.location)
        stop = refusal(url, scope)
        if stop:
            return Chain(start, tuple(hops), stopped=stop)
        if normalized(url) in seen:
            return Chain(start, tuple(hops), loop=True)
        seen.add(normalized(url))
