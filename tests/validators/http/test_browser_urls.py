"""A Location is judged as a browser reads it (WHATWG URL Standard), on a real loopback server: backslash
and extra-slash forms that leave the host, internationalised hosts that are no name, raw UTF-8 bytes, and
two different Location headers (a response Chromium refuses)."""

from __future__ import annotations

import asyncio

import pytest

from tests.validators.hostile import HostileHttp, raw_redirect
from tests.validators.test_hostile_servers import STAGING_HOSTS, chase, validate_against
from validators.web.fetch import Hop, fetch
from validators.web.policy import url_problem
from validators.web.routing import probe_client, probe_tls_context


@pytest.mark.parametrize("location", [b"/\\evil.example.org/steal", b"https:///evil.example.org/steal",
                                      b"\\\\evil.example.org/steal", b"//evil.example.org/steal"])
def test_a_location_that_browsers_take_off_the_host_stops_the_chain(location: bytes) -> None:
    """RFC 3986 (httpx's URL.join) reads the first three as paths on the same host; browsers go to
    https://evil.example.org/steal, so the follower must see that host and stop there."""
    with HostileHttp(raw_redirect(location)) as server:
        chain = chase(server)
    assert chain.stopped is not None and chain.stopped.outside_scope, chain
    assert "evil.example.org is outside the zone example.com" in chain.stopped.reason
    assert chain.first.location is not None and chain.first.location.endswith("//evil.example.org/steal")
    assert len(chain.hops) == 1 and server.hosts() == ["www.example.com"]


@pytest.mark.parametrize("location", ["https://xn--/", "https://xn--ls8h.example.com/", "http://www.xn--zz.example.com/"])
def test_a_host_that_is_no_valid_name_is_a_finding_not_a_crash(location: str) -> None:
    """httpx decodes an xn-- label lazily and raised idna's IDNAError out of the run."""
    with HostileHttp(raw_redirect(location.encode())) as server:
        chain = chase(server)
    assert chain.stopped is not None and not chain.stopped.outside_scope
    assert "is not a valid" in chain.stopped.reason and "name" in chain.stopped.reason
    assert server.hosts() == ["www.example.com"]


def test_validate_reports_an_invalid_idn_location_as_a_redirect_target() -> None:
    with HostileHttp(raw_redirect(b"https://xn--ls8h.example.net/")) as server:
        run = validate_against(server, "json")
    assert run.code == 1
    targets = run.findings("http.redirect_target", "error")
    assert targets and all("not a valid name" in f["message"] and "xn--ls8h" in f["message"] for f in targets)
    assert set(server.hosts()) <= set(STAGING_HOSTS)


def hop_for(server: HostileHttp) -> Hop:
    from validators.endpoints import parse_connect_to

    rules = (parse_connect_to(f"www.example.com:80:127.0.0.1:{server.port}"),)

    async def run() -> Hop:
        async with probe_client(rules, probe_tls_context(), timeout=2) as client:
            return await fetch(client, "http://www.example.com/p", 2.0, rules)
    return asyncio.run(run())


def test_a_raw_utf8_location_is_read_as_utf8_and_shown_escaped() -> None:
    """Browsers read the bytes as UTF-8; Latin-1 made 'exÐ°mple' of the Cyrillic а."""
    with HostileHttp(raw_redirect("https://www.exаmple.net/".encode())) as server:
        hop = hop_for(server)
    assert hop.location == "https://www.xn--exmple-4nf.net/"
    assert hop.target == 'https://www.xn--exmple-4nf.net/ (sent as "https://www.ex\\u0430mple.net/")'
    assert "Ð" not in str(hop)


def test_a_location_that_is_not_utf8_is_read_as_latin1() -> None:
    with HostileHttp(raw_redirect(b"/caf\xe9")) as server:
        hop = hop_for(server)
    assert hop.location == "http://www.example.com/caf%C3%A9" and hop.sent == "/caf\xe9"


def test_two_different_locations_are_refused_as_browsers_refuse_them() -> None:
    with HostileHttp(raw_redirect(b"https://www.example.com/p", b"https://evil.example.org/")) as server:
        hop = hop_for(server)
    assert hop.status == 301 and not hop.redirects
    assert hop.error is not None and "ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION" in hop.error
    assert '"https://evil.example.org/"' in hop.error


def test_the_same_location_twice_is_followed_as_chromium_follows_it() -> None:
    with HostileHttp(raw_redirect(b"https://www.example.com/p", b"https://www.example.com/p")) as server:
        hop = hop_for(server)
    assert hop.error is None and hop.redirects and hop.location == "https://www.example.com/p"


def test_validate_fails_an_upgrade_with_two_different_locations() -> None:
    """It used to pass http.https_redirect on the first Location."""
    def upgrade(head: bytes) -> bytes:
        host = next(line.split(b":", 1)[1].strip() for line in head.split(b"\r\n") if line.lower().startswith(b"host:"))
        return raw_redirect(b"https://" + host + b"/launchready-probe?q=1", b"https://evil.example.org/")(head)

    with HostileHttp(upgrade) as server:
        run = validate_against(server, "json")
    assert run.code == 1
    assert not run.findings("http.https_redirect", "info")
    refused = [f for f in run.findings("http.status", "error")
               if "ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION" in f["message"]]
    assert refused and "send exactly one" in refused[0]["message"]


@pytest.mark.parametrize(("url", "problem"), [
    ("https://[::1/", "not a valid URL"), ("https://www.example.com:99999/", "not a valid URL"),
    ("https://www.example.com:0/", "port 0"), ("ftp://www.example.com/", "scheme ftp:"),
    ("https://a!b.example.com/", "not a valid host name"), ("https://example.com./", None),
    ("https://[2001:db8::1]:8443/x", None), ("https://xn--bcher-kva.example/", None),
])
def test_url_problems_are_named_without_raising(url: str, problem: str | None) -> None:
    found = url_problem(url)
    assert (found is None) if problem is None else (found is not None and problem in found), found
