"""One GET whose body is read up to a cap, within the probe budget: what the mobile checks judge.

The raw bytes are read (`aiter_raw`), so a compressed body is never inflated by httpx without a limit;
`decoded` inflates gzip/deflate itself, stopping at the cap (RFC 9110 §8.4.1 content codings). A body
in a coding this client cannot undo (br, zstd without their libraries) is reported, not guessed at.
Redirects are never followed here, and a response with two different Location headers is refused as
the redirect follower refuses it (validators.web.fetch).
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass

import httpx

from launchready.core.findings import seconds
from validators.endpoints import ConnectTo
from validators.web.fetch import conflict, describe, locations, resolved, via


@dataclass(frozen=True)
class Response:
    """What came back: status and headers, the first `cap` raw bytes, or the error that prevented them."""

    url: str
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    raw: bytes = b""
    truncated: bool = False
    error: str | None = None
    via: str | None = None
    refused: str | None = None
    """Why browsers refuse what came back although it came (two different Location headers), or None."""

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key == name.lower()), "")

    @property
    def media_type(self) -> str:
        return self.header("content-type").split(";")[0].strip().lower()

    @property
    def encoding(self) -> str:
        return self.header("content-encoding").strip().lower()

    @property
    def location(self) -> str | None:
        location = self.header("location")
        return resolved(self.url, location) if location else None


async def get(client: httpx.AsyncClient, url: str, budget: float, cap: int, rules: tuple[ConnectTo, ...] = (),
              accept_encoding: str = "gzip") -> Response:
    """GET `url` once; never raises for what the server does (errors and stalls come back as a Response)."""
    route_note = via(rules, url)
    try:
        async with asyncio.timeout(budget), client.stream(
                "GET", url, headers={"Accept-Encoding": accept_encoding}, timeout=budget) as response:
            return await received(url, response, cap, route_note)
    except (TimeoutError, httpx.TimeoutException):
        return Response(url, error=f"no answer within {seconds(budget)}", via=route_note)
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as error:
        return Response(url, error=describe(error), via=route_note)


async def received(url: str, response: httpx.Response, cap: int, route_note: str | None) -> Response:
    """The Response for what came back; one with two different Location headers is refused as browsers
    refuse it (validators.web.fetch.conflict, the redirect follower's rule), its body unread."""
    headers = tuple((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in response.headers.raw)
    sent = locations(response)  # the probe transport hands Location over raw (web.routing)
    refused = conflict(response.status_code, sent)
    if refused:
        return Response(url, response.status_code, headers, via=route_note, refused=refused)
    raw, truncated = await read_capped(response, cap)
    headers += (("location", sent[0]),) if sent and not any(k == "location" for k, _ in headers) else ()
    return Response(url, response.status_code, headers, raw, truncated, via=route_note)


async def read_capped(response: httpx.Response, cap: int) -> tuple[bytes, bool]:
    """At most `cap` bytes of the raw body, and whether more was there."""
    chunks: list[bytes] = []
    size = 0
    if cap <= 0:
        return b"", False
    async for chunk in response.aiter_raw():
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def decoded(response: Response, cap: int) -> tuple[bytes | None, bool, str | None]:
    """(body, more than `cap` once inflated, why it could not be decoded)."""
    coding = response.encoding
    if coding in ("", "identity"):
        return response.raw, response.truncated, None
    if coding not in ("gzip", "x-gzip", "deflate"):
        return None, False, f"the body is {coding}-coded although the request offered only gzip"
    inflater = zlib.decompressobj(wbits=47)  # 32 + 15: gzip or zlib header, detected
    try:
        body = inflater.decompress(response.raw, cap + 1)
    except zlib.error as error:
        return None, False, f"the {coding} body does not inflate ({error})"
    return body[:cap], len(body) > cap or response.truncated and not inflater.eof, None
