"""Plan-time rules of the monitor Worker: what each engine accepts, and the Workers Free limits
(subrequests, CPU for body checks, cron triggers per account) refused with the key and the fix."""

from __future__ import annotations

from typing import Any

import pytest

from launchready.core.errors import SpecError
from launchready.core.plan import build_plan
from launchready.core.spec import parse_spec
from launchready.core.spec.monitor_rules import WORKERS_LIMITS
from launchready.render.plan import render_plan
from tests.monitor.conftest import CANARY, HOOKS

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]},
                        "hosts": {"apex": {}, "www": {}, "api": {"ipv4": ["192.0.2.11"]}}}


def problems(monitoring: dict[str, Any], plan: str = "free") -> list[str]:
    try:
        parse_spec({**BASE, "plan": plan, "monitoring": monitoring})
    except SpecError as error:
        return [f"{p.path}: {p.message}" for p in error.problems]
    return []


def test_the_free_plan_defaults_to_the_worker_and_paid_plans_to_health_checks() -> None:
    free = build_plan(parse_spec({**BASE, "monitoring": {"alerts": ["ops@example.com"]}}), "t").monitoring
    pro = build_plan(parse_spec({**BASE, "plan": "pro", "monitoring": {"alerts": ["ops@example.com"]}}), "t").monitoring
    assert free is not None and free.engine == "worker" and free.worker is not None and free.created
    assert pro is not None and pro.engine == "healthchecks" and pro.worker is None


def test_too_many_checks_for_the_free_subrequest_limit() -> None:
    checks = [f"/page{i}" for i in range(48)]
    found = problems({"checks": checks, **HOOKS})  # (and the CPU bound, below)
    assert found[0] == ("monitoring.checks: 48 checks and 3 webhooks need 51 subrequests a run; Workers free "
                        "allows 50; drop checks or set workers_plan: paid (Workers Paid)")
    assert problems({"checks": checks, "workers_plan": "paid", **HOOKS}) == []
    assert WORKERS_LIMITS["free"].subrequests == 50


def test_checks_beyond_the_cpu_budget() -> None:
    assert problems({"alerts": ["ops@example.com"], "checks": [f"/p{i}" for i in range(42)]}) == []
    found = problems({"alerts": ["ops@example.com"], "checks": [f"/p{i}" for i in range(43)]})
    assert found == ["monitoring.checks: 43 checks (0 reading bodies) may use up to 10.1 ms of CPU a run; Workers "
                     "free allows 10 ms; drop checks or body checks, or set workers_plan: paid"]
    checks = [f"/p{i}" for i in range(19)]
    bodies = problems({"alerts": ["ops@example.com"], "checks": checks, "body_contains": {c: "ok" for c in checks[:8]}})
    assert bodies and "(8 reading bodies) may use up to 10.1 ms" in bodies[0]


def test_the_accounts_cron_triggers() -> None:
    assert problems({"alerts": ["ops@example.com"], "account_cron_triggers": 4}) == []
    (found,) = problems({"alerts": ["ops@example.com"], "account_cron_triggers": 5})
    assert found.startswith("monitoring.account_cron_triggers: the monitor's cron trigger would be the account's "
                            "6th; Workers free allows 5 per account")


@pytest.mark.parametrize(("monitoring", "plan", "expected"), [
    ({}, "free", "monitoring: no alert channel"),
    ({"alerts": ["ops@example.com"], "webhook_id": "0" * 32}, "free", "monitoring.webhook_id: webhook_id is a "
     "Cloudflare notification destination"),
    ({"alerts": ["ops@example.com"], "body_contains": {"/nope": "x"}}, "free", "monitoring.body_contains./nope: is "
     "not one of monitoring.checks"),
    ({"alerts": ["ops@example.com"], "slack_webhook_url": "https://hooks.slack.test/x"}, "pro",
     "monitoring.slack_webhook_url: only the monitor Worker uses this; set engine: worker"),
    ({"alerts": ["ops@example.com"], "fail_after": 0}, "free", "monitoring.fail_after"),
    ({"alerts": ["ops@example.com"], "timeout": 31}, "free", "monitoring.timeout"),
])
def test_engine_rules_name_the_key(monitoring: dict[str, Any], plan: str, expected: str) -> None:
    assert any(p.startswith(expected) for p in problems(monitoring, plan)), problems(monitoring, plan)


def test_the_plan_shows_checks_interval_channels_by_host_and_engine() -> None:
    spec = parse_spec({**BASE, "monitoring": {"alerts": ["ops@example.com"], "checks": ["/", "/health"], **HOOKS}})
    text = render_plan(build_plan(spec, "t"), "text")
    row = next(line for line in text.splitlines() if line.startswith("https://example.com/health"))
    for part in ("60s", "slack hooks.slack.test", "discord discord.test", "webhook hooks.example.org",
                 "email ops@example.com", "monitor Worker, cron * * * * *"):
        assert part in text, part
    assert "60s" in row
    for fmt in ("text", "json", "markdown"):
        assert CANARY not in render_plan(build_plan(spec, "t"), fmt)


def test_the_handover_and_the_diff_say_who_is_alerted_by_host() -> None:
    from launchready.diff.compare import monitoring_settings
    from launchready.handover.document import Handover
    from launchready.handover.markdown import render_markdown
    from launchready.handover.runbook import monitoring_section

    spec = parse_spec({**BASE, "monitoring": {"alerts": ["ops@example.com"], **HOOKS}})
    plan = build_plan(spec, "prod")
    text = render_markdown(Handover("t", "s", (monitoring_section(plan),)))
    assert "every minute" in text and "slack hooks.slack.test" in text and "email `ops@example.com`" in text
    assert "launchready monitoring test-alert --stack prod" in text and CANARY not in text
    settings = monitoring_settings(plan)
    assert settings["engine"] == "worker" and "discord discord.test" in settings["channels"]
    assert "webhook" not in settings and CANARY not in str(settings)


def test_an_empty_check_list_is_refused_so_the_monitor_never_checks_nothing() -> None:
    assert problems({"checks": [], **HOOKS}) == [
        "monitoring.checks: lists no check, so the monitor would check nothing; list at least one, such as / "
        "(or remove monitoring)"]


@pytest.mark.parametrize("port", ["8443", "2053", "x"])
def test_a_check_on_another_port_is_refused_never_checked_on_443(port: str) -> None:
    found = problems({"checks": [f"https://api.example.com:{port}/health"], **HOOKS})
    shown = port if port.isdigit() else repr(port)
    assert len(found) == 1 and found[0].startswith(f"monitoring.checks[0]: the URL names port {shown};")


def test_port_443_written_out_is_the_same_check() -> None:
    assert problems({"checks": ["https://api.example.com:443/health"], **HOOKS}) == []


def test_one_url_written_twice_is_refused_naming_both_so_its_body_check_is_not_lost() -> None:
    found = problems({"checks": ["/", "https://EXAMPLE.com"], "body_contains": {"/": "Sign in"}, **HOOKS})
    assert found == ["monitoring.checks[1]: asks for the same URL as monitoring.checks[0] (https://example.com/); "
                     "write it once, with its body_contains under that spelling"]


def test_the_worker_keeps_each_checks_body_text_and_query() -> None:
    spec = parse_spec({**BASE, "monitoring": {"checks": ["/", "https://api.example.com/health?full=1"],
                                               "body_contains": {"/": "Sign in"}, **HOOKS}})
    monitoring = build_plan(spec, "t").monitoring
    assert monitoring is not None and monitoring.worker is not None
    assert [(c.url, c.body_contains) for c in monitoring.worker.checks] == [
        ("https://example.com/", "Sign in"), ("https://api.example.com/health?full=1", None)]
