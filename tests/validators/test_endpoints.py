"""Parsing of --resolver, --authoritative and curl-style --connect-to."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from launchready.core.errors import InputError
from validators.endpoints import ConnectTo, Endpoint, parse_connect_to, parse_endpoint, route


@pytest.mark.parametrize(("text", "expected"), [
    ("1.1.1.1", Endpoint("1.1.1.1", 53)),
    ("127.0.0.1:5353", Endpoint("127.0.0.1", 5353)),
    ("[2001:db8::1]:53", Endpoint("2001:db8::1", 53)),
    ("2001:db8::1", Endpoint("2001:db8::1", 53)),
])
def test_endpoints(text: str, expected: Endpoint) -> None:
    assert parse_endpoint(text, 53) == expected


@pytest.mark.parametrize("text", ["resolver.example.com", "127.0.0.1:0", "127.0.0.1:99999", "1.2.3",
                                  "127.0.0.1:\u0665\u0663", "127.0.0.1:+53", "[::1]:5 3", "127.0.0.1:" + "9" * 5000])
def test_bad_endpoints_say_what_is_expected(text: str) -> None:
    with pytest.raises(InputError, match="ADDR|port must be"):
        parse_endpoint(text, 53)


def test_connect_to_routes_like_curl() -> None:
    rules = (parse_connect_to("www.example.com:443:127.0.0.1:8443"), parse_connect_to("::127.0.0.2:"))
    assert route(rules, "www.example.com", 443) == Endpoint("127.0.0.1", 8443)
    assert route(rules, "www.example.com", 80) == Endpoint("127.0.0.2", 80), "empty HOST and PORT match all"
    assert route(rules, "api.example.com", 443) == Endpoint("127.0.0.2", 443), "empty target port keeps 443"
    assert route(rules[:1], "api.example.com", 443) is None


@pytest.mark.parametrize("text", ["www.example.com:443", "www.example.com:443:not-an-ip:80", "x:y:127.0.0.1:80",
                                  "www.example.com:-1:127.0.0.1:443", "www.example.com:99999:127.0.0.1:443",
                                  "www.example.com:0:127.0.0.1:443", "www.example.com:443:127.0.0.1:70000",
                                  ":\u0664\u0664\u0663:127.0.0.1:8443", "x:1:127.0.0.1:+80"])
def test_bad_connect_to(text: str) -> None:
    with pytest.raises(InputError, match="HOST:PORT:ADDR:PORT"):
        parse_connect_to(text)


HOSTS = st.sampled_from(["", "www.example.com", "api.example.com", "example.com"])
PORTS = st.sampled_from([None, 80, 443])


@given(st.lists(st.tuples(HOSTS, PORTS, st.integers(0, 3)), max_size=12), st.sampled_from(["www.example.com",
       "WWW.example.com", "api.example.com", "other.example"]), st.sampled_from([80, 443, 8443]))
def test_route_finds_the_rule_curls_first_match_scan_finds(spec: list[tuple[str, int | None, int]], host: str,
                                                            port: int) -> None:
    """The index behind route() against the plain scan it replaced, rule order and wildcards included."""
    rules = tuple(ConnectTo(h, p, Endpoint(f"127.0.0.{n + 1}", 0 if n == 3 else 8000 + n)) for h, p, n in spec)
    first = next((rule for rule in rules if rule.matches(host, port)), None)
    expected = Endpoint(first.target.address, first.target.port or port) if first else None
    assert route(rules, host, port) == expected
