"""The Cloudflare API limiter against a loopback stand-in that answers 429: it waits what Retry-After says,
sends again, gives up after a few tries or a wait too long, and never sends the 1,201st request within five
minutes. Time is a fake clock, so no test sleeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer

from launchready.cfapi import limiter as limiter_module
from launchready.cfapi.limiter import ApiLimiter, LimitedTransport
from tests.adopt.test_from_cloudflare import adopt, api  # noqa: F401  (the API stand-in fixture)


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


@pytest.fixture
def limiter(fake: FakeTime, monkeypatch: pytest.MonkeyPatch) -> ApiLimiter:
    made = ApiLimiter(clock=fake.clock, sleep=fake.sleep)
    monkeypatch.setattr(limiter_module, "SHARED", made)
    return made


def too_many(httpserver: HTTPServer, path: str, times: int, retry_after: str) -> None:
    for _ in range(times):
        httpserver.expect_oneshot_request(path).respond_with_json(
            {"success": False, "errors": [{"code": 10000, "message": "Rate limited"}]}, status=429,
            headers={"Retry-After": retry_after})


def client(limiter: ApiLimiter) -> httpx.Client:
    return httpx.Client(transport=LimitedTransport(limiter), timeout=5)


def test_a_429_is_waited_out_for_retry_after_seconds_then_sent_again(httpserver: HTTPServer,
                                                                     limiter: ApiLimiter) -> None:
    too_many(httpserver, "/zones", 2, "7")
    httpserver.expect_request("/zones").respond_with_json({"success": True, "result": []})
    response = client(limiter).get(httpserver.url_for("/zones"))
    assert response.status_code == 200
    assert limiter.waited == [7.0, 7.0]
    assert len(httpserver.log) == 3


def test_an_http_date_retry_after_is_understood(httpserver: HTTPServer, limiter: ApiLimiter) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    too_many(httpserver, "/zones", 1, later)
    httpserver.expect_request("/zones").respond_with_json({"success": True, "result": []})
    assert client(limiter).get(httpserver.url_for("/zones")).status_code == 200
    assert len(limiter.waited) == 1 and 25 <= limiter.waited[0] <= 31


def test_it_gives_up_after_its_retries_and_returns_the_429(httpserver: HTTPServer, limiter: ApiLimiter) -> None:
    too_many(httpserver, "/zones", 10, "2")
    response = client(limiter).get(httpserver.url_for("/zones"))
    assert response.status_code == 429
    assert limiter.waited == [2.0, 2.0, 2.0] and len(httpserver.log) == 4


def test_a_wait_longer_than_allowed_is_not_slept(httpserver: HTTPServer, limiter: ApiLimiter) -> None:
    too_many(httpserver, "/zones", 1, "86400")
    assert client(limiter).get(httpserver.url_for("/zones")).status_code == 429
    assert limiter.waited == [] and len(httpserver.log) == 1


def test_the_1201st_request_within_five_minutes_waits(fake: FakeTime) -> None:
    limiter = ApiLimiter(clock=fake.clock, sleep=fake.sleep)
    for _ in range(1200):
        limiter.acquire()
        fake.now += 0.1  # 1,200 requests in two minutes
    limiter.acquire()
    assert limiter.waited == [pytest.approx(300.0 - 120.0)]


def test_adopt_from_cloudflare_backs_off_and_succeeds(project: Path, api: HTTPServer,  # noqa: F811
                                                      limiter: ApiLimiter) -> None:
    too_many(api, "/client/v4/zones", 2, "5")
    code, out, _ = adopt(project, api)
    assert code in (0, 1) and "example.net" in out
    assert limiter.waited == [5.0, 5.0]


def test_adopt_rate_limited_past_its_retries_is_bad_input_saying_when(project: Path, httpserver: HTTPServer,
                                                                       limiter: ApiLimiter) -> None:
    too_many(httpserver, "/client/v4/zones", 10, "60")
    code, _, err = adopt(project, httpserver)
    assert code == 2
    assert "HTTP 429" in err and "1,200 API requests per 5 minutes" in err and "retry after 60 seconds" in err
