"""`adopt --from-cloudflare` against a Cloudflare stand-in that misbehaves (tests/cloudflare_faults.py):
every failure is exit 2 with a short message that names the call and never the token, and nothing
runs forever."""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cfapi import limiter
from launchready.cli import app
from launchready.core.errors import InputError
from tests.adopt.conftest import SPEC, write_project
from tests.cloudflare_faults import (
    denied,
    drip,
    echo_token,
    encoded,
    endless_pages,
    errors,
    first_page_only,
    gzip_bomb,
    html_page,
    raw,
    same_cursor,
)
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


@pytest.mark.parametrize(("kind", "said"), [("403", "HTTP 403: 9109: Invalid access token Bearer "),
                                            ("400", "HTTP 400: 6003: Invalid request headers: Bearer "),
                                            ("401", 'HTTP 401: "token Bearer ')])
def test_a_token_the_server_echoes_is_never_printed(project: Path, standin: CloudflareStandIn, url: str,
                                                    kind: str, said: str) -> None:
    standin.fault("/zones", echo_token(kind))
    code, out, err = adopt(project, url)
    assert code == 2 and out == ""
    assert said in err and "zones.list (GET /client/v4/zones)" in err


def test_a_token_the_server_echoes_stays_out_of_every_stack_s_report(tmp_path: Path, standin: CloudflareStandIn,
                                                                    url: str) -> None:
    project = write_project(tmp_path / "portfolio", SPEC)
    prod = (project / "Pulumi.staging.yaml").read_text().replace("example.net", "example.com")
    (project / "Pulumi.prod.yaml").write_text(prod)
    standin.fault("/zones", echo_token("403"))
    for fmt in ("text", "json", "markdown"):
        folder = tmp_path / f"imports-{fmt}"
        result = runner.invoke(app, ["adopt", "--all-stacks", "--project-dir", str(project), "--from-cloudflare",
                                     "--format", fmt, "--output", str(folder)],
                               env={"CLOUDFLARE_API_TOKEN": CANARY, "CLOUDFLARE_BASE_URL": url})
        assert result.exit_code == 2 and "9109: Invalid access token" in result.stdout
        assert CANARY not in result.stdout + result.stderr
        assert all(CANARY not in path.read_text() for path in folder.rglob("*") if path.is_file())


def test_an_html_error_page_of_megabytes_is_named_not_shown(project: Path, standin: CloudflareStandIn,
                                                            url: str) -> None:
    standin.fault("/zones", html_page(503, size=2_000_000))
    code, _, err = adopt(project, url)
    assert code == 2 and len(err) < 600, err[:600]
    assert "HTTP 503: an HTML page, not the API's JSON: is --api-base-url right?" in err and "<html" not in err


def test_cloudflare_s_error_messages_are_short_and_escaped(project: Path, standin: CloudflareStandIn,
                                                           url: str) -> None:
    entries = [{"code": 1000 + n, "message": "\x1b[2J\u202e" + "m" * 500_000} for n in range(20)]
    standin.fault("/zones", errors(500, entries))
    code, _, err = adopt(project, url)
    assert code == 2 and len(err) < 1200, err[:1200]
    assert "HTTP 500: 1000: \\x1b[2J\\u202emmm" in err and "; and 17 more" in err
    assert "\x1b" not in err and "\u202e" not in err


@pytest.mark.parametrize(("path", "fault", "said"), [
    ("/zones", html_page(200), "answered zones.list (GET /client/v4/zones) with an HTML page, not the API's JSON: "
                               "is --api-base-url right?"),
    (RECORDS, raw('{"success": true, "result": ['), f"answered dns.records.list (GET /client/v4{RECORDS}) with an "
                                                    "answer of 29 characters: not JSON (line 1, column 30: Expecting "
                                                    "value); cut off on the way, or not the API's"),
    ("/zones", raw('{"success": true, "result": [{"id": NaN}]}'), "with an answer of 42 characters: not JSON (line 1, "
                                                                  "column 37: NaN is not a JSON value"),
    ("/zones", raw("[" * 5000 + "]" * 5000), "with an answer of 10,000 characters: line 1: nested more than 128 levels "
                                             "deep; no launchready or Pulumi document is, so this is not one; cut off "
                                             "on the way, or not the API's; try again, and check --api-base-url"),
    ("/zones", raw('{"success": true, "result": "zzz"}'), "answered zones.list (GET /client/v4/zones) with a result "
                                                          "that is a string, not a list: not the API's shape"),
    ("/zones", gzip_bomb(), "answered zones.list (GET /client/v4/zones) with more than 33,554,432 bytes (counted "
                            "decoded), more than any API answer: is --api-base-url right?"),
    ("/zones", encoded(b"\x1b\x00", "br"), "answered zones.list (GET /client/v4/zones) with an answer encoded as br, "
                                            "which it was not asked for (Accept-Encoding: gzip, deflate)"),
], ids=["html", "cut-off", "nan", "deep", "shape", "gzip-bomb", "brotli"])
def test_an_answer_that_is_not_the_api_s_is_bad_input(project: Path, standin: CloudflareStandIn, url: str, path: str,
                                                      fault: object, said: str) -> None:
    standin.fault(path, fault)  # type: ignore[arg-type]
    code, out, err = adopt(project, url)
    assert code == 2 and out == ""
    assert said in err


@pytest.mark.parametrize(("fields", "said"), [
    ({"ttl": "auto"}, "record odd.example.net A: `ttl` is 'auto', not a number of seconds (1 is automatic)"),
    ({"id": None}, "record odd.example.net A: `id` is missing, not text"),
])
def test_a_record_not_in_the_api_s_shape_is_named(project: Path, standin: CloudflareStandIn, url: str,
                                                  fields: dict[str, object], said: str) -> None:
    record = standin.add_record(zone_of(standin), name="odd.example.net", type="A", content="192.0.2.9")
    record.update({key: value for key, value in fields.items() if value is not None})
    for key in [key for key, value in fields.items() if value is None]:
        del record[key]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, out, err = adopt(project, url)
    assert code == 2 and out == ""
    assert f"answered dns.records.list with a record not in the API's shape: {said}" in err
    assert not [w for w in caught if "serializ" in str(w.message).lower()], "no pydantic serializer warnings"


@pytest.mark.parametrize("token", ["\u201ccanary-Tq7-unique-9f1e4c2ab38d\u201d", "canary-Tq7-unique\n-9f1e4c2ab38d"])
def test_a_token_that_cannot_be_a_bearer_token_is_refused_before_any_request(
        project: Path, standin: CloudflareStandIn, url: str, token: str) -> None:
    code, out, err = adopt(project, url, token=token)
    assert code == 2 and out == ""
    assert "error: CLOUDFLARE_API_TOKEN holds " in err and "copy the token again" in err
    assert ("U+201C (left double quotation mark) at character 1 of 32" in err if "\u201c" in token
            else "a line break at character 18 of 31" in err)
    assert "9f1e4c2ab38d" not in err and standin.requests == []


def test_a_list_that_ignores_page_stops_at_the_repeat(project: Path, standin: CloudflareStandIn, url: str) -> None:
    standin.fault(RECORDS, first_page_only(list(zone_of(standin).records.values())))
    code, _, err = adopt(project, url)
    assert code == 2 and "page 2 the same as page 1: the server ignores `page`" in err
    assert len(paths(standin, RECORDS)) == 2


def test_a_cursor_that_never_changes_stops_at_the_repeat(project: Path, standin: CloudflareStandIn, url: str) -> None:
    standin.fault(f"/zones/{ZONE_ID}/rulesets", same_cursor())
    code, _, err = adopt(project, url)
    assert code == 2 and "answered rulesets.list" in err and "a cursor it gave before" in err
    assert len(paths(standin, "/rulesets")) == 2


def test_a_list_that_never_ends_stops_at_the_page_cap(project: Path, standin: CloudflareStandIn, url: str) -> None:
    from launchready.cfapi.reads import MAX_PAGES

    standin.fault(RECORDS, endless_pages())
    code, _, err = adopt(project, url)
    assert code == 2 and f"did not finish dns.records.list after {MAX_PAGES} pages of 500" in err
    assert len(paths(standin, RECORDS)) == MAX_PAGES == 200


def test_a_dripped_answer_ends_at_the_request_deadline(standin: CloudflareStandIn, url: str) -> None:
    from launchready.adopt.cloudflare_api import fetch_zone

    standin.fault("/zones", drip(0.2))
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        fetch_zone("example.net", CANARY, url, timeout=1.0, deadline=1.5)
    assert time.monotonic() - started < 4, "a byte every 0.2 s never trips the 1 s read timeout: the deadline does"
    said = str(caught.value)
    assert "did not answer zones.list (GET /client/v4/zones) in time (a request may take 1.5 s in all" in said


def test_only_the_phases_launchready_fills_are_read(project: Path, standin: CloudflareStandIn, url: str) -> None:
    standin.add_entrypoint(zone_of(standin), "http_request_transform", [{"expression": "true", "action": "rewrite"}])
    standin.fault("/phases/http_request_transform/entrypoint", denied())
    code, out, err = adopt(project, url, "--format", "json")
    assert code in (0, 1), err
    assert paths(standin, "/http_request_transform/entrypoint") == [], "a phase launchready never fills is not read"
    assert [r["phase"] for r in json.loads(out)["other_rulesets"]] == ["http_request_transform"]


def test_an_error_on_a_phase_names_the_call_and_the_permission(project: Path, standin: CloudflareStandIn,
                                                               url: str) -> None:
    standin.add_entrypoint(zone_of(standin), "http_ratelimit", [])
    standin.fault("/phases/http_ratelimit/entrypoint", denied())
    code, _, err = adopt(project, url)
    assert code == 2
    assert (f"Cloudflare API error on rulesets.phases.get http_ratelimit (GET /client/v4/zones/{ZONE_ID}/rulesets/"
            "phases/http_ratelimit/entrypoint): HTTP 403: 10000: Authentication error (check that CLOUDFLARE_API_TOKEN "
            "is valid and has Zone WAF Read on the zone)") in err


@pytest.mark.parametrize("base", ["http://[::1", "ftp://api.example.net/client/v4", "api.cloudflare.com"])
def test_a_base_url_that_is_not_http_is_bad_input(project: Path, base: str) -> None:
    code, _, err = adopt(project, base)
    assert code == 2 and "--api-base-url (or CLOUDFLARE_BASE_URL) is not an http:// or https:// URL with a host" in err
