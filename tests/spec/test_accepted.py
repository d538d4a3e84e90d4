"""Valid specs that look risky must plan: the rules reject what Cloudflare or DNS would refuse, no more."""

from __future__ import annotations

from typing import Any

import pytest

from launchready.core.errors import SpecError
from launchready.core.stack import accept

PAAS = "app.paas.example.org"


def planned(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    plan = accept(data, source="Pulumi.test.yaml", stack="t").plan
    return [(r.name, r.type, r.content) for r in plan.records]


def test_a_flattened_apex_cname_keeps_caa_spf_and_mx_beside_it() -> None:
    records = planned({"zone": "example.com", "hosts": {"apex": {"cname": PAAS, "flatten": True},
                                                         "www": {"cname": PAAS}},
                       "email": {"sends_mail": False}})
    apex = {(rtype, content) for name, rtype, content in records if name == "example.com"}
    assert ("CNAME", PAAS) in apex
    assert {"CAA", "TXT", "MX"} <= {rtype for rtype, _ in apex}


def test_host_labels_ignore_case_and_may_be_internationalised() -> None:
    records = planned({"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]},
                       "hosts": {"@": {}, "WWW": None, "bücher": {}},
                       "redirects": [{"from": "/a", "to": "/b", "host": "APEX"}]})
    assert {name for name, _, _ in records} >= {"example.com", "www.example.com", "xn--bcher-kva.example.com"}


def test_apex_and_www_left_out_use_the_origin() -> None:
    """The spec sketch's twenty-line stack names www but not the apex."""
    for hosts in ({}, {"hosts": None}, {"hosts": {"www": {}}}, {"hosts": {"api": {"cname": "api-origin.example.net"}}}):
        records = planned({"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, **hosts})
        assert {("example.com", "A", "192.0.2.10"), ("www.example.com", "A", "192.0.2.10")} <= set(records)


def test_without_an_origin_apex_and_www_must_be_declared() -> None:
    with pytest.raises(SpecError) as caught:
        accept({"zone": "example.com", "hosts": None})
    assert {p.path for p in caught.value.problems} == {"hosts.apex", "hosts.www"}


def test_a_subdomain_delegation_plans_with_its_glue() -> None:
    records = planned({"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}},
                       "records": [{"name": "dev", "type": "NS", "content": "ns1.dev.example.com"},
                                   {"name": "ns1.dev", "type": "A", "content": "192.0.2.53"}]})
    assert ("dev.example.com", "NS", "ns1.dev.example.com") in records
    assert ("ns1.dev.example.com", "A", "192.0.2.53") in records
