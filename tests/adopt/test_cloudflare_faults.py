"""`adopt --from-cloudflare` against a Cloudflare stand-in that misbehaves (tests/cloudflare_faults.py):
every failure is exit 2 with a short message that names the call and never the token, and nothing
runs forever."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cfapi import limiter
from launchready.cli import app
from tests.cloudflare_standin import CloudflareStandIn, Zone, serve

CANARY = "canary-Tq7-unique-9f1e4c2ab38d"
"""The token in the environment: it reaches the stand-in and must never appear in any output."""
ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
RECORDS = f"/zones/{ZONE_ID}/dns_records"
runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_limiter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A limiter of this test's own: the hundreds of requests here never make another test wait."""
    monkeypatch.setattr(limiter, "SHARED", limiter.ApiLimiter())


@pytest.fixture
def standin() -> CloudflareStandIn:
    made = CloudflareStandIn(CANARY)
    zone = made.add_zone(ZONE_ID, "example.net")
    made.add_record(zone, name="example.net", type="A", content="192.0.2.50", proxied=True)
    made.add_record(zone, name="legacy.example.net", type="A", content="192.0.2.77")
    made.add_entrypoint(zone, "http_request_dynamic_redirect", [])
    return made


@pytest.fixture
def url(standin: CloudflareStandIn) -> Iterator[str]:
    with serve(standin) as base:
        yield base


def zone_of(standin: CloudflareStandIn) -> Zone:
    return standin.zones[ZONE_ID]


def adopt(project: Path, url: str, *args: str, token: str = CANARY) -> tuple[int, str, str]:
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--from-cloudflare",
                                 *args], env={"CLOUDFLARE_API_TOKEN": token, "CLOUDFLARE_BASE_URL": url})
    assert CANARY not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def paths(standin: CloudflareStandIn, end: str) -> list[str]:
    return [path for _, path in standin.requests if path.endswith(end)]


@pytest.mark.parametrize("token", ["\u201ccanary-Tq7-unique-9f1e4c2ab38d\u201d", "canary-Tq7-unique\n-9f1e4c2ab38d"])
def test_a_token_that_cannot_be_a_bearer_token_is_refused_before_any_request(
        project: Path, standin: CloudflareStandIn, url: str, token: str) -> None:
    code, out, err = adopt(project, url, token=token)
    assert code == 2 and out == ""
    assert "error: CLOUDFLARE_API_TOKEN holds " in err and "copy the token again" in err
    assert ("U+201C (left double quotation mark) at character 1 of 32" in err if "\u201c" in token
            else "a line break at character 18 of 31" in err)
    assert "9f1e4c2ab38d" not in err and standin.requests == []
