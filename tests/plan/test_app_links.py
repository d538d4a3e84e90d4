"""The planned app-link files (golden), the rules planned around them, and `launchready applinks`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from launchready.core.plan import build_plan
from launchready.core.spec import parse_spec
from tests.clirun import invoke
from tests.conftest import ROOT
from tests.spec.test_errors import BASE

GOLDEN = ROOT / "tests" / "snapshots" / "plan_prod_app_links.json"
WELL_KNOWN = '{"/.well-known/apple-app-site-association" "/.well-known/assetlinks.json"}'


def plan_json(*args: str) -> dict[str, Any]:
    run = invoke("plan", "--project-dir", str(ROOT), "-f", "json", *args)
    assert run.code == 0, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def test_prod_plan_matches_the_golden_documents_and_rules() -> None:
    """Regenerate with UPDATE_SNAPSHOTS=1 after an intended change, and review the diff."""
    doc = plan_json("--stack", "prod")
    touched = {"app_links": doc["app_links"], "redirects": doc["redirects"], "cache_rules": doc["cache_rules"]}
    text = json.dumps(touched, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text(), f"{GOLDEN} differs from the plan (UPDATE_SNAPSHOTS=1)"


def test_documents_have_apples_and_googles_shape() -> None:
    documents = {d["url"]: d["document"] for d in plan_json("--stack", "prod")["app_links"]["documents"]}
    aasa = documents["https://example.com/.well-known/apple-app-site-association"]
    (detail,) = aasa["applinks"]["details"]
    assert detail["appIDs"] == ["ABCDE12345.com.example.app"]
    assert detail["components"][0] == {"/": "/open/admin/*", "exclude": True}, "exclusions match first"
    (statement,) = documents["https://www.example.com/.well-known/assetlinks.json"]
    assert statement["relation"] == ["delegate_permission/common.handle_all_urls"]
    assert statement["target"]["namespace"] == "android_app"
    assert len(statement["target"]["sha256_cert_fingerprints"][0].split(":")) == 32


def test_canonical_redirect_spares_the_files_only_on_link_hosts() -> None:
    with_links = {**BASE, "app_links": {"hosts": ["www"], "ios": [{"team_id": "ABCDE12345",
                                                                     "bundle_id": "com.example.app"}]}}
    plan = build_plan(parse_spec(with_links))
    (canonical,) = [r for r in plan.redirects if r.kind == "canonical"]
    assert canonical.expression == ('(http.host eq "www.example.com" and ssl and not (http.request.uri.path in '
                                    '{"/.well-known/apple-app-site-association"}))'), "only the planned file"
    refs = [rule.ref for rule in plan.cache_rules]
    assert refs.index("app_links_fresh") < refs.index("bypass_dynamic_hosts"), "bypass hosts still win"
    fresh = next(rule for rule in plan.cache_rules if rule.ref == "app_links_fresh")
    assert fresh.edge_ttl == 300 and fresh.cache


def test_a_stack_without_app_links_plans_as_before() -> None:
    plan = build_plan(parse_spec(BASE))
    assert plan.app_links is None and "app_links" not in plan.contract()
    assert [r.expression for r in plan.redirects] == ['(http.host eq "www.example.com" and ssl)']
    assert "app_links_fresh" not in {rule.ref for rule in plan.cache_rules}


def test_callbacks_alone_plan_no_files_and_no_rules() -> None:
    plan = build_plan(parse_spec({**BASE, "app_links": {"callbacks": ["https://example.com/auth/callback"]}}))
    assert plan.app_links is not None and plan.app_links.documents == ()
    assert plan.app_links.callbacks == ("https://example.com/auth/callback",)
    assert [r.expression for r in plan.redirects] == ['(http.host eq "www.example.com" and ssl)']


def test_markdown_plan_shows_each_file_once() -> None:
    run = invoke("plan", "--project-dir", str(ROOT), "--stack", "staging", "-f", "markdown")
    assert run.code == 0
    assert run.stdout.count("`/.well-known/assetlinks.json`:") == 1
    assert '"package_name": "com.example.app"' in run.stdout
    assert "| `https://www.example.net/auth/callback` | sign-in callback |" in run.stdout


def test_applinks_writes_the_planned_bytes_per_host(tmp_path: Path) -> None:
    run = invoke("applinks", "--project-dir", str(ROOT), "--stack", "staging", "--write", str(tmp_path))
    assert run.code == 0, run.stderr
    planned = plan_json("--stack", "staging")["app_links"]["documents"]
    for document in planned:
        host, _, path = document["url"].removeprefix("https://").partition("/")
        written = tmp_path / host / path
        assert json.loads(written.read_text()) == document["document"]
    assert len(list(tmp_path.rglob("*.json"))) == 2 and len(list(tmp_path.rglob("apple-app-site-association"))) == 2


@pytest.mark.parametrize("extra", [[], ["--write", "/dev/null/x"]])
def test_applinks_bad_input_exits_2(extra: list[str], tmp_path: Path) -> None:
    stack = tmp_path / "Pulumi.bare.yaml"
    stack.write_text("config:\n  launchready:domain:\n" + "".join(
        f"    {line}\n" for line in json.dumps(BASE).splitlines()))
    run = invoke("applinks", "--project-dir", str(tmp_path), "--stack", "bare")
    assert run.code == 2 and "declares no app_links apps" in run.stderr
    if extra:
        bad = invoke("applinks", "--project-dir", str(ROOT), "--stack", "prod", *extra)
        assert bad.code == 2 and "cannot write" in bad.stderr and "Traceback" not in bad.stderr


def test_applinks_without_write_prints_each_file_with_its_url() -> None:
    run = invoke("applinks", "--project-dir", str(ROOT), "--stack", "prod")
    assert run.code == 0
    headers = [line for line in run.stdout.splitlines() if line.startswith("# https://")]
    assert len(headers) == 4 and headers[0].startswith(
        "# https://example.com/.well-known/apple-app-site-association (application/json, ")
