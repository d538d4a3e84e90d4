"""A sign-in callback's answer must never come from Cloudflare's cache or go into it (the plan bypasses
callbacks at static-asset paths: launchready.core.plan.cache); mobile.callback.cache reads cf-cache-status on
a real loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from launchready.core.findings import Finding, Severity
from tests.validators.hostile import HostileHttp
from validators.endpoints import parse_connect_to
from validators.mobile import callbacks
from validators.web.routing import probe_client, probe_tls_context

CALLBACK = "http://app.example.com/signin/callback.js?code=s3cret"


def answer(*fields: bytes, status: bytes = b"200 OK") -> Callable[[bytes], bytes]:
    def respond(_head: bytes) -> bytes:
        return (b"HTTP/1.1 " + status + b"\r\n" + b"".join(field + b"\r\n" for field in fields)
                + b"Content-Length: 0\r\nConnection: close\r\n\r\n")
    return respond


def judged(respond: Callable[[bytes], bytes]) -> dict[str, Finding]:
    with HostileHttp(respond) as server:
        rules = (parse_connect_to(f"app.example.com:80:127.0.0.1:{server.port}"),)

        async def run() -> list[Finding]:
            async with probe_client(rules, probe_tls_context(), timeout=2) as client:
                return callbacks.judge(CALLBACK, await callbacks.walk(client, CALLBACK, lambda: 2.0, rules))
        return {finding.check: finding for finding in asyncio.run(run())}


@pytest.mark.parametrize(("value", "what"), [(b"HIT", "served from Cloudflare's cache"),
                                             (b"miss", "stored in Cloudflare's cache for the next visitor")])
def test_a_callback_answer_cloudflare_caches_fails(value: bytes, what: str) -> None:
    found = judged(answer(b"cf-cache-status: " + value, b"Set-Cookie: session=abc"))
    cache = found[callbacks.CACHE]
    assert cache.severity is Severity.ERROR and what in cache.message, cache.message
    assert cache.message.startswith("http://app.example.com/signin/callback.js?… answered 200 with cf-cache-status: ")
    assert "s3cret" not in cache.message and "bypass_sign_in_callbacks" in cache.message
    assert found["mobile.callback.status"].severity is Severity.INFO


def test_a_cached_redirect_on_the_callback_host_fails_too() -> None:
    found = judged(answer(b"Location: /signin/done", b"cf-cache-status: STALE", status=b"302 Found"))
    assert found[callbacks.CACHE].severity is Severity.ERROR and found[callbacks.CACHE].observed == "STALE"


@pytest.mark.parametrize("fields", [(b"cf-cache-status: DYNAMIC",), (b"cf-cache-status: BYPASS",), ()],
                         ids=["dynamic", "bypass", "not-behind-cloudflare"])
def test_a_callback_answer_not_cached_passes(fields: tuple[bytes, ...]) -> None:
    cache = judged(answer(*fields))[callbacks.CACHE]
    assert cache.severity is Severity.INFO and "is not cached at the edge" in cache.message


def test_a_hostile_cache_status_is_shown_escaped() -> None:
    cache = judged(answer(b"cf-cache-status: \x1b[31mdynamic"))[callbacks.CACHE]
    assert cache.severity is Severity.INFO and "\x1b" not in cache.message and "\\u001b" in cache.message
