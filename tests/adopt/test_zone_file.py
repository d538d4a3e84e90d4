"""`launchready adopt --zone-file`: collisions, undeclared records and Cloudflare-managed ones, from
a zone file as Cloudflare exports it (no record ids, so no import file)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from launchready.adopt.zonefile import parse_zone_text
from launchready.cli import app
from launchready.core.errors import InputError
from tests.adopt.conftest import SPEC, ZONE_FILE, write_project

runner = CliRunner()


def adopt(project: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_export_is_read_with_proxy_tags_and_absolute_names() -> None:
    existing = parse_zone_text(ZONE_FILE.read_text(), "example.net")
    by_name = {(r.name, r.type): r for r in existing.records}
    assert by_name[("www.example.net", "A")].proxied is True
    assert by_name[("admin.example.net", "A")].proxied is False
    assert by_name[("blog.example.net", "CNAME")].content == "hosted-blog.example.org"
    assert by_name[("example.net", "MX")].priority == 10
    assert by_name[("example.net", "CAA")].content == '0 issue "letsencrypt.org"'
    assert all(r.id is None for r in existing.records)


def test_zone_file_report_lists_collisions_undeclared_and_ignored(project: Path) -> None:
    code, out, _ = adopt(project, "--zone-file", str(ZONE_FILE), "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["source"] == "zone file" and doc["zone_id"] is None
    assert [(a["resource"], a["updates"]) for a in doc["adopt"]] == [
        ("domain-admin-a-198-51-100-8", ["content", "ttl", "proxied"]),
        ("domain-app-cname", ["content"]),
        ("domain-apex-a-192-0-2-50", []),
        ("domain-apex-caa-issue-letsencrypt-org", []),
        ("domain-apex-txt-3b8bcf6e", ["ttl"]),
        ("domain-www-a-192-0-2-50", ["content"]),
    ]
    assert [(r["name"], r["type"]) for r in doc["undeclared"]] == [
        ("blog.example.net", "CNAME"), ("example.net", "MX"), ("example.net", "TXT")]
    assert sorted((r["name"], r["type"]) for r in doc["ignored"]) == [
        ("example.net", "NS"), ("example.net", "NS"), ("example.net", "SOA")]
    assert doc["conflicts"] == [] and doc["rulesets"] == []


def test_text_report_says_how_to_get_the_ids(project: Path) -> None:
    code, out, _ = adopt(project, "--zone-file", str(ZONE_FILE))
    assert code == 0
    assert re.search(r"^  domain-www-a-192-0-2-50 +www A 203\.0\.113\.9  "
                     r"\[first up changes content; record\.host, see below\]$", out, re.M)
    assert "no import file was written: run `launchready adopt --from-cloudflare --output import.json`" in out
    assert "Ignored: 3 Cloudflare-managed records (SOA, apex NS)." in out


def test_an_import_file_is_never_written_from_a_zone_file(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "import.json"
    code, _, err = adopt(project, "--zone-file", str(ZONE_FILE), "--output", str(target))
    assert code == 2 and "needs --from-cloudflare" in err
    assert not target.exists()


def test_the_spec_snippet_declares_the_undeclared_records(project: Path, tmp_path: Path) -> None:
    _, out, _ = adopt(project, "--zone-file", str(ZONE_FILE), "--format", "json")
    snippet = json.loads(out)["spec_snippet"]
    assert snippet.startswith("    records:\n      - {name: \"blog\", type: \"CNAME\"")
    pasted = copy.deepcopy(SPEC)
    pasted["records"] += yaml.safe_load(snippet)["records"]
    again = write_project(tmp_path / "pasted", pasted)
    code, out, _ = adopt(again, "--zone-file", str(ZONE_FILE), "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["undeclared"] == [], "once pasted, every existing record is managed"
    assert len(doc["adopt"]) == 9


def test_an_address_where_the_plan_has_a_cname_is_a_conflict(project: Path, tmp_path: Path) -> None:
    zone = tmp_path / "conflict.zone"
    zone.write_text("$ORIGIN example.net.\n$TTL 300\n@ IN SOA ada.ns.cloudflare.com. dns.cloudflare.com. 1 2 3 4 5\n"
                    "app IN A 203.0.113.30\n")
    code, out, _ = adopt(project, "--zone-file", str(zone))
    assert code == 1, "a conflict blocks the first pulumi up, so adopt fails"
    assert "app A 203.0.113.30: the plan puts a CNAME at app.example.net" in out and "81053" in out


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("$ORIGIN example.net.\n@ 300 IN SOA a. b. 1 2 3 4 5\nwww 300 IN AAA 192.0.2.1\n", 3, "unknown rdatatype 'AAA'"),
    ("$ORIGIN example.net.\n@ 300 IN SOA a. b. 1 2 3 4 5\n\nwww 300 IN A 192.0.2.999\n", 4, "malformed"),
    ("$ORIGIN example.net.\n@ 300 IN MX mail.example.net.\n", 2, ""),
])
def test_a_malformed_zone_file_names_the_line(project: Path, tmp_path: Path, text: str, line: int,
                                             reason: str) -> None:
    zone = tmp_path / "bad.zone"
    zone.write_text(text)
    code, out, err = adopt(project, "--zone-file", str(zone))
    assert code == 2 and out == ""
    assert f"{zone}: line {line}: " in err and reason in err
    assert "Traceback" not in err
    with pytest.raises(InputError):
        parse_zone_text(text, "example.net")


def test_a_missing_zone_file_is_bad_input(project: Path, tmp_path: Path) -> None:
    code, _, err = adopt(project, "--zone-file", str(tmp_path / "none.zone"))
    assert code == 2 and "no such zone file" in err


def test_exactly_one_source(project: Path) -> None:
    assert adopt(project)[0] == 2
    assert adopt(project, "--zone-file", str(ZONE_FILE), "--from-cloudflare")[0] == 2


def test_records_the_plan_replaces_are_superseded_not_offered_as_snippets(tmp_path: Path) -> None:
    """The old MX is superseded; the old SPF is not (it would answer beside the planned one, RFC 7208 §3.2):
    it is adopted into the planned SPF record, whose first up changes it in place, a dangerous change."""
    with_mail = copy.deepcopy(SPEC)
    with_mail["records"] += [{"name": "@", "type": "MX", "content": "aspmx.l.google.com", "priority": 1},
                             {"name": "@", "type": "MX", "content": "alt1.aspmx.l.google.com", "priority": 5},
                             {"name": "@", "type": "TXT", "content": "v=spf1 include:_spf.google.com ~all"}]
    project = write_project(tmp_path / "mail", with_mail)
    code, out, _ = adopt(project, "--zone-file", str(ZONE_FILE), "--format", "json")
    doc = json.loads(out)
    assert [(c["existing"]["type"], c["existing"]["content"]) for c in doc["superseded"]] == [
        ("MX", "mx1.mail.example.org")]
    [spf] = [a for a in doc["adopt"] if a["existing"]["content"].startswith("v=spf1")]
    assert spf["existing"]["content"] == "v=spf1 include:_spf.mail.example.org -all"
    assert spf["overwrite"]["rule"] == "record.spf" and code == 1
    assert [(r["name"], r["type"]) for r in doc["undeclared"]] == [("blog.example.net", "CNAME")]
    assert "spf1" not in str(yaml.safe_load(doc["spec_snippet"])["records"]), "never offered as a second SPF"


def test_a_lone_mx_where_the_plan_has_one_is_adopted_and_updated(tmp_path: Path) -> None:
    with_mail = copy.deepcopy(SPEC)
    with_mail["records"].append({"name": "@", "type": "MX", "content": "aspmx.l.google.com", "priority": 1})
    project = write_project(tmp_path / "mail", with_mail)
    doc = json.loads(adopt(project, "--zone-file", str(ZONE_FILE), "--format", "json")[1])
    [mx] = [a for a in doc["adopt"] if a["existing"]["type"] == "MX"]
    assert mx["resource"] == "domain-apex-mx-1-aspmx-l-google-com"
    assert mx["updates"] == ["content", "priority", "ttl"]


FLATTENED = ZONE_FILE.with_name("flattened-export.zone")
"""An export as Cloudflare writes it (SOA owner without its final dot), with what real zones hold: a
flattened CNAME beside MX and TXT at the apex, a wildcard, tags beside comments, an AAAA written out
in full, an SRV, a DKIM key in two strings and a TXT with quotes and semicolons."""


def test_a_real_export_with_a_flattened_apex_cname_is_read_record_by_record() -> None:
    existing = parse_zone_text(FLATTENED.read_text(), "example.net")
    found = {(r.name, r.type, r.content): (r.ttl, r.proxied, r.priority) for r in existing.records}
    assert found[("example.net", "CNAME", "landing.pages.example.org")] == (1, True, None)
    assert found[("example.net", "MX", "alt1.aspmx.l.google.com")] == (1, False, 5)
    assert found[("*.example.net", "A", "192.0.2.50")] == (1, True, None)
    assert found[("admin.example.net", "A", "203.0.113.20")] == (300, False, None)
    assert found[("www.example.net", "AAAA", "2001:db8::50")] == (1, True, None)
    assert found[("shop.example.net", "CNAME", "shops.example.org")] == (300, False, None)
    assert found[("_sip._tcp.example.net", "SRV", "60 5060 sip.example.org")] == (1, False, 10)
    assert found[("note.example.net", "TXT", 'say "hi"; then ; cf_tags=cf-proxied:true')] == (300, False, None)
    [dkim] = [r for r in existing.records if r.name == "google._domainkey.example.net"]
    assert dkim.content.startswith("v=DKIM1; k=rsa; p=MIIB") and "ImfFfOo5" in dkim.content, "strings joined"
    assert len(dkim.content) == 410
    assert ("example.net", "SOA") in {(r.name, r.type) for r in existing.records}


def test_relative_names_origin_and_ttl_directives_keep_their_proxy_tags() -> None:
    text = ("$ORIGIN example.net.\n$TTL 300\n@ IN SOA ada.ns.cloudflare.com. dns.cloudflare.com. 1 2 3 4 5\n"
            "@ 1 IN A 192.0.2.50 ; cf_tags=cf-proxied:true\nwww IN CNAME example.net. ; cf_tags=cf-proxied:true\n"
            "api 1 IN A 198.51.100.7 ; proxied in the comment only, cf-proxied:true, no tags\n")
    records = {(r.name, r.type): r for r in parse_zone_text(text, "example.net").records}
    assert (records[("example.net", "A")].proxied, records[("example.net", "A")].ttl) == (True, 1)
    assert (records[("www.example.net", "CNAME")].proxied, records[("www.example.net", "CNAME")].ttl) == (True, 300)
    assert records[("api.example.net", "A")].proxied is False


FLATTENED_SPEC: dict[str, object] = {"zone": "example.net",
                                     "hosts": {"apex": {"ipv4": ["192.0.2.60"]}, "www": {"ipv6": ["2001:db8::50"]}}}


def test_pasting_the_snippet_adopts_every_record_unchanged(tmp_path: Path) -> None:
    first = write_project(tmp_path / "first", FLATTENED_SPEC)
    code, out, _ = adopt(first, "--zone-file", str(FLATTENED), "--format", "json")
    doc = json.loads(out)
    assert code == 1, "the apex CNAME conflicts with the planned apex A"
    pasted = {**FLATTENED_SPEC, "records": yaml.safe_load(doc["spec_snippet"])["records"]}
    code, out, _ = adopt(write_project(tmp_path / "pasted", pasted), "--zone-file", str(FLATTENED), "--format",
                         "json")
    again = json.loads(out)
    assert len(again["adopt"]) == 10
    assert {a["existing"]["name"]: a["updates"] for a in again["adopt"] if a["updates"]} == {
        "www.example.net": ["comment"]}, "a pasted record keeps its TTL (ttl: 1 is Cloudflare's automatic), its " \
        "SRV weight and port, its comment; www's comment (`legacy site`) is written over: a host carries none"
    assert [(r["name"], r["type"]) for r in again["undeclared"]] == [("*.example.net", "A")]


def test_a_wildcard_is_listed_but_kept_out_of_the_snippet(tmp_path: Path) -> None:
    code, out, _ = adopt(write_project(tmp_path / "p", FLATTENED_SPEC), "--zone-file", str(FLATTENED))
    snippet = out[out.index("      records:"):out.index("Not in the snippet")]
    assert '"*"' not in snippet
    assert ("the spec cannot declare them (they stay as they are in Cloudflare):\n    * A 192.0.2.50: the spec's "
            "records: list cannot hold a wildcard name; it stays as it is in Cloudflare\n") in out
    assert "the plan puts an A at example.net" in out


def test_the_export_of_another_zone_is_bad_input(project: Path, tmp_path: Path) -> None:
    zone = tmp_path / "other.zone"
    zone.write_text(ZONE_FILE.read_text().replace("example.net", "example.org"))
    code, out, err = adopt(project, "--zone-file", str(zone))
    assert code == 2 and out == ""
    assert "no record of example.net in it; is it the export of another zone?" in err
