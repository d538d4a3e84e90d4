"""TXT content as the Cloudflare API gives it, read as RFC 1035 character-strings (dnspython's TXT parser);
content that cannot be read so is kept exactly as written and flagged, never emptied or cut."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.adopt.cloudflare_records import txt_text
from launchready.cfapi import limiter
from launchready.cli import app
from tests.cloudflare_standin import CloudflareStandIn, serve

TOKEN = "canary-token-7b1d30e9c2a4"
UNCLOSED = '"v=spf1 include:_spf.example.org -all'


@pytest.mark.parametrize(("content", "text"), [
    ('"google-site-verification=abc123"', "google-site-verification=abc123"),
    ('"a" b "c"', "abc"),  # a bare word is a character-string too (RFC 1035 §5.1)
    ('"say \\"hi\\""', 'say "hi"'),
    ('"' + "k" * 255 + '" "' + "m" * 100 + '"', "k" * 255 + "m" * 100),
    ('"caf\\195\\169"', "café"),  # \DDD escapes are octets
    ("plain text no quotes", "plain text no quotes"),  # Cloudflare's unquoted form: one string as written
    ('""', ""),
])
def test_txt_content_is_read_as_character_strings(content: str, text: str) -> None:
    assert txt_text(content) == (text, None)


@pytest.mark.parametrize(("content", "why"), [
    (UNCLOSED, "a quoted string is never closed"),
    ('"a" ; b', "it holds ;, ( or ) outside its quoted strings"),
    ('"a" (b)', "it holds ;, ( or ) outside its quoted strings"),
    ('"' + "x" * 300 + '"', "a string longer than 255 bytes"),
])
def test_txt_content_that_cannot_be_read_is_kept_as_written_and_flagged(content: str, why: str) -> None:
    assert txt_text(content) == (content, why)


@pytest.fixture
def url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(limiter, "SHARED", limiter.ApiLimiter())
    standin = CloudflareStandIn(TOKEN)
    zone = standin.add_zone("023e105f4ecef8ad9ca31a8372d0c353", "example.net")
    for name, content in (("u", UNCLOSED), ("x", '"a" b "c"'), ("q", '"say \\"hi\\""')):
        standin.add_record(zone, name=f"{name}.example.net", type="TXT", content=content, ttl=3600)
    with serve(standin) as base:
        yield base


def test_adopt_reports_txt_text_and_flags_what_it_kept_as_written(project: Path, url: str) -> None:
    result = CliRunner().invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                      "--from-cloudflare", "--format", "json"],
                                env={"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": url})
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert {r["name"]: r["content"] for r in document["undeclared"]} == {
        "q.example.net": 'say "hi"', "u.example.net": UNCLOSED, "x.example.net": "abc"}
    assert document["notes"] == [
        "record u.example.net TXT: Cloudflare's TXT content is not RFC 1035 text (a quoted string is never "
        "closed), so it is kept exactly as written; check the record in the dashboard"]
