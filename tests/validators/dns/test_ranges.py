"""Cloudflare's ranges: the shipped copy, a user file, and --refresh-cloudflare-ranges against a local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.cloudflare_ips import load_ranges, parse_ranges, pinned_ranges
from launchready.core.errors import InputError
from tests.conftest import ROOT
from validators.dns.ranges import BASE_URL_VARIABLE, refresh_ranges

V4 = "104.16.0.0/13\n172.64.0.0/13\n"
V6 = "2606:4700::/32\n"


def test_the_shipped_copy_is_dated_and_complete():
    ranges = pinned_ranges()
    assert len([n for n in ranges.networks if n.version == 4]) == 15
    assert len([n for n in ranges.networks if n.version == 6]) == 7
    assert ranges.as_of == "2026-11"
    assert ranges.contains("104.18.32.10") and ranges.contains("2606:4700:3030::6812:200a")
    assert not ranges.contains("192.0.2.50") and not ranges.contains("not an address")


def test_a_user_file_replaces_the_copy_and_bad_lines_name_their_number(tmp_path: Path):
    good = tmp_path / "ranges.txt"
    good.write_text("# mine\n198.51.100.0/24\n")
    assert load_ranges(good).contains("198.51.100.7") and not load_ranges(good).contains("104.16.0.1")
    with pytest.raises(InputError, match="line 2"):
        parse_ranges("104.16.0.0/13\n104.16.0.0/33\n", "ranges.txt")
    with pytest.raises(InputError, match="no CIDR"):
        parse_ranges("# empty\n", "ranges.txt")


def test_refresh_downloads_both_lists(httpserver: HTTPServer):
    httpserver.expect_request("/ips-v4").respond_with_data(V4)
    httpserver.expect_request("/ips-v6").respond_with_data(V6)
    urls = (httpserver.url_for("/ips-v4"), httpserver.url_for("/ips-v6"))
    fresh, note = refresh_ranges(pinned_ranges(), timeout=2, urls=urls)
    assert note is None and len(fresh.networks) == 3 and urls[0] in fresh.source
    assert not fresh.contains("162.158.0.1")  # in the shipped copy, not in the downloaded one


@pytest.mark.parametrize(("status", "body"), [(500, "oops"), (200, "<html>not a list</html>")])
def test_refresh_falls_back_to_the_copy_with_a_note(httpserver: HTTPServer, status: int, body: str):
    httpserver.expect_request("/ips-v4").respond_with_data(body, status=status)
    httpserver.expect_request("/ips-v6").respond_with_data(V6)
    fallback = pinned_ranges()
    ranges, note = refresh_ranges(fallback, timeout=2, urls=(httpserver.url_for("/ips-v4"),
                                                             httpserver.url_for("/ips-v6")))
    assert ranges is fallback
    assert note is not None and "could not refresh" in note and "shipped with launchready" in note


def test_validate_refresh_flag_uses_the_overridden_url(httpserver: HTTPServer, start_server, monkeypatch):
    # A tiny downloaded list that leaves out the sandbox's Cloudflare addresses: the proxied checks must
    # use it, so they fail, and the report notes where the ranges came from.
    httpserver.expect_request("/ips-v4").respond_with_data("198.51.100.0/24\n")
    httpserver.expect_request("/ips-v6").respond_with_data("2001:db8::/32\n")
    monkeypatch.setenv(BASE_URL_VARIABLE, httpserver.url_for("/"))
    server = start_server()
    argv = ["validate", "--project-dir", str(ROOT), "--stack", "staging", "--only", "dns", "--timeout", "0.5",
            "--resolver", server.endpoint, "--authoritative", server.endpoint, "--refresh-cloudflare-ranges",
            "--format", "json"]
    result = CliRunner().invoke(app, argv)
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert any(note.startswith("refreshed 2 Cloudflare ranges from http://") for note in document["notes"])
    assert "dns.proxied" in {f["check"] for f in document["findings"] if f["severity"] == "error"}
