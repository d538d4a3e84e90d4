"""Plan-aware spec rules: what a Cloudflare plan allows, reported with the key path and the fix."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.errors import SpecError
from launchready.core.stack import accept

BASE: dict[str, Any] = {
    "zone": "example.com",
    "origin": {"ipv4": ["192.0.2.10"]},
    "hosts": {"apex": {}, "www": {}, "api": {"ipv4": ["192.0.2.11"]}},
}


def spec(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        accept(data, source="Pulumi.test.yaml")
    return [str(p) for p in caught.value.problems]


LOGIN = {"paths": ["/login"], "requests": 5}

FREE_PLAN_CASES = [
    ("period", {"login": {**LOGIN, "period": 60}}, "rate_limits.login.period",
     "60 s is not allowed on the free plan (only 10); set period: 10 or plan: pro"),
    ("timeout", {"login": {**LOGIN, "timeout": 600}}, "rate_limits.login.timeout",
     "600 s is not allowed on the free plan (only 10); set timeout: 10 or plan: pro"),
    ("hosts", {"login": {**LOGIN, "hosts": ["api"]}}, "rate_limits.login.hosts",
     "matches rate limits on the path only"),
    ("methods", {"login": {**LOGIN, "methods": ["POST"]}}, "rate_limits.login.methods",
     "cannot match the request method; remove methods or set plan: business"),
    ("two rules", {"login": LOGIN, "chat": {"paths": ["/chat"], "requests": 20}}, "rate_limits",
     "2 rules exceed the free plan's 1; put several paths in one rule"),
]


@pytest.mark.parametrize(("case", "rate_limits", "path", "message"), FREE_PLAN_CASES,
                         ids=[c[0] for c in FREE_PLAN_CASES])
def test_free_plan_refuses_what_cloudflare_would_reject(case: str, rate_limits: Any, path: str,
                                                        message: str) -> None:
    found = problems(spec(plan="free", rate_limits=rate_limits))
    assert any(p.startswith(f"{path}: ") and message in p for p in found), found


def test_free_plan_is_the_default() -> None:
    assert problems(spec(rate_limits={"login": {**LOGIN, "period": 60}}))[0].startswith("rate_limits.login.period")


def test_every_problem_is_reported_at_once() -> None:
    found = problems(spec(plan="free", rate_limits={"login": {**LOGIN, "period": 60, "timeout": 600,
                                                               "methods": ["POST"]}}))
    assert [p.split(":")[0] for p in found] == ["rate_limits.login.period", "rate_limits.login.timeout",
                                                "rate_limits.login.methods"]


def test_pro_allows_hosts_and_a_minute_but_not_methods() -> None:
    ok = accept(spec(plan="pro", rate_limits={"login": {**LOGIN, "period": 60, "timeout": 3600,
                                                             "hosts": ["api"]}})).spec
    assert ok.rate_limits["login"].period == 60
    found = problems(spec(plan="pro", rate_limits={"login": {**LOGIN, "period": 120, "methods": ["POST"]}}))
    assert found == [
        "rate_limits.login.period: 120 s is not allowed on the pro plan (one of 10, 15, 20, 30, 40, 45, 60); "
        "set period: 60 or plan: business",
        "rate_limits.login.methods: the pro plan cannot match the request method; remove methods or set plan: "
        "business",
    ]


def test_a_period_no_plan_supports_names_the_nearest() -> None:
    found = problems(spec(plan="business", rate_limits={"login": {**LOGIN, "period": 50}}))
    assert found == ["rate_limits.login.period: 50 s is not allowed on the business plan (one of 10, 15, 20, "
                     "30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600); set period: 45"]


def test_rate_limit_hosts_must_be_declared() -> None:
    found = problems(spec(plan="pro", rate_limits={"login": {**LOGIN, "hosts": ["auth"]}}))
    assert found == ['rate_limits.login.hosts: "auth" is not a declared host; use one of apex, api, www']


def test_monitoring_on_free_is_not_an_error() -> None:
    parsed = accept(spec(plan="free", monitoring={"alerts": ["ops@example.com"]})).spec
    assert parsed.monitoring is not None and parsed.monitoring.checks == ("/",)


def test_monitoring_checks_must_be_hosts_of_the_zone() -> None:
    found = problems(spec(plan="pro", monitoring={"alerts": ["ops@example.com"],
                                                  "checks": ["/", "https://status.example.org/health"]}))
    assert found == ["monitoring.checks[1]: status.example.org is not a host of this zone; declare it under "
                     "hosts or check one of: api.example.com, example.com, www.example.com"]


def test_monitoring_structural_errors_name_the_key() -> None:
    found = problems(spec(monitoring={"alerts": ["not-an-address"], "checks": ["http://example.com/"]}))
    assert any(p.startswith("monitoring.alerts[0]: ") and "not an email address" in p for p in found), found
    assert any(p.startswith("monitoring.checks[0]: ") and "https:// URL" in p for p in found), found
    assert problems(spec(monitoring={"alerts": [], "engine": "healthchecks"}))[0].startswith("monitoring.alerts: ")
    assert problems(spec(monitoring={"alerts": []}))[0].startswith("monitoring: no alert channel")


def test_monitoring_webhook_is_one_of_two_forms() -> None:
    found = problems(spec(plan="pro", monitoring={"alerts": ["ops@example.com"], "webhook_id": "0" * 32,
                                                  "webhook_url": "https://hooks.example.org/cf"}))
    assert found == ["monitoring: give webhook_url (launchready creates the destination) or webhook_id (one you "
                     "made in the dashboard), not both"]


def test_health_checks_beyond_the_plan_count() -> None:
    checks = [f"/page{i}" for i in range(11)]
    found = problems(spec(plan="pro", monitoring={"alerts": ["ops@example.com"], "checks": checks}))
    assert found == ["monitoring.checks: 11 health checks exceed the pro plan's 10; drop some or raise plan"]


def test_plan_cli_exits_2_naming_the_free_plan_limit(tmp_path: Path) -> None:
    stack = tmp_path / "Pulumi.bad.yaml"
    stack.write_text(yaml.safe_dump({"config": {"launchready:domain": spec(
        rate_limits={"login": {**LOGIN, "period": 60}})}}))
    result = CliRunner().invoke(app, ["plan", "--stack-file", str(stack)])
    assert result.exit_code == 2
    line = next(line for line in result.output.splitlines() if "rate_limits.login.period" in line)
    assert "60 s is not allowed on the free plan (only 10); set period: 10 or plan: pro" in line
    assert "Traceback" not in result.output


def test_a_rate_limit_on_a_dns_only_host_is_refused() -> None:
    hosts = {**BASE["hosts"], "api": {"ipv4": ["192.0.2.11"], "proxied": False}}
    found = problems(spec(plan="pro", hosts=hosts, rate_limits={"login": {**LOGIN, "hosts": ["api"]}}))
    assert found == ['rate_limits.login.hosts: "api" is DNS-only, so Cloudflare never sees its requests; '
                     "set hosts.api.proxied: true or leave it out of this rule"]
