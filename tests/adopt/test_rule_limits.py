"""A dashboard rule the plan produces (same expression and action) but with another rate limit threshold
or other cache TTLs is a dangerous change, reported as the other rule changes are: exit 1 unless
`adopted.overwrites` lists the rule's ref. Read from the Cloudflare API stand-in on loopback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from launchready.cli import app
from tests.adopt.conftest import SPEC, write_project

runner = CliRunner()
TOKEN = "canary-token-9e8d7c6b5a"
LOGIN = '(http.request.uri.path in {"/login" "/reset-password"})'
ABUSE_SPEC: dict[str, Any] = {**SPEC, "rate_limits": {"abuse": {"paths": ["/login", "/reset-password"],
                                                                 "requests": 10}}}
STATIC = ('(http.request.uri.path.extension in {"css" "js" "mjs" "map" "png" "jpg" "jpeg" "gif" "webp" "avif" '
          '"svg" "ico" "woff" "woff2" "ttf" "otf" "mp4" "webm" "wasm"})')


def rate_limit(requests: int, **extra: Any) -> dict[str, Any]:
    return {"ref": "dashboard_login", "expression": LOGIN, "action": "block", "ratelimit": {
        "characteristics": ["ip.src", "cf.colo.id"], "period": 10, "requests_per_period": requests,
        "mitigation_timeout": 10}, **extra}


def cache_rule(edge: int, browser: int) -> dict[str, Any]:
    return {"ref": "dashboard_static", "expression": STATIC, "action": "set_cache_settings", "action_parameters": {
        "cache": True, "edge_ttl": {"mode": "override_origin", "default": edge},
        "browser_ttl": {"mode": "override_origin", "default": browser}}}


def adopt(tmp_path: Path, spec: dict[str, Any], phase: str, rule: dict[str, Any], *args: str) -> tuple[int, str]:
    from tests.cloudflare_standin import CloudflareStandIn, serve

    standin = CloudflareStandIn(TOKEN)
    zone = standin.add_zone("023e105f4ecef8ad9ca31a8372d0c353", "example.net")
    standin.add_entrypoint(zone, phase, [rule])
    project = write_project(tmp_path / "project", spec)
    with serve(standin) as url:
        result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project),
                                     "--from-cloudflare", *args],
                               env={"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": url})
    return result.exit_code, result.stdout


def test_a_rate_limit_whose_threshold_the_plan_changes_fails_adopt(tmp_path: Path) -> None:
    code, out = adopt(tmp_path, ABUSE_SPEC, "http_ratelimit", rate_limit(100))
    assert code == 1, "the first up would block visitors the dashboard rule let through"
    assert "produced  http_ratelimit dashboard_login" in out
    section = out[out.index("DANGEROUS CHANGES THE FIRST `pulumi up` WOULD MAKE (1)"):]
    assert "ratelimit.threshold-changed: the first up changes its requests_per_period 100 → 10 on the " \
           "http_ratelimit rule dashboard_login" in section
    assert "blocks visitors the rule let through" in section and '- "dashboard_login"' in section


def test_the_same_threshold_passes_and_a_declared_change_passes(tmp_path: Path) -> None:
    code, _ = adopt(tmp_path, ABUSE_SPEC, "http_ratelimit", rate_limit(10))
    assert code == 0
    declared = {**ABUSE_SPEC, "adopted": {**SPEC["adopted"], "overwrites": ["dashboard_login"]}}
    code, out = adopt(tmp_path / "declared", declared, "http_ratelimit", rate_limit(100), "--format", "json")
    doc = json.loads(out)
    assert [(d["rule"], d["entry"], d["declared"]) for d in doc["dangerous"]] == [
        ("ratelimit.threshold-changed", "dashboard_login", True)] and code == 0


def test_a_cache_rule_whose_ttls_the_plan_changes_fails_adopt(tmp_path: Path) -> None:
    code, out = adopt(tmp_path, SPEC, "http_request_cache_settings", cache_rule(604800, 86400))
    assert code == 1
    assert "cache.ttl-changed: the first up changes its edge_ttl 604800 → 86400, browser_ttl 86400 → 3600 on the " \
           "http_request_cache_settings rule dashboard_static" in out
    code, _ = adopt(tmp_path / "same", SPEC, "http_request_cache_settings", cache_rule(86400, 3600))
    assert code == 0, "the planned static-asset rule, as the dashboard holds it"
