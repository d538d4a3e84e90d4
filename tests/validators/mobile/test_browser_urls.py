"""Sign-in callbacks and landing pages read as a browser reads their URLs (WHATWG URL Standard), on a real
loopback server: a Location that leaves the host through a backslash or extra slashes, a Location no
browser parses, a host that is no valid name, and mixed content written so that urljoin missed it."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from launchready.core.findings import Finding, Severity
from tests.validators.hostile import HostileHttp, page, raw_redirect
from validators.endpoints import parse_connect_to
from validators.mobile import callbacks, pages
from validators.mobile.bounded import get
from validators.web.routing import probe_client, probe_tls_context

CALLBACK = "http://app.example.com/auth/callback"


def judged(server: HostileHttp, url: str = CALLBACK) -> dict[str, Finding]:
    rules = (parse_connect_to(f"app.example.com:80:127.0.0.1:{server.port}"),)

    async def run() -> list[Finding]:
        async with probe_client(rules, probe_tls_context(), timeout=2) as client:
            return callbacks.judge(url, await callbacks.walk(client, url, lambda: 2.0, rules))
    return {finding.check: finding for finding in asyncio.run(run())}


@pytest.mark.parametrize("location", [b"/\\evil.example.org/steal", b"https:///evil.example.org/steal",
                                      b"\\\\evil.example.org/steal"])
def test_a_callback_redirect_browsers_take_off_the_host_fails_offhost(location: bytes) -> None:
    """httpx's URL.join read these as paths on app.example.com, and offhost passed."""
    with HostileHttp(raw_redirect(location, status=302)) as server:
        found = judged(server)
    offhost = found[callbacks.OFFHOST]
    assert offhost.severity is Severity.ERROR and offhost.observed == "evil.example.org", offhost.message
    assert "(sent as " in offhost.message, "the Location as sent is shown beside the browser's reading"
    assert server.hosts() == ["app.example.com"], "the callback is never carried to the other host"


def test_a_callback_location_no_browser_parses_is_an_error_not_a_crash() -> None:
    """`https://[::1/` raised httpx.InvalidURL out of callbacks.leaves."""
    with HostileHttp(raw_redirect(b"https://[::1/", status=302)) as server:
        found = judged(server)
    status = found["mobile.callback.status"]
    assert status.severity is Severity.ERROR and "is not a valid URL" in status.message
    assert '"https://[::1/"' in status.message
    assert callbacks.OFFHOST not in found, "a target nobody can parse proves nothing about where it goes"


@pytest.mark.parametrize("location", [b"https://xn--ls8h.example.net/", b"https://xn--/"])
def test_a_callback_to_a_host_that_is_no_valid_name_is_an_error_not_a_crash(location: bytes) -> None:
    """idna's IDNAError escaped from callbacks.leaves (httpx decodes the host lazily)."""
    with HostileHttp(raw_redirect(location, status=302)) as server:
        found = judged(server)
    offhost = found[callbacks.OFFHOST]
    assert offhost.severity is Severity.ERROR and "not a valid" in offhost.message


def test_a_callback_on_its_own_host_with_a_bad_port_is_a_status_error() -> None:
    with HostileHttp(raw_redirect(b"http://app.example.com:0/x", status=302)) as server:
        found = judged(server)
    assert "port 0 is outside 1-65535" in found["mobile.callback.status"].message
    assert callbacks.OFFHOST not in found


def mixed(html: bytes) -> Finding:
    with HostileHttp(page(html)) as server:
        rules = (parse_connect_to(f"www.example.com:80:127.0.0.1:{server.port}"),)

        async def run() -> Finding:
            async with probe_client(rules, probe_tls_context(), timeout=2) as client:
                response = await get(client, "http://www.example.com/", 2.0, pages.MAX_PAGE, rules)
            return pages.mixed_content(replace(response, url="https://www.example.com/"))[0]  # as if over https
        return asyncio.run(run())


def test_mixed_content_written_to_slip_past_urljoin_is_found() -> None:
    """Chromium loads (and blocks) all four over http:; urljoin read them as https paths on the page's host."""
    finding = mixed(b'<script src="http:evil.example.org/a.js"></script>'
                    b'<link rel=stylesheet href="http:\\\\evil.example.org/b.css">'
                    b'<script src="http:/evil.example.org/c.js"></script>'
                    b'<script src="ht&#9;tp://evil.example.org/d.js"></script>')
    assert finding.severity is Severity.ERROR and "4 blockable resource(s)" in finding.message
    for name in ("a.js", "b.css", "c.js", "d.js"):
        assert f"http://evil.example.org/{name}" in finding.message


@pytest.mark.parametrize("html", [b'<base href="http://[::1/"><script src="a.js"></script>',
                                  b'<script src="http://[::1/x.js"></script>'])
def test_a_url_no_browser_parses_in_a_page_is_no_load_and_no_crash(html: bytes) -> None:
    """urllib's urljoin raised ValueError out of the mobile family; a browser loads nothing from such a URL
    and ignores such a <base> (the page's own URL stays the base)."""
    finding = mixed(html)
    assert finding.severity is Severity.INFO and "no http:// loads" in finding.message


def test_a_valid_plain_http_base_still_makes_relative_loads_mixed() -> None:
    finding = mixed(b'<base href="http:cdn.example.org/"><script src="app.js"></script>')
    assert finding.severity is Severity.ERROR and "http://cdn.example.org/app.js" in finding.message
