"""adopt copies an existing record's Cloudflare comment into the `records:` entry it offers, unless the
comment could be a credential (left out and said so by its length, never shown), holds a control
character, is launchready's own marker, or would not fit Cloudflare's limit beside that marker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from launchready.cli import app
from tests.adopt.conftest import SPEC, write_project
from tests.adopt.test_overwrites import adopt_json, adopt_zone

runner = CliRunner()
TOKEN = "Zq8Xw3Kp0Lr5Tn7Vb2Mc4Hd6Jf9Gs1Ay"
"""Credential-shaped (32 characters mixing capitals, small letters and digits): never shown."""


def entries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return list(yaml.safe_load(doc["spec_snippet"])["records"])


def test_a_zone_file_comment_is_copied_into_the_snippet_and_plans(tmp_path: Path) -> None:
    zone = ("blog IN CNAME hosted-blog.example.org. ; Ghost blog, owner: marketing cf_tags=cf-proxied:false\n"
            'verify IN TXT "site=4f1c; v=2" ; proof for the newsletter tool\n')
    code, doc = adopt_json(tmp_path, SPEC, zone)
    assert [(e["name"], e.get("comment")) for e in entries(doc)] == [
        ("blog", "Ghost blog, owner: marketing"), ("verify", "proof for the newsletter tool")]
    assert {r["comment"] for r in doc["undeclared"]} == {"Ghost blog, owner: marketing",
                                                         "proof for the newsletter tool"}
    pasted = {**SPEC, "records": SPEC["records"] + entries(doc)}
    code, again = adopt_json(tmp_path / "again", pasted, zone)
    assert code == 0 and again["spec_snippet"].startswith("    adopted:"), "the pasted comments plan"


def test_launchready_s_own_marker_is_not_copied_but_the_note_before_it_is(tmp_path: Path) -> None:
    zone = ("blog IN CNAME hosted-blog.example.org. ; managed by launchready (records[4])\n"
            "shop IN CNAME shops.example.org. ; Storefront (managed by launchready, records[2])\n")
    _, doc = adopt_json(tmp_path, SPEC, zone)
    assert [(e["name"], e.get("comment")) for e in entries(doc)] == [("blog", None), ("shop", "Storefront")]


def test_a_credential_shaped_comment_is_left_out_and_said_so_by_its_length(tmp_path: Path) -> None:
    zone = f"blog IN CNAME hosted-blog.example.org. ; deploy key {TOKEN}\n"
    code, out = adopt_zone(tmp_path, SPEC, zone)
    assert TOKEN not in out
    assert ('- {name: "blog", type: "CNAME", content: "hosted-blog.example.org", ttl: 300}  # its Cloudflare '
            "comment (43 characters) could be a credential, so it is not copied") in out
    code, doc = adopt_json(tmp_path / "json", SPEC, zone)
    assert TOKEN not in json.dumps(doc) and doc["undeclared"][0]["comment"] is None
    assert "comment" not in entries(doc)[0]


def test_a_comment_too_long_for_the_free_plan_beside_the_marker_is_left_out(tmp_path: Path) -> None:
    long = "Hosted blog on the marketing team's Ghost account, renewed every spring"  # 71 characters
    zone = f"blog IN CNAME hosted-blog.example.org. ; {long}\n"
    _, doc = adopt_json(tmp_path, SPEC, zone)
    assert "comment" not in entries(doc)[0]
    assert "(71 characters) is not copied: with launchready's marker it would be over Cloudflare's 100-character " \
           "limit; add a comment of at most 63 characters" in doc["spec_snippet"]
    _, pro = adopt_json(tmp_path / "pro", {**SPEC, "plan": "pro"}, zone)
    assert entries(pro)[0]["comment"] == long


def test_a_comment_read_from_the_cloudflare_api_is_copied_and_a_secret_one_never_shown(tmp_path: Path) -> None:
    from tests.cloudflare_standin import CloudflareStandIn, serve

    standin = CloudflareStandIn("canary-token-1a2b3c4d5e")
    zone = standin.add_zone("023e105f4ecef8ad9ca31a8372d0c353", "example.net")
    standin.add_record(zone, name="help.example.net", type="CNAME", content="example.zendesk.com",
                       comment="Zendesk, owner: support team")
    standin.add_record(zone, name="hooks.example.net", type="CNAME", content="hooks.example.org",
                       comment="https://ci:hunter2@hooks.example.org/x")
    standin.add_record(zone, name="odd.example.net", type="CNAME", content="odd.example.org",
                       comment="line one\nline two")
    standin.add_record(zone, name="ftp.example.net", type="CNAME", content="files.example.org",
                       comment="login admin:hunter3@files.example.org, owner ops@example.net")
    standin.add_record(zone, name="mail.example.net", type="CNAME", content="mail.example.org",
                       comment="owner: ops@example.net")
    standin.add_record(zone, name="big.example.net", type="CNAME", content="big.example.org", comment="w " * 400)
    project = write_project(tmp_path / "project", SPEC)
    with serve(standin) as url:
        result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                     "--from-cloudflare", "--format", "json"],
                               env={"CLOUDFLARE_API_TOKEN": "canary-token-1a2b3c4d5e", "CLOUDFLARE_BASE_URL": url})
    assert "hunter2" not in result.stdout + result.stderr and "line two" not in result.stdout
    assert "hunter3" not in result.stdout + result.stderr and "w w w" not in result.stdout
    doc = json.loads(result.stdout)
    assert {e["name"]: e.get("comment") for e in entries(doc)} == {
        "help": "Zendesk, owner: support team", "hooks": None, "odd": None, "ftp": None,
        "mail": "owner: ops@example.net", "big": None}
    assert "its Cloudflare comment (799 characters) is over Cloudflare's 500 characters" in doc["spec_snippet"]
    assert "its Cloudflare comment (38 characters) could be a credential" in doc["spec_snippet"]
    assert "its Cloudflare comment (17 characters) holds a line break or a control character" in doc["spec_snippet"]


def test_an_adopted_record_s_comment_the_first_up_writes_over_is_named(tmp_path: Path) -> None:
    zone = '@ IN TXT "staging-verification=4f1c2d" ; Search Console proof\n'
    code, out = adopt_zone(tmp_path, SPEC, zone)
    assert "@ TXT staging-verification=4f1c2d  [first up changes ttl, comment]" in out and code == 0
    kept = {**SPEC, "records": [{**SPEC["records"][0], "comment": "Search Console proof"}]}
    _, doc = adopt_json(tmp_path / "kept", kept, zone)
    assert doc["adopt"][0]["updates"] == ["ttl"], "the spec copies the comment, so the first up keeps it"
