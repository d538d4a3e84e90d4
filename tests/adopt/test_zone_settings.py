"""adopt --from-cloudflare reads the zone settings the stack writes and its DNSSEC status (loopback stand-in),
reports each setting the first `pulumi up` changes, fails on a dangerous one until the spec keeps it or
`adopted.overwrites` declares it; a zone file says that neither was checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from launchready.cfapi import limiter
from launchready.cli import app
from tests.adopt.conftest import SPEC, ZONE_FILE, write_project
from tests.cloudflare_faults import denied
from tests.cloudflare_standin import HSTS_YEAR, CloudflareStandIn, Zone, serve

TOKEN = "canary-token-5e0c81d2aa37"
ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> CloudflareStandIn:
    monkeypatch.setattr(limiter, "SHARED", limiter.ApiLimiter())
    standin = CloudflareStandIn(TOKEN)
    standin.add_zone(ZONE_ID, "example.net")
    return standin


@pytest.fixture
def zone(standin: CloudflareStandIn) -> Zone:
    return standin.zones[ZONE_ID]


@pytest.fixture
def url(standin: CloudflareStandIn) -> Iterator[str]:
    with serve(standin) as base:
        yield base


def adopt(tmp_path: Path, url: str, fmt: str = "text", **spec: Any) -> tuple[int, str]:
    project = write_project(tmp_path / "project", {**SPEC, **spec})
    result = CliRunner().invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                      "--from-cloudflare", "--format", fmt],
                                env={"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": url})
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def overwrites(*entries: str) -> dict[str, Any]:
    return {"overwrites": [*SPEC["adopted"]["overwrites"], *entries]}


def test_a_flexible_zone_fails_adopt_naming_ssl_and_the_fix(tmp_path: Path, zone: Zone, url: str) -> None:
    zone.settings["ssl"] = "flexible"
    code, out = adopt(tmp_path, url)
    assert code == 1
    assert "tls.ssl                      flexible → strict  [tls.ssl-changed, see below]" in out
    assert "tls.ssl-changed: SSL mode changes from \"flexible\" to \"strict\"" in out
    assert "answers 521" in out and "set tls.ssl: flexible in the spec" in out
    assert '- "tls.ssl flexible"' in out


def test_a_declared_ssl_overwrite_passes(tmp_path: Path, zone: Zone, url: str) -> None:
    zone.settings["ssl"] = "flexible"
    code, out = adopt(tmp_path, url, adopted=overwrites("tls.ssl flexible"))
    assert code == 0, out
    assert "Dangerous changes adopted.overwrites declares" in out and "tls.ssl-changed" in out


def test_keeping_the_zones_ssl_in_the_spec_passes(tmp_path: Path, zone: Zone, url: str) -> None:
    zone.settings["ssl"] = "flexible"
    code, out = adopt(tmp_path, url, tls={"ssl": "flexible"})
    assert code == 0, out
    assert "Zone settings: the zone's" in out


def test_a_stronger_hsts_is_named_in_every_format(tmp_path: Path, zone: Zone, url: str) -> None:
    stronger = {**HSTS_YEAR, "max_age": 63072000, "include_subdomains": True, "preload": True}
    zone.settings["security_header"] = {"strict_transport_security": stronger}
    code, out = adopt(tmp_path, url)
    assert code == 1
    for rule in ("tls.hsts-shortened", "tls.hsts-subdomains-dropped", "tls.hsts-preload-dropped"):
        assert f"{rule}:" in out
    assert "tls.hsts.max_age             63072000 → 31536000" in out
    code, document = adopt(tmp_path, url, "json")
    dangers = {d["rule"]: d for d in json.loads(document)["dangerous"]}
    assert code == 1 and dangers["tls.hsts-preload-dropped"]["entry"] == "tls.hsts.preload true"
    code, markdown = adopt(tmp_path, url, "markdown")
    assert code == 1
    assert "| `tls.hsts.include_subdomains` | `true` | `false` | tls.hsts-subdomains-dropped |" in markdown


def test_min_tls_lowered_and_https_off_are_dangerous(tmp_path: Path, zone: Zone, url: str) -> None:
    zone.settings["min_tls_version"] = "1.3"
    code, out = adopt(tmp_path, url, tls={"always_use_https": False})
    assert code == 1
    assert "tls.min-version-lowered: the minimum TLS version drops from 1.3 to 1.2" in out
    assert "tls.https-redirect-off:" in out
    assert 'set tls.min_tls_version: "1.3" in the spec' in out


def test_a_harmless_change_is_reported_and_passes(tmp_path: Path, zone: Zone, url: str) -> None:
    zone.settings["min_tls_version"] = "1.0"
    code, out = adopt(tmp_path, url, "json")
    assert code == 0
    assert json.loads(out)["settings"] == [
        {"setting": "tls.min_tls_version", "current": "1.0", "planned": "1.2", "overwrite": None}]


def test_active_dnssec_with_a_spec_that_does_not_sign_is_left_as_it_is(tmp_path: Path, zone: Zone,
                                                                      url: str) -> None:
    zone.dnssec["status"] = "active"
    code, out = adopt(tmp_path, url, "json")
    document = json.loads(out)
    assert code == 0 and document["dnssec"] == "active"
    assert "the first up leaves it as it is" in document["zone_notes"][0]
    code, out = adopt(tmp_path, url, dnssec=True)
    assert code == 0 and "the first up keeps it on" in out


def test_a_spec_that_signs_a_zone_that_does_not_warns_about_an_old_ds(tmp_path: Path, url: str) -> None:
    code, out = adopt(tmp_path, url, dnssec=True)
    assert code == 0 and "DNSSEC is disabled in the zone; the spec has `dnssec: true`" in out
    assert "DS record from a previous DNS provider" in out


@pytest.mark.parametrize("value", [{"strict_transport_security": {"enabled": "yes"}}, "<b>strict</b>", 3])
def test_a_setting_not_in_the_apis_shape_is_bad_input(tmp_path: Path, zone: Zone, url: str, value: Any) -> None:
    zone.settings["security_header" if isinstance(value, dict) else "ssl"] = value
    code, _ = adopt(tmp_path, url)
    assert code == 2


def test_a_zone_file_says_settings_and_dnssec_were_not_checked(project: Path) -> None:
    result = CliRunner().invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                      "--zone-file", str(ZONE_FILE)])
    assert "zone settings (SSL mode, HSTS, minimum TLS version, Always Use HTTPS) and DNSSEC were not checked" \
        in result.stdout
    assert "launchready adopt --from-cloudflare" in result.stdout


def test_a_weaker_ssl_mode_is_diffs_tls_ssl_weakened(tmp_path: Path, zone: Zone, url: str) -> None:
    code, out = adopt(tmp_path, url, tls={"ssl": "flexible"})
    assert code == 1
    assert 'tls.ssl-weakened: SSL mode drops from "strict" to "flexible"' in out
    assert "set tls.ssl: strict in the spec" in out and '- "tls.ssl strict"' in out


def test_full_to_strict_says_the_origin_certificate_is_checked(tmp_path: Path, zone: Zone, url: str) -> None:
    zone.settings["ssl"] = "full"
    code, out = adopt(tmp_path, url)
    assert code == 1 and "starts checking the origin's certificate" in out and "526" in out


def test_a_token_that_cannot_read_settings_is_told_which_permission(tmp_path: Path, standin: CloudflareStandIn,
                                                                    url: str) -> None:
    standin.fault("/settings/ssl", denied())
    project = write_project(tmp_path / "project", SPEC)
    result = CliRunner().invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                      "--from-cloudflare"],
                                env={"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": url})
    assert result.exit_code == 2
    assert "zones.settings.get ssl" in result.stderr and "Zone Settings Read" in result.stderr
    assert TOKEN not in result.output and "Traceback" not in result.output
