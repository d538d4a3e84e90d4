"""`launchready diff --live` before the first up, when the stack turns a proxied host DNS-only: the live
answers are Cloudflare's proxy addresses, not values to delete; and an undeclared MX or TXT (mail,
verification) is never advised deleted before the spec declares it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from launchready.core.stack import accept
from launchready.sandbox.dns import zone_from_plan
from tests.diff.conftest import STAGING, stack_yaml
from tests.diff.test_drift import live, serve, with_extra

__all__ = ["serve"]

DNS_ONLY_API = {**copy.deepcopy(STAGING), "hosts": {**STAGING["hosts"],  # type: ignore[dict-item]
                                                    "api": {"ipv4": ["198.51.100.7"], "proxied": False}}}
"""The stack after the founder's edit: api, proxied in the zone today, becomes DNS-only."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    (tmp_path / "Pulumi.staging.yaml").write_text(stack_yaml(DNS_ONLY_API))
    return tmp_path


def today() -> Any:
    """The zone as Cloudflare serves it today: api proxied (answering Cloudflare's addresses, A and AAAA)."""
    return zone_from_plan(accept(copy.deepcopy(STAGING), stack="staging").plan)


def about(report: dict[str, Any], check: str, name: str, rdtype: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if (f["check"], f["name"], f["type"]) == (check, name, rdtype)]


def test_proxy_addresses_at_a_name_the_plan_makes_dns_only_say_still_proxied(project: Path, serve: Any) -> None:
    server = serve(today())
    code, report = live(project, server)
    assert code == 1
    answers = about(report, "dns.answer", "api.example.net", "A")
    assert answers and all(f["severity"] == "error" for f in answers)
    for finding in answers:
        assert "still proxied" in finding["message"]
        assert "publishes 198.51.100.7" in finding["message"]
        assert "delete it" not in finding["message"] and "does not declare" not in finding["message"]
    [aaaa] = about(report, "drift.undeclared", "api.example.net", "AAAA")
    assert aaaa["severity"] == "warning"
    assert "still proxied" in aaaa["message"] and "delete it" not in aaaa["message"]


def test_an_undeclared_mx_or_txt_is_declared_before_any_delete(project: Path, serve: Any) -> None:
    zone = with_extra(today(), ("www.example.net.", "MX", "1 aspmx.l.google.com."),
                      ("api.example.net.", "TXT", '"google-site-verification=abc123"'))
    server = serve(zone)
    _, report = live(project, server)
    for name, rdtype in (("www.example.net", "MX"), ("api.example.net", "TXT")):
        [finding] = about(report, "drift.undeclared", name, rdtype)
        message = finding["message"]
        assert "Declare it under records: first" in message
        assert message.index("Declare it") < message.index("delete it in Cloudflare only as a deliberate step")


def test_an_extra_value_beside_a_planned_mx_is_declared_before_any_delete(project: Path, serve: Any) -> None:
    server = serve(with_extra(today(), ("example.net.", "MX", "1 aspmx.l.google.com.")))
    _, report = live(project, server)
    extra = about(report, "dns.answer", "example.net", "MX")
    assert extra and all("declare it under records: first" in f["message"] for f in extra)
