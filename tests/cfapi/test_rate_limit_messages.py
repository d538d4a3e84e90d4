"""What a rate-limited run says: each wait on stderr as it starts (with its seconds), and a Retry-After
given as an HTTP-date read as a date (RFC 9110 §10.2.3), against the Cloudflare stand-in answering 429.
Time is a fake clock, so no test sleeps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cfapi import limiter as limiter_module
from launchready.cfapi.limiter import ApiLimiter
from launchready.cli import app
from tests.cfapi.test_limiter import FakeTime, fake  # noqa: F401  (the fake clock fixture)
from tests.cloudflare_faults import too_many
from tests.cloudflare_standin import CloudflareStandIn, serve

TOKEN = "canary-token-3c9e51d0a7b2"
runner = CliRunner()


@pytest.fixture
def limiter(fake: FakeTime, monkeypatch: pytest.MonkeyPatch) -> ApiLimiter:  # noqa: F811
    made = ApiLimiter(clock=fake.clock, sleep=fake.sleep)
    monkeypatch.setattr(limiter_module, "SHARED", made)
    return made


@pytest.fixture
def standin() -> CloudflareStandIn:
    made = CloudflareStandIn(TOKEN)
    zone = made.add_zone("023e105f4ecef8ad9ca31a8372d0c353", "example.net")
    made.add_record(zone, name="example.net", type="A", content="192.0.2.50", proxied=True)
    return made


@pytest.fixture
def url(standin: CloudflareStandIn) -> Iterator[str]:
    with serve(standin) as base:
        yield base


def adopt(project: Path, url: str) -> tuple[int, str]:
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--from-cloudflare"],
                           env={"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": url})
    assert TOKEN not in result.stdout + result.stderr
    return result.exit_code, result.stderr


def test_each_wait_for_a_429_is_said_once_with_its_seconds(project: Path, standin: CloudflareStandIn, url: str,
                                                           limiter: ApiLimiter) -> None:
    standin.fault("/zones", too_many(3, "20"))
    code, err = adopt(project, url)
    assert code in (0, 1), err
    said = [line for line in err.splitlines() if "waiting" in line]
    assert said == [f"Cloudflare API: HTTP 429 (rate limited) on GET /client/v4/zones; waiting 20 s as its "
                    f"Retry-After asks, then sending it again (retry {n} of 3)" for n in (1, 2, 3)]
    assert limiter.waited == [20.0, 20.0, 20.0]


def test_a_retry_after_date_is_waited_and_said_in_seconds(project: Path, standin: CloudflareStandIn, url: str,
                                                          limiter: ApiLimiter) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=31), usegmt=True)
    standin.fault("/zones", too_many(1, later))
    code, err = adopt(project, url)
    assert code in (0, 1), err
    assert re.search(r"waiting (30|31) s as its Retry-After asks", err), err


def test_a_retry_after_date_too_far_off_is_given_as_a_date(project: Path, standin: CloudflareStandIn, url: str,
                                                           limiter: ApiLimiter) -> None:
    standin.fault("/zones", too_many(10, "Wed, 21 Oct 2037 07:28:00 GMT"))
    code, err = adopt(project, url)
    assert code == 2 and limiter.waited == []
    assert "HTTP 429" in err and "retry after 2037-10-21 07:28:00 UTC)" in err
    assert "Wed, 21 Oct" not in err and "seconds" not in err


def test_the_1201st_request_within_five_minutes_is_said_before_its_wait(fake: FakeTime) -> None:  # noqa: F811
    notices: list[str] = []
    limiter = ApiLimiter(clock=fake.clock, sleep=fake.sleep, notice=notices.append)
    for _ in range(1200):
        limiter.acquire()
        fake.now += 0.1
    assert notices == []
    limiter.acquire()
    assert notices == ["Cloudflare API: 1,200 requests in 5 minutes, the allowance; waiting 180 s before the next one"]
