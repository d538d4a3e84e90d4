"""Names that fold to one slug still name distinct resources and rules (Pulumi URNs and Cloudflare rule
refs must be unique), and those names do not depend on the order of the spec."""

from __future__ import annotations

from typing import Any

from launchready.core.plan import DomainPlan
from launchready.core.stack import accept

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}}}


def plan_of(**extra: Any) -> DomainPlan:
    return accept({**BASE, **extra}, stack="t").plan


def test_records_at_names_that_slug_alike_get_distinct_keys() -> None:
    extra = [{"name": "eu.api", "type": "CNAME", "content": "eu.paas.example.org"},
             {"name": "eu_api", "type": "CNAME", "content": "eu2.paas.example.org"}]
    hosts = {**BASE["hosts"], "eu-api": {}}
    forward = {r.name: r.key for r in plan_of(hosts=hosts, records=extra).records if r.name.startswith("eu")}
    backward = {r.name: r.key for r in plan_of(hosts=dict(reversed(hosts.items())),
                                                records=extra[::-1]).records if r.name.startswith("eu")}
    assert len(set(forward.values())) == 3
    assert forward == backward


def test_legacy_redirects_that_slug_alike_get_distinct_refs() -> None:
    moved = [{"from": "/blog", "to": "https://blog.example.org/"}, {"from": "/blog/", "to": "https://blog.example.org/"},
             {"from": "/old_pricing", "to": "/pricing"}, {"from": "/old-pricing", "to": "/pricing"}]
    refs = [rule.ref for rule in plan_of(redirects=moved).redirects]
    assert len(set(refs)) == len(refs) == 5
    assert sorted(refs) == sorted(rule.ref for rule in plan_of(redirects=moved[::-1]).redirects)


def test_checks_whose_keys_fold_alike_are_distinct_health_checks() -> None:
    """(A check written both as a path and as a URL is refused: tests/monitor/test_monitor_rules.py.)"""
    monitoring = {"alerts": ["ops@example.com"], "checks": ["/", "/a-b", "/a/b"]}
    plan = plan_of(plan="pro", monitoring=monitoring)
    assert plan.monitoring is not None
    checks = plan.monitoring.checks
    assert [check.url for check in checks] == ["https://example.com/", "https://example.com/a-b",
                                               "https://example.com/a/b"]
    assert len({check.key for check in checks}) == 3


def test_rate_limit_names_that_fold_alike_get_distinct_refs() -> None:
    """`login-a` is written in slug form, so it keeps the ref it had alone; `login_a` is suffixed."""
    rule = {"paths": ["/login"], "requests": 5}
    refs = [r.ref for r in plan_of(plan="pro", rate_limits={"login_a": rule, "login-a": rule}).rate_limits]
    assert len(set(refs)) == 2 and refs[1] == "ratelimit_login_a" and refs[0].startswith("ratelimit_login_a_")


def test_of_fold_alikes_only_the_one_written_in_slug_form_keeps_the_plain_key() -> None:
    """`eu-api` keeps `eu-api-cname` beside `eu.api`; beside `eu_api` alone nothing tells which one had it, so
    both are suffixed, whatever the order (launchready.core.plan.folding)."""
    dot, under = ({"name": n, "type": "CNAME", "content": f"{i}.paas.example.org"}
                  for i, n in enumerate(("eu.api", "eu_api")))
    plain = {"name": "eu-api", "type": "CNAME", "content": "eu.paas.example.org"}
    for records in ([dot, plain], [plain, dot]):
        keys = {r.name: r.key for r in plan_of(records=records).records if r.name.startswith("eu")}
        assert keys["eu-api.example.com"] == "eu-api-cname" and keys["eu.api.example.com"].startswith("eu-api-cname-")
    keys = {r.key for r in plan_of(records=[dot, under]).records if r.name.startswith("eu")}
    assert len(keys) == 2 and all(key.startswith("eu-api-cname-") for key in keys)
    assert keys == {r.key for r in plan_of(records=[under, dot]).records if r.name.startswith("eu")}


def test_the_check_of_the_root_path_keeps_its_key_beside_one_with_a_query() -> None:
    plan = plan_of(plan="pro", monitoring={"alerts": ["ops@example.com"], "checks": ["/?full=1", "/"]})
    assert plan.monitoring is not None
    keys = {check.path: check.key for check in plan.monitoring.checks}
    assert keys["/"] == "example-com" and keys["/?full=1"].startswith("example-com-")
