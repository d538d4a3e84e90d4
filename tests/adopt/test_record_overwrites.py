"""An adopted MX, CAA, NS or address whose content the first `pulumi up` changes is a dangerous change
(exit 1 unless `adopted.overwrites` declares it), and so is an MX the plan does not declare beside the
planned MX (mail split between old and new hosts); a TTL-only or priority-only change stays harmless (a
proxy flip is not: tests/adopt/test_proxy_flips.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from tests.adopt.conftest import SPEC, write_project
from tests.adopt.test_overwrites import adopt_json, adopt_zone

runner = CliRunner()
NEW_MX = {"name": "@", "type": "MX", "content": "mx.new.example.org", "priority": 10}
MX_SPEC: dict[str, Any] = {**SPEC, "records": [NEW_MX]}
ONE_CA = {"issuers": ["letsencrypt.org"], "override_cloudflare": True}
DELEGATION = {"name": "dev", "type": "NS", "content": "ns1.dev-dns.example.org"}


@pytest.mark.parametrize(("spec", "line", "rule", "entry", "breaks"), [
    (MX_SPEC, "@ IN MX 10 mx1.old.example.org.\n", "record.mx", "@ MX 10 mx1.old.example.org",
     "mail for example.net is delivered to the new host"),
    ({**SPEC, "caa": ONE_CA}, '@ IN CAA 0 issue "digicert.com"\n', "record.caa", '@ CAA 0 issue "digicert.com"',
     "certificate renewals"),
    ({**SPEC, "records": [DELEGATION]}, "dev IN NS ns1.old-dns.example.org.\n", "record.ns",
     "dev NS ns1.old-dns.example.org", "everything below dev.example.net answers from them"),
    (SPEC, "@ IN A 203.0.113.7\n", "record.apex", "@ A 203.0.113.7", "traffic for example.net goes to"),
    (SPEC, "app IN CNAME legacy.example.org.\n", "record.host", "app CNAME legacy.example.org",
     "traffic for app.example.net goes to"),
])
def test_an_adopted_record_whose_content_the_first_up_changes_fails_adopt(
        tmp_path: Path, spec: dict[str, Any], line: str, rule: str, entry: str, breaks: str) -> None:
    code, doc = adopt_json(tmp_path, spec, line)
    [adopted] = doc["adopt"]
    assert "content" in adopted["updates"] and adopted["overwrite"]["rule"] == rule
    assert [(d["rule"], d["entry"], d["declared"]) for d in doc["dangerous"]] == [(rule, entry, False)]
    assert breaks in doc["dangerous"][0]["message"]
    assert code == 1, "the first up would move mail, certificate issuance or traffic"


def test_the_text_report_says_what_the_zone_has_what_it_becomes_and_how_to_declare(tmp_path: Path) -> None:
    code, out = adopt_zone(tmp_path, MX_SPEC, "@ IN MX 10 mx1.old.example.org.\n")
    assert code == 1
    section = out[out.index("DANGEROUS CHANGES THE FIRST `pulumi up` WOULD MAKE (1)"):]
    assert "record.mx: changes @ MX 10 mx1.old.example.org to @ MX 10 mx.new.example.org: mail for " in section
    assert "bounces or is lost" in section
    assert 'adopted:\n        overwrites:\n          - "@ MX 10 mx1.old.example.org"' in section


def test_a_declared_mx_change_passes(tmp_path: Path) -> None:
    spec = {**MX_SPEC, "adopted": {"overwrites": ["@ MX 10 mx1.old.example.org"]}}
    code, doc = adopt_json(tmp_path, spec, "@ IN MX 10 mx1.old.example.org.\n")
    assert [(d["rule"], d["declared"]) for d in doc["dangerous"]] == [("record.mx", True)] and code == 0


@pytest.mark.parametrize("line", [
    "@ 300 IN A 192.0.2.50 ; cf_tags=cf-proxied:true\n",  # TTL differs, the address and proxy are the planned ones
    "@ 300 IN MX 20 mx.new.example.org.\n",  # TTL and priority of the one MX: mail still goes there
])
def test_ttl_and_priority_changes_stay_harmless(tmp_path: Path, line: str) -> None:
    code, doc = adopt_json(tmp_path, MX_SPEC, line)
    [adopted] = doc["adopt"]
    assert adopted["updates"] and "content" not in adopted["updates"]
    assert doc["dangerous"] == [] and code == 0


SPLIT_ZONE = "@ IN MX 10 mx.new.example.org.\n@ IN MX 20 mx2.old.example.org.\n@ IN MX 30 mx3.old.example.org.\n"


def test_an_mx_beside_the_planned_one_fails_adopt_naming_each_and_the_ways_out(tmp_path: Path) -> None:
    code, out = adopt_zone(tmp_path, MX_SPEC, SPLIT_ZONE)
    assert code == 1, "mail would be split between the old and new hosts"
    section = out[out.index("DANGEROUS CHANGES THE FIRST `pulumi up` WOULD MAKE (2)"):]
    for old in ("@ MX 20 mx2.old.example.org", "@ MX 30 mx3.old.example.org"):
        assert f"record.mx-split: keeps {old} answering beside the planned @ MX 10 mx.new.example.org" in section
        assert f'          - "{old}"' in section
    assert "delete it in the dashboard before the first up" in section
    assert '- {name: "@", type: "MX", content: "mx2.old.example.org", priority: 20, ttl: 300}' in section


def test_a_split_mx_declared_or_listed_under_records_passes(tmp_path: Path) -> None:
    accepted = {**MX_SPEC, "adopted": {"overwrites": ["@ MX 20 mx2.old.example.org", "@ MX 30 mx3.old.example.org"]}}
    code, doc = adopt_json(tmp_path, accepted, SPLIT_ZONE)
    assert {d["rule"] for d in doc["dangerous"]} == {"record.mx-split"} and code == 0
    assert all(d["declared"] for d in doc["dangerous"])
    kept = {**MX_SPEC, "records": [NEW_MX, {"name": "@", "type": "MX", "content": "mx2.old.example.org",
                                             "priority": 20}, {"name": "@", "type": "MX",
                                                               "content": "mx3.old.example.org", "priority": 30}]}
    code, doc = adopt_json(tmp_path / "kept", kept, SPLIT_ZONE)
    assert doc["superseded"] == [] and doc["dangerous"] == [] and code == 0


def test_an_mx_change_read_from_the_cloudflare_api_fails_adopt(tmp_path: Path) -> None:
    from tests.cloudflare_standin import CloudflareStandIn, serve

    standin = CloudflareStandIn("canary-token-7d1e2f3a4b")
    zone = standin.add_zone("023e105f4ecef8ad9ca31a8372d0c353", "example.net")
    standin.add_record(zone, name="example.net", type="MX", content="mx1.old.example.org", priority=10, ttl=300)
    standin.add_record(zone, name="example.net", type="MX", content="mx2.old.example.org", priority=20, ttl=300)
    spec = {**MX_SPEC, "records": [NEW_MX, {**NEW_MX, "content": "mx2.new.example.org", "priority": 20}]}
    project = write_project(tmp_path / "project", spec)
    with serve(standin) as url:
        result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                     "--from-cloudflare"], env={"CLOUDFLARE_API_TOKEN": "canary-token-7d1e2f3a4b",
                                                                "CLOUDFLARE_BASE_URL": url})
    assert result.exit_code == 1
    assert "record.mx-split: keeps @ MX 10 mx1.old.example.org answering beside the planned" in result.stdout
    assert "record.mx-split: keeps @ MX 20 mx2.old.example.org answering beside the planned" in result.stdout


@pytest.mark.parametrize(("spec", "zone", "rule", "old"), [
    (SPEC, "@ IN A 192.0.2.50\n@ IN A 203.0.113.7\n", "record.address-split", "@ A 203.0.113.7"),
    ({**SPEC, "records": [DELEGATION, {**DELEGATION, "content": "ns2.dev-dns.example.org"}]},
     "dev IN NS ns1.old-dns.example.org.\ndev IN NS ns2.old-dns.example.org.\n", "record.ns-split",
     "dev NS ns1.old-dns.example.org"),
])
def test_an_old_address_or_nameserver_beside_the_planned_set_fails_adopt(
        tmp_path: Path, spec: dict[str, Any], zone: str, rule: str, old: str) -> None:
    """Two origins (or two delegations) would answer side by side after the first up."""
    code, doc = adopt_json(tmp_path, spec, zone)
    assert (rule, old, False) in [(d["rule"], d["entry"], d["declared"]) for d in doc["dangerous"]]
    assert code == 1
