"""Hostile answers give findings within the budget, read a bounded number of bytes, and never raise:
a JSON bomb, a gzip bomb, a file that is not UTF-8, a page of megabytes, HTML that is not HTML, a
callback that redirects in a loop, a server that never answers."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Awaitable
from typing import TypeVar

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request
from werkzeug import Response as WerkzeugResponse

from launchready.core.findings import Finding, Severity
from launchready.core.plan.app_links_model import APPLE_SIZE_LIMIT, AppLinkDocument, AppLinksPlan
from validators.mobile import app_links, callbacks, pages
from validators.mobile.bounded import Response, get

T = TypeVar("T")


def run(coroutine: Awaitable[T]) -> T:
    async def inner() -> T:
        return await coroutine

    return asyncio.run(inner())


async def fetch(url: str, cap: int, budget: float = 2.0, accept: str = "gzip") -> Response:
    async with httpx.AsyncClient(follow_redirects=False) as client:
        return await get(client, url, budget, cap, accept_encoding=accept)


def plan_for(document: AppLinkDocument) -> AppLinksPlan:
    return AppLinksPlan(hosts=(document.host,), documents=(document,), app_ids=("ABCDE12345.com.example.app",),
                        android=(), callbacks=(), pages=())


def judge_file(server: HTTPServer, body: bytes, **headers: str) -> dict[str, Finding]:
    server.clear_all_handlers()
    server.expect_request("/.well-known/apple-app-site-association").respond_with_data(
        body, content_type="application/json", headers=headers)
    url = server.url_for("/.well-known/apple-app-site-association")
    document = AppLinkDocument(host="localhost", path="/.well-known/apple-app-site-association", kind="apple",
                               body="{}")
    response = run(fetch(url, APPLE_SIZE_LIMIT + 1))
    assert len(response.raw) <= APPLE_SIZE_LIMIT + 1
    return {f.check: f for f in app_links.judge(plan_for(document), document, response)}


def test_a_json_bomb_is_a_finding(httpserver: HTTPServer) -> None:
    found = judge_file(httpserver, b"[" * 100_000 + b"]" * 100_000)
    assert found["mobile.app_links.size"].severity is Severity.ERROR, "200 000 bytes is over Apple's 128 KB"
    nested = judge_file(httpserver, b"[" * 60_000 + b"]" * 60_000)
    assert nested["mobile.app_links.json"].severity is Severity.ERROR
    assert "nested more than 128 levels deep" in nested["mobile.app_links.json"].message


def test_a_gzip_bomb_is_inflated_only_to_the_limit(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b" " * 50_000_000)
    assert len(bomb) < 100_000
    found = judge_file(httpserver, bomb, **{"Content-Encoding": "gzip"})
    assert found["mobile.app_links.size"].severity is Severity.ERROR
    assert "over 128 KB uncompressed" in found["mobile.app_links.size"].message


def test_a_file_that_is_not_utf8_is_a_finding(httpserver: HTTPServer) -> None:
    found = judge_file(httpserver, b'{"applinks": "\xff\xfe"}')
    assert "is not UTF-8 (byte 14)" in found["mobile.app_links.json"].message


def test_wrong_shapes_are_named_not_raised(httpserver: HTTPServer) -> None:
    found = judge_file(httpserver, b'{"applinks": {"details": [{"appIDs": ["lowercase.app", 7]}, "x"]}}')
    shape = found["mobile.app_links.shape"].message
    assert "malformed app ID 'lowercase.app'" in shape and "details[0] has no components list" in shape
    assert found["mobile.app_links.apps"].severity is Severity.ERROR


def test_a_page_of_megabytes_is_judged_on_its_first_two(httpserver: HTTPServer) -> None:
    page = b'<html><script src="http://cdn.example.org/a.js"></script>' + b"<p>filler</p>" * 600_000
    httpserver.expect_request("/").respond_with_data(page, content_type="text/html")
    started = time.monotonic()
    response = run(fetch(httpserver.url_for("/"), pages.MAX_PAGE))
    finding, _ = pages.mixed_content(response)
    assert response.truncated and len(response.raw) == pages.MAX_PAGE
    assert finding.severity is Severity.ERROR and "(first 2 MiB read)" in finding.message
    assert time.monotonic() - started < 5


def test_html_that_is_not_html_passes_quietly(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(bytes(range(256)) * 64, content_type="text/html")
    finding, assets = pages.mixed_content(run(fetch(httpserver.url_for("/"), pages.MAX_PAGE)))
    assert finding.severity is Severity.INFO and "no http:// loads" in finding.message and assets == ()


def test_a_callback_loop_is_a_finding(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    url = httpserver.url_for("/a")

    async def chain() -> list[Finding]:
        async with httpx.AsyncClient(follow_redirects=False) as client:
            return callbacks.judge(url, await callbacks.walk(client, url, lambda: 1.0))

    status, *_ = run(chain())
    assert status.severity is Severity.ERROR and "redirects in a loop" in status.message


def test_a_server_that_never_answers_costs_one_budget(httpserver: HTTPServer) -> None:
    def stall(request: Request) -> WerkzeugResponse:
        time.sleep(1.5)
        return WerkzeugResponse("late")

    httpserver.expect_request("/slow").respond_with_handler(stall)
    started = time.monotonic()
    response = run(fetch(httpserver.url_for("/slow"), 100, budget=0.3))
    assert response.error == "no answer within 0.3s"
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("coding", ["br", "zstd"])
def test_a_coding_not_offered_is_reported(httpserver: HTTPServer, coding: str) -> None:
    found = judge_file(httpserver, b"\x00\x01binary", **{"Content-Encoding": coding})
    assert f"the body is {coding}-coded although the request offered only gzip" in found[
        "mobile.app_links.json"].message


def test_a_callback_redirect_never_echoes_the_query(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cb").respond_with_data(
        "", status=302, headers={"Location": "https://login.example.org/next?code=SECRET-CODE-123"})
    url = httpserver.url_for("/cb")

    async def chain() -> list[Finding]:
        async with httpx.AsyncClient(follow_redirects=False) as client:
            return callbacks.judge(url, await callbacks.walk(client, url, lambda: 0.5))

    status, offhost, _ = run(chain())
    assert status.severity is Severity.INFO and "leaves its host, which is not followed" in status.message
    assert offhost.severity is Severity.ERROR and "https://login.example.org/next?…" in offhost.message
    assert "SECRET-CODE-123" not in offhost.model_dump_json()


@pytest.mark.parametrize(("body", "where", "what"), [
    (b'{"applinks": {"details": []},\n "generated": NaN}', "line 2, column 15", "NaN is not a JSON value"),
    (b'{"applinks": {"details": []}, "weight": -Infinity}', "line 1, column 41", "-Infinity is not a JSON value"),
    (b'{"applinks": {"details": []}, "weight": 1e99999}', "line 1, column 41", "the number 1e99999 is beyond"),
])
def test_json_that_rfc_8259_does_not_have_is_not_json(httpserver: HTTPServer, body: bytes, where: str,
                                                       what: str) -> None:
    """Python's json reads NaN, Infinity and 1e99999 (as inf); the phones' parsers refuse the file."""
    found = judge_file(httpserver, body)
    finding = found["mobile.app_links.json"]
    assert finding.severity is Severity.ERROR and f"not JSON ({where}: {what}" in finding.message
    assert "mobile.app_links.shape" not in found
