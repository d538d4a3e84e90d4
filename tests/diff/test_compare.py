"""Matching records, rules and settings between two plans."""

from __future__ import annotations

from typing import Any

from launchready.diff import Side, diff_plans
from launchready.diff.render import render_diff
from tests.diff.test_dangerous import plan

BASE: dict[str, Any] = {
    "zone": "example.org",
    "hosts": {"apex": {"ipv4": ["192.0.2.1", "192.0.2.2"]}, "www": {"cname": "example.org"}},
    "records": [{"name": "a", "type": "TXT", "content": "one"}, {"name": "b", "type": "TXT", "content": "two"}],
}


def compare(base: dict[str, Any], head: dict[str, Any]) -> Any:
    return diff_plans(plan(base), plan(head), stack="t", base_side=Side(ref="a"), head_side=Side(ref="b"))


def test_a_singleton_whose_content_moves_is_one_change() -> None:
    diff = compare(BASE, {**BASE, "hosts": {**BASE["hosts"], "www": {"cname": "cdn.example.net"}}})
    [change] = diff.records
    assert (change.action, change.type, change.fields) == ("changed", "CNAME", ("content",))
    assert (change.old.content, change.new.content) == ("example.org", "cdn.example.net")


def test_one_address_of_a_set_replaced_is_a_remove_and_an_add() -> None:
    diff = compare(BASE, {**BASE, "hosts": {**BASE["hosts"], "apex": {"ipv4": ["192.0.2.1", "192.0.2.3"]}}})
    assert [(c.action, c.type, c.record.content) for c in diff.records] == [
        ("removed", "A", "192.0.2.2"), ("added", "A", "192.0.2.3")]


def test_proxy_and_ttl_changes_keep_the_identity() -> None:
    base = {**BASE, "canonical": "www"}  # a DNS-only www must be the canonical host (nothing redirects it)
    head = {**base, "hosts": {**BASE["hosts"], "www": {"cname": "example.org", "proxied": False, "ttl": 300}}}
    [change] = compare(base, head).records
    assert change.fields == ("ttl", "proxied")


def test_spec_order_does_not_change_the_diff() -> None:
    head = {**BASE, "records": [{"name": "c", "type": "TXT", "content": "three"}]}
    shuffled_base = {**BASE, "records": list(reversed(BASE["records"])),
                     "hosts": dict(reversed(list(BASE["hosts"].items())))}
    for fmt in ("text", "json", "markdown"):
        assert render_diff(compare(BASE, head), fmt) == render_diff(compare(shuffled_base, head), fmt)


def test_a_changed_cache_setting_changes_the_rule_by_ref() -> None:
    diff = compare(BASE, {**BASE, "cache": {"edge_ttl": 600}})
    [change] = diff.cache_rules
    assert (change.action, change.ref) == ("changed", "cache_static_assets")
    assert "edge_ttl" in change.fields
    assert "| changed | cache_static_assets | cache | 86400s → 600s | 3600s |" in render_diff(diff, "markdown")


def test_rate_limit_rules_are_diffed_by_ref() -> None:
    limited = {**BASE, "rate_limits": {"abuse": {"paths": ["/login"], "requests": 10}}}
    diff = compare(BASE, limited)
    [change] = diff.rate_limits
    assert change.action == "added" and change.kind == "ratelimit"
    markdown = render_diff(diff, "markdown")
    assert "#### Rate limit rules (1 added)" in markdown and "| /login | 10 per 10s |" in markdown
