"""Valid specs that look risky must plan: the rules reject what Cloudflare or DNS would refuse, no more."""

from __future__ import annotations

from typing import Any

from launchready.plan import build_plan
from launchready.spec import parse_spec

PAAS = "app.paas.example.org"


def planned(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    plan = build_plan(parse_spec(data, source="Pulumi.test.yaml"), "t")
    return [(r.name, r.type, r.content) for r in plan.records]


def test_a_flattened_apex_cname_keeps_caa_spf_and_mx_beside_it() -> None:
    records = planned({"zone": "example.com", "hosts": {"apex": {"cname": PAAS, "flatten": True},
                                                         "www": {"cname": PAAS}},
                       "email": {"sends_mail": False}})
    apex = {(rtype, content) for name, rtype, content in records if name == "example.com"}
    assert ("CNAME", PAAS) in apex
    assert {"CAA", "TXT", "MX"} <= {rtype for rtype, _ in apex}
