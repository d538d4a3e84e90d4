"""Checked URLs: what the monitor and Cloudflare are given is the URL whole; what a plan, report or diff shows
is scheme, host and path with the query's values masked (launchready.core.redact.shown_url)."""

from __future__ import annotations

import secrets
from typing import Any

from launchready.core.plan import DomainPlan
from launchready.core.stack import accept
from launchready.diff.compare import diff_monitoring
from launchready.render.operations import monitoring_rows

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}}}


def plan_of(plan: str, *checks: str) -> DomainPlan:
    monitoring = {"alerts": ["ops@example.com"], "checks": ["/", *checks]}
    return accept({**BASE, "plan": plan, "monitoring": monitoring}, stack="t").plan


def value() -> str:
    return f"v{secrets.token_hex(8)}"  # lowercase: not credential-shaped, so planned


def test_the_worker_is_given_the_whole_url_and_the_plan_shows_the_query_masked() -> None:
    secret = value()
    plan = plan_of("free", f"/health?region={secret}&full")
    assert plan.monitoring and plan.monitoring.worker
    assert plan.monitoring.worker.config()["checks"][1]["url"] == f"https://example.com/health?region={secret}&full"
    assert secret not in str(plan.contract())
    assert plan.monitoring.worker.checks[1].model_dump()["url"] == "https://example.com/health?region=…&full"
    assert [row[0] for row in monitoring_rows(plan)] == ["https://example.com/", "https://example.com/health?region=…&full"]


def test_a_health_check_is_keyed_by_host_and_path_never_its_query() -> None:
    secret = value()
    plan = plan_of("pro", f"/health?region={secret}")
    assert plan.monitoring
    check = plan.monitoring.checks[1]
    assert check.key == "example-com-health"
    assert check.as_cloudflare()["http_config"]["path"] == f"/health?region={secret}"
    assert secret not in str(plan.contract())


def test_two_checks_that_differ_in_their_query_alone_keep_distinct_keys() -> None:
    plan = plan_of("pro", "/health?a=1", "/health?a=2")
    assert plan.monitoring
    keys = [check.key for check in plan.monitoring.checks]
    assert len(set(keys)) == 3 and all(key.startswith("example-com-health-") for key in keys[1:])


def test_a_diff_shows_a_query_value_change_without_the_values() -> None:
    before, after = value(), value()
    (change,), _ = diff_monitoring(plan_of("free", f"/health?v={before}"), plan_of("free", f"/health?v={after}"))
    assert change.new == "https://example.com/, https://example.com/health?v=… (a query value changed)"
    assert before not in str(change.model_dump()) and after not in str(change.model_dump())


def test_a_check_written_as_a_url_keeps_its_query_as_a_path_does() -> None:
    plan = plan_of("free", "https://example.com/health?full=1", "/status?deep=1")
    assert plan.monitoring and plan.monitoring.worker
    urls = [check["url"] for check in plan.monitoring.worker.config()["checks"]]
    assert urls == ["https://example.com/", "https://example.com/health?full=1", "https://example.com/status?deep=1"]
