"""`adopt --from-cloudflare` behind a corporate proxy: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY are
honoured as httpx honours them (launchready.cfapi.proxies), through a loopback proxy that records what it
forwarded; the deadline holds through it, and its user and password never reach a message."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from launchready.cfapi import limiter
from launchready.cfapi.limiter import ApiLimiter, http_client
from launchready.core.errors import InputError
from tests.adopt.test_cloudflare_faults import CANARY, ZONE_ID, adopt
from tests.cfapi.loopback_proxy import Forwarded, loopback_proxy
from tests.cloudflare_standin import CloudflareStandIn, serve

PASSWORD = "proxy-pass-7c1e9"
VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUEST_METHOD")


@pytest.fixture(autouse=True)
def no_proxy_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy variable from the machine, and a limiter of this test's own."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setattr(limiter, "SHARED", ApiLimiter())


@pytest.fixture
def standin() -> CloudflareStandIn:
    made = CloudflareStandIn(CANARY)
    made.add_record(made.add_zone(ZONE_ID, "example.net"), name="example.net", type="A", content="192.0.2.50")
    return made


@pytest.fixture
def url(standin: CloudflareStandIn) -> Iterator[str]:
    with serve(standin) as base:
        yield base


@pytest.fixture
def seen() -> Forwarded:
    return Forwarded(user="ops", password=PASSWORD)


@pytest.fixture
def proxy(seen: Forwarded) -> Iterator[int]:
    with loopback_proxy(seen) as port:
        yield port


def test_the_api_is_read_through_the_proxy_http_proxy_names(project: Path, standin: CloudflareStandIn, url: str,
                                                             seen: Forwarded, proxy: int,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", f"http://ops:{PASSWORD}@127.0.0.1:{proxy}")
    code, out, err = adopt(project, url)
    assert code in (0, 1), err
    assert f"{url}/zones?name=example.net" in [target.split("&")[0] for target in seen.targets]
    assert any(target.startswith(f"{url}/zones/") and "/dns_records" in target for target in seen.targets)
    assert set(seen.credentials) == {f"ops:{PASSWORD}"} and PASSWORD not in out + err


def test_no_proxy_goes_direct(project: Path, standin: CloudflareStandIn, url: str, seen: Forwarded, proxy: int,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://ops:{PASSWORD}@127.0.0.1:{proxy}")
    monkeypatch.setenv("NO_PROXY", "example.com,127.0.0.1")
    code, _, err = adopt(project, url)
    assert code in (0, 1), err
    assert seen.targets == [] and seen.credentials == []


@pytest.mark.parametrize(("user", "said"), [
    ("ops:wrong-pass-2b4d", "HTTP 407: no error detail (HTTP 407 is the proxy's own answer"),
    ("ops:wrong-pass-2b4d@127.0.0.1:9",
     "through the proxy http://127.0.0.1:9 (ConnectError); check that it runs where HTTPS_PROXY"),
], ids=["refused", "unreachable"])
def test_a_proxy_that_refuses_or_is_down_is_named_without_its_password(project: Path, standin: CloudflareStandIn,
                                                                       url: str, proxy: int, user: str, said: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    where = user if "@" in user else f"{user}@127.0.0.1:{proxy}"
    monkeypatch.setenv("HTTP_PROXY", f"http://{where}")
    code, out, err = adopt(project, url)
    assert code == 2 and said in err, err
    assert "wrong-pass" not in out + err and "ops:" not in out + err


def test_a_socks_proxy_is_bad_input_naming_the_variable(project: Path, url: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALL_PROXY", f"socks5://ops:{PASSWORD}@127.0.0.1:1080")
    code, out, err = adopt(project, url)
    assert code == 2 and "ALL_PROXY (or its lowercase form) names a socks5:// proxy (socks5://127.0.0.1:1080)" in err
    assert PASSWORD not in out + err


def test_the_deadline_holds_through_the_proxy(url: str, seen: Forwarded, proxy: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen.password, seen.drip = "", True  # each byte within the 1 s read timeout: only the deadline ends it
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy}")
    started = time.monotonic()
    with http_client(1.0, ApiLimiter(), deadline=1.5) as client, pytest.raises(httpx.ReadTimeout):
        client.get(f"{url}/zones", headers={"Authorization": f"Bearer {CANARY}"})
    assert 1.4 < time.monotonic() - started < 4 and seen.targets == [f"{url}/zones"]


def test_a_proxy_variable_without_a_host_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://:3128")
    with pytest.raises(InputError, match="HTTPS_PROXY .or its lowercase form. is not a proxy URL with a host"):
        http_client(1.0, ApiLimiter())
