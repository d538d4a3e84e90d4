"""Expectations come from the plan alone: one per (name, type), by proxy status and record type."""

from __future__ import annotations

from launchready.core.plan import build_plan
from launchready.core.spec.models import HostSpec
from validators.dns.expect import expectations


def by_key(plan):
    return {(e.name, e.rdtype): e for e in expectations(plan)}


def test_proxied_hosts_expect_cloudflare_addresses_and_hide_every_origin(staging_plan):
    found = by_key(staging_plan)
    www_a, api_aaaa = found[("www.example.net", "A")], found[("api.example.net", "AAAA")]
    assert www_a.kind == "proxied" and www_a.values == ()
    assert {"192.0.2.50", "2001:db8::50", "198.51.100.7", "staging-app.paas.example.org"} <= set(www_a.origin)
    assert not api_aaaa.required  # api declares IPv4 only: no AAAA is acceptable
    assert found[("app.example.net", "AAAA")].required  # a proxied CNAME answers both families


def test_dns_only_records_expect_their_exact_sets(staging_plan):
    found = by_key(staging_plan)
    assert found[("status.example.net", "CNAME")].values == ("status.uptime.example.org",)
    assert "staging-verification=4f1c2d" in found[("example.net", "TXT")].values
    caa = found[("example.net", "CAA")]
    assert caa.kind == "caa" and '0 issue "letsencrypt.org"' in caa.values


def test_the_apex_never_answers_a_cname(prod_plan):
    apex = by_key(prod_plan)[("example.com", "CNAME")]
    assert apex.kind == "no_cname" and apex.apex and not apex.required


def test_one_expectation_per_name_and_type(prod_plan, staging_plan):
    for plan in (prod_plan, staging_plan):
        keys = [e.key for e in expectations(plan)]
        assert len(keys) == len(set(keys))


def test_dns_only_flattened_apex_expects_addresses_not_the_cname(staging_stack):
    spec = staging_stack.spec
    hosts = {**spec.hosts, "apex": HostSpec(cname="edge.example.org", proxied=False, flatten=True, ttl=300)}
    found = by_key(build_plan(spec.model_copy(update={"hosts": hosts}), "staging"))
    assert found[("example.net", "A")].kind == "flattened"
    assert found[("example.net", "CNAME")].kind == "no_cname"
