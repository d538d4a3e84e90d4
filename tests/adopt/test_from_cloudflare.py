"""`launchready adopt --from-cloudflare` against a local server answering the SDK's list calls with
JSON in the shape Cloudflare's API returns (v4 envelope, page/per_page and cursor pagination)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from launchready.cli import app
from tests.cloudflare_standin import DEFAULT_SETTINGS

ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
CANARY = "canary-token-5f2c9a81e3b74d06aa17"
"""A token planted in the environment: it must reach the API and never appear in any output."""
runner = CliRunner()


def envelope(result: Any, **info: Any) -> dict[str, Any]:
    return {"success": True, "errors": [], "messages": [], "result": result, "result_info": info}


def record(record_id: str, name: str, rtype: str, content: str, ttl: int = 1, proxied: bool = False,
           **extra: Any) -> dict[str, Any]:
    return {"id": record_id, "zone_id": ZONE_ID, "zone_name": "example.net", "name": name, "type": rtype,
            "content": content, "proxiable": rtype in ("A", "AAAA", "CNAME"), "proxied": proxied, "ttl": ttl,
            "settings": {}, "meta": {}, "comment": None, "tags": [], "created_on": "2026-05-02T10:11:12.000000Z",
            "modified_on": "2026-05-02T10:11:12.000000Z", **extra}


RECORDS = [
    record("372e67954025e0ba6aaa6d586b9e0b59", "example.net", "A", "192.0.2.50", proxied=True),
    record("8277e0910d750195b448797616e091ad", "www.example.net", "A", "203.0.113.9", proxied=True),
    record("e4da3b7fbbce2345d7772b0674a318d5", "example.net", "TXT", '"staging-verification=4f1c2d"', ttl=3600),
    record("1679091c5a880faf6fb5e6087eb1b2dc", "example.net", "CAA", '0 issue "letsencrypt.org"', ttl=3600,
           data={"flags": 0, "tag": "issue", "value": "letsencrypt.org"}),
    record("c9f0f895fb98ab9159f51fd0297e236d", "example.net", "MX", "mx1.mail.example.org", ttl=300, priority=10),
    record("45c48cce2e2d7fbdea1afc51c7c6ad26", "example.net", "NS", "ada.ns.cloudflare.com", ttl=86400),
]
RULESETS = [
    {"id": "2f2b9c0e4c6f4a1e8d7b3a5c9e1f0d2b", "name": "default", "description": "", "kind": "zone",
     "version": "3", "last_updated": "2026-05-02T10:11:12.000000Z", "phase": "http_request_dynamic_redirect"},
    {"id": "4814384a9e5f4ffd8c2e7a1b6d3f0e95", "name": "Cloudflare Managed Ruleset", "description": "",
     "kind": "managed", "version": "71", "last_updated": "2026-05-02T10:11:12.000000Z", "phase": "ddos_l7"},
    {"id": "70339d97bdb34195bbf054b1ebe81f76", "name": "default", "description": "", "kind": "zone",
     "version": "1", "last_updated": "2026-05-02T10:11:12.000000Z", "phase": "http_ratelimit"},
]

IMPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "pulumi import --file (pulumi/pulumi pkg/cmd/pulumi/operations/import.go importFile)",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "nameTable": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^urn:pulumi:"}},
        "resources": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "name"],
            "properties": {
                "type": {"type": "string", "pattern": "^[^:]+:[^:]*:[^:]+$"},
                "name": {"type": "string", "minLength": 1},
                "id": {"type": "string", "minLength": 1},
                "parent": {"type": "string"}, "provider": {"type": "string"}, "version": {"type": "string"},
                "pluginDownloadUrl": {"type": "string"}, "logicalName": {"type": "string"},
                "properties": {"type": "array", "items": {"type": "string"}},
                "component": {"type": "boolean"}, "remote": {"type": "boolean"},
            },
            "if": {"properties": {"component": {"const": True}}, "required": ["component"]},
            "then": {"not": {"required": ["id"]}},
            "else": {"required": ["id"]},
        }},
        "providerInputs": {"type": "object"},
    },
}


def check_import_file(document: dict[str, Any]) -> None:
    """The schema, plus the cross-checks `pulumi import` makes before it imports anything."""
    jsonschema.validate(document, IMPORT_SCHEMA)
    names = [resource["name"] for resource in document["resources"]]
    assert len(names) == len(set(names)), "names must be unique"
    known = set(document.get("nameTable", {})) | {r["name"] for r in document["resources"] if r.get("component")}
    for resource in document["resources"]:
        assert resource.get("parent") is None or resource["parent"] in known, f"{resource['name']}: unknown parent"


def paginated(items: list[dict[str, Any]]):
    """A handler paging like the API: ?page=N&per_page=M, an empty page after the last one."""
    def handle(request: Request) -> Response:
        page, per_page = int(request.args.get("page", 1)), int(request.args.get("per_page", 100))
        chunk = items[(page - 1) * per_page: page * per_page]
        info = {"page": page, "per_page": per_page, "count": len(chunk), "total_count": len(items)}
        return Response(json.dumps(envelope(chunk, **info)), content_type="application/json")
    return handle


@pytest.fixture
def api(httpserver: HTTPServer) -> HTTPServer:
    zone = {"id": ZONE_ID, "name": "example.net", "status": "active", "paused": False, "type": "full",
            "name_servers": ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
            "account": {"id": "01a7362d577a6c3019a474fd6f485823", "name": "Example"}}
    auth = {"Authorization": f"Bearer {CANARY}"}
    httpserver.expect_request("/client/v4/zones", query_string={"name": "example.net"}, headers=auth) \
        .respond_with_json(envelope([zone], page=1, per_page=20, count=1, total_count=1))
    httpserver.expect_request(f"/client/v4/zones/{ZONE_ID}/dns_records", headers=auth) \
        .respond_with_handler(paginated(RECORDS))
    httpserver.expect_request(f"/client/v4/zones/{ZONE_ID}/rulesets", headers=auth) \
        .respond_with_json(envelope(RULESETS, cursor=""))
    for ruleset in RULESETS:  # the entry points, read again for their rules (none here)
        httpserver.expect_request(f"/client/v4/zones/{ZONE_ID}/rulesets/phases/{ruleset['phase']}/entrypoint",
                                  headers=auth).respond_with_json(envelope({**ruleset, "rules": []}))
    for setting_id, value in DEFAULT_SETTINGS.items():  # as the spec's default `tls` plans them
        httpserver.expect_request(f"/client/v4/zones/{ZONE_ID}/settings/{setting_id}", headers=auth) \
            .respond_with_json(envelope({"id": setting_id, "value": value, "editable": True}))
    httpserver.expect_request(f"/client/v4/zones/{ZONE_ID}/dnssec", headers=auth) \
        .respond_with_json(envelope({"status": "disabled"}))
    return httpserver


def adopt(project: Path, server: HTTPServer, *args: str) -> tuple[int, str, str]:
    env = {"CLOUDFLARE_API_TOKEN": CANARY, "CLOUDFLARE_BASE_URL": server.url_for("/client/v4")}
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--from-cloudflare",
                                 *args], env=env)
    assert CANARY not in result.stdout and CANARY not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def expected_child(rtype: str, name: str, import_id: str) -> dict[str, Any]:
    return {"type": rtype, "name": name.replace("-", "_"), "logicalName": name, "id": import_id, "parent": "domain"}


def test_import_file_names_the_component_resources(project: Path, api: HTTPServer, tmp_path: Path) -> None:
    target = tmp_path / "import.json"
    code, out, err = adopt(project, api, "--output", str(target))
    assert code == 0, err
    document = json.loads(target.read_text())
    check_import_file(document)
    record_type, ruleset_type = "cloudflare:index/dnsRecord:DnsRecord", "cloudflare:index/ruleset:Ruleset"
    assert document == {
        "nameTable": {"domain": "urn:pulumi:staging::launchready::launchready:domain:ProductDomain::domain"},
        "resources": [
            expected_child(record_type, "domain-apex-a-192-0-2-50", f"{ZONE_ID}/372e67954025e0ba6aaa6d586b9e0b59"),
            expected_child(record_type, "domain-apex-caa-issue-letsencrypt-org",
                           f"{ZONE_ID}/1679091c5a880faf6fb5e6087eb1b2dc"),
            expected_child(record_type, "domain-apex-txt-3b8bcf6e", f"{ZONE_ID}/e4da3b7fbbce2345d7772b0674a318d5"),
            expected_child(record_type, "domain-www-a-192-0-2-50", f"{ZONE_ID}/8277e0910d750195b448797616e091ad"),
            expected_child(ruleset_type, "domain-redirects", f"zones/{ZONE_ID}/2f2b9c0e4c6f4a1e8d7b3a5c9e1f0d2b"),
        ],
    }
    assert "wrote" in err and "5 resources to import" in err
    assert "@ MX 10 mx1.mail.example.org" in out, "the undeclared MX is listed"
    assert "entry-point ruleset http_ratelimit (70339d97bdb34195bbf054b1ebe81f76) exists" in out
    assert CANARY not in target.read_text()


def test_output_dash_prints_the_import_file_and_moves_the_report_to_stderr(
        project: Path, api: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "import.json"
    adopt(project, api, "--output", str(target))
    code, out, err = adopt(project, api, "--output", "-")
    assert code == 0, err
    assert out == target.read_text(), "stdout holds the import file alone, as --output FILE would"
    assert "@ MX 10 mx1.mail.example.org" in err, "the report went to stderr"
    assert "printed the import file: 5 resources to import" in err and not (tmp_path / "-").exists()


def test_create_component_declares_the_parent_for_a_new_stack(project: Path, api: HTTPServer,
                                                             tmp_path: Path) -> None:
    target = tmp_path / "import.json"
    code, _, _ = adopt(project, api, "--output", str(target), "--create-component")
    document = json.loads(target.read_text())
    assert code == 0
    check_import_file(document)
    assert "nameTable" not in document
    assert document["resources"][0] == {"type": "launchready:domain:ProductDomain", "name": "domain",
                                        "component": True}


def test_records_are_fetched_page_by_page(project: Path, api: HTTPServer) -> None:
    code, out, _ = adopt(project, api, "--format", "json")
    doc = json.loads(out)
    assert code == 0
    seen = {(r["existing"]["name"], r["existing"]["type"]) for r in doc["adopt"]}
    seen |= {(r["name"], r["type"]) for r in doc["undeclared"] + doc["ignored"]}
    assert len(seen) == len(RECORDS)
    pages = [dict(request.args) for request, _ in api.log if request.path.endswith("/dns_records")]
    assert len(pages) == 2, "the SDK stops at the first empty page"


@pytest.mark.parametrize(("status", "errors", "expected"), [
    (403, [{"code": 10000, "message": "Authentication error"}], "HTTP 403: 10000: Authentication error"),
    (400, [{"code": 6003, "message": "Invalid request headers"}], "HTTP 400: 6003: Invalid request headers"),
])
def test_api_errors_give_code_and_message_but_never_the_token(project: Path, httpserver: HTTPServer, status: int,
                                                              errors: list[dict[str, Any]], expected: str) -> None:
    body = {"success": False, "errors": errors, "messages": [], "result": None}
    httpserver.expect_request("/client/v4/zones").respond_with_json(body, status=status)
    code, out, err = adopt(project, httpserver)
    assert code == 2 and out == ""
    assert expected in err and "Traceback" not in err


def test_an_unknown_zone_is_bad_input(project: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/client/v4/zones").respond_with_json(envelope([], page=1, per_page=20, count=0))
    code, _, err = adopt(project, httpserver)
    assert code == 2 and "shows no zone named example.net" in err


def test_an_unreachable_api_is_bad_input(project: Path, httpserver: HTTPServer) -> None:
    url = httpserver.url_for("/client/v4")
    httpserver.stop()
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--from-cloudflare",
                                 "--api-base-url", url], env={"CLOUDFLARE_API_TOKEN": CANARY})
    assert result.exit_code == 2 and "cannot reach the Cloudflare API" in result.stderr
    assert CANARY not in result.stderr
    httpserver.start()


def test_no_token_is_bad_input(project: Path) -> None:
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--from-cloudflare"],
                           env={"CLOUDFLARE_API_TOKEN": ""})
    assert result.exit_code == 2 and "CLOUDFLARE_API_TOKEN" in result.stderr


def test_a_rate_limit_entry_point_is_adopted_when_the_plan_uses_it(api: HTTPServer, tmp_path: Path) -> None:
    from tests.adopt.conftest import SPEC, write_project

    project = write_project(tmp_path / "limited", {**SPEC, "rate_limits": {"abuse": {"paths": ["/login"],
                                                                                     "requests": 10}}})
    target = tmp_path / "import.json"
    code, out, _ = adopt(project, api, "--output", str(target))
    assert code == 0
    rulesets = [r for r in json.loads(target.read_text())["resources"] if r["type"].endswith(":Ruleset")]
    assert [(r["logicalName"], r["id"]) for r in rulesets] == [
        ("domain-ratelimit", f"zones/{ZONE_ID}/70339d97bdb34195bbf054b1ebe81f76"),
        ("domain-redirects", f"zones/{ZONE_ID}/2f2b9c0e4c6f4a1e8d7b3a5c9e1f0d2b")]
    assert "note: entry-point ruleset http_ratelimit" not in out
