"""Two different Location headers on one response: Chromium refuses it (ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION)
and so does the web follower (validators.web.fetch.conflict). The mobile family's fetches, app-link files
and pages as much as callbacks, must agree and say so, naming the URL and each Location escaped and capped,
on a real loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from launchready.core.findings import Finding, Severity
from launchready.core.plan.app_links_model import APPLE_SIZE_LIMIT, AppLinkDocument, AppLinksPlan
from tests.validators.hostile import HostileHttp, raw_redirect
from validators.endpoints import parse_connect_to
from validators.mobile import app_links, callbacks, pages
from validators.mobile.bounded import Response, get
from validators.web.routing import probe_client, probe_tls_context

FILE = "/.well-known/apple-app-site-association"
OURS, THEIRS = b"https://www.example.com/p", b"https://evil.example.org/"
MULTIPLE = "ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"


def fetched(server: HostileHttp, path: str, cap: int, accept: str = "gzip") -> Response:
    rules = (parse_connect_to(f"www.example.com:80:127.0.0.1:{server.port}"),)

    async def run() -> Response:
        async with probe_client(rules, probe_tls_context(), timeout=2) as client:
            return await get(client, f"http://www.example.com{path}", 2.0, cap, rules, accept)
    return asyncio.run(run())


def judged_file(server: HostileHttp) -> dict[str, Finding]:
    document = AppLinkDocument(host="www.example.com", path=FILE, kind="apple", body="{}")
    plan = AppLinksPlan(hosts=(document.host,), documents=(document,), app_ids=("ABCDE12345.com.example.app",),
                        android=(), callbacks=(), pages=())
    response = fetched(server, FILE, APPLE_SIZE_LIMIT + 1)
    return {f.check: f for f in app_links.judge(plan, document, response)}


def html_with(*locations: bytes) -> Callable[[bytes], bytes]:
    """A 200 HTML page over 1 KB, uncompressed, that also carries each of `locations` as a Location."""
    body = b"<!doctype html><title>t</title>" + b"<p>text</p>" * 200
    fields = b"".join(b"Location: " + location + b"\r\n" for location in locations)

    def respond(_head: bytes) -> bytes:
        return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + fields + b"Content-Length: "
                + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    return respond


def test_an_app_link_file_with_two_locations_fails_naming_both() -> None:
    """It used to report a plain redirect to the first Location, hiding the second one."""
    with HostileHttp(raw_redirect(OURS, THEIRS)) as server:
        found = judged_file(server)
    status = found["mobile.app_links.status"]
    assert status.severity is Severity.ERROR and MULTIPLE in status.message, status.message
    assert status.message.startswith(f"https://www.example.com{FILE} answered 301 with 2 different Location")
    assert '"https://www.example.com/p"' in status.message and '"https://evil.example.org/"' in status.message
    assert "serve the file on this host" in status.message
    assert list(found) == ["mobile.app_links.status"]


def test_a_page_with_two_locations_fails_mixed_content_and_compression() -> None:
    """A 200 page with two Location headers passed both checks; Chromium shows an error page instead."""
    with HostileHttp(html_with(OURS, THEIRS)) as server:
        mixed, _ = pages.mixed_content(fetched(server, "/", pages.MAX_PAGE))
        compressed = pages.compression(fetched(server, "/", pages.MIN_COMPRESSIBLE, pages.OFFERED))
    for finding in (mixed, compressed):
        assert finding.severity is Severity.ERROR and MULTIPLE in finding.message, finding.message
        assert finding.message.startswith("http://www.example.com/ answered 200 with 2 different Location")
        assert '"https://evil.example.org/"' in finding.message


def test_the_same_location_twice_is_one_location_as_in_chromium() -> None:
    with HostileHttp(html_with(OURS, OURS)) as server:
        mixed, _ = pages.mixed_content(fetched(server, "/", pages.MAX_PAGE))
    assert mixed.severity is Severity.INFO, mixed.message


def test_the_locations_are_shown_escaped_and_capped() -> None:
    look_alike, long = "https://www.exаmple.com/\x1b[31m".encode(), b"https://www.example.com/" + b"a" * 5000
    with HostileHttp(raw_redirect(look_alike, long)) as server:
        status = judged_file(server)["mobile.app_links.status"]
    assert "ex\\u0430mple.com/\\u001b[31m" in status.message and "\x1b" not in status.message
    assert "(5024 characters)" in status.message and "a" * 300 not in status.message


def test_a_callback_with_two_locations_fails_as_the_files_and_pages_do() -> None:
    with HostileHttp(raw_redirect(OURS, THEIRS, status=302)) as server:
        rules = (parse_connect_to(f"www.example.com:80:127.0.0.1:{server.port}"),)

        async def run() -> list[Finding]:
            async with probe_client(rules, probe_tls_context(), timeout=2) as client:
                url = "http://www.example.com/cb"
                return callbacks.judge(url, await callbacks.walk(client, url, lambda: 2.0, rules))
        found = {f.check: f for f in asyncio.run(run())}
    status = found["mobile.callback.status"]
    assert status.severity is Severity.ERROR and MULTIPLE in status.message
    assert '"https://evil.example.org/"' in status.message and callbacks.OFFHOST not in found
