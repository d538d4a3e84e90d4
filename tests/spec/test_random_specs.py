"""Random stack configs end in either a valid plan or a clean SpecError, never anything else."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchready.core.errors import SpecError
from launchready.core.plan import build_plan
from launchready.core.stack import accept

labels = st.sampled_from(["apex", "www", "api", "app", "admin", "status", "eu.api", "eu-api", "eu_api", "-bad", "UPPER",
                          "x" * 70])
addresses_v4 = st.sampled_from(["192.0.2.10", "198.51.100.7", "203.0.113.300", "not-an-ip", "::1"])
addresses_v6 = st.sampled_from(["2001:db8::10", "2001:db8::zz", "192.0.2.1"])
names = st.sampled_from(["paas.example.org", "api-origin.example.net", "bad..name", "", "é.example.org"])
ttls = st.sampled_from([1, 30, 60, 300, 3600, 86400, 90000, -5])
anything = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=5))

hosts = st.fixed_dictionaries({}, optional={
    "ipv4": st.lists(addresses_v4, max_size=2), "ipv6": st.lists(addresses_v6, max_size=2),
    "cname": names, "proxied": st.booleans(), "ttl": ttls, "flatten": st.booleans(),
    "cache": st.sampled_from(["bypass", "standard", "sometimes"]), "proxyed": anything,
})
records = st.fixed_dictionaries({"type": st.sampled_from(["A", "AAAA", "CNAME", "MX", "TXT", "CAA", "LOC"])}, optional={
    "name": st.sampled_from(["@", "api", "help", "_dmarc", "bad name"]),
    "content": st.one_of(addresses_v4, names, st.text(max_size=300), st.lists(st.text(max_size=300), max_size=2)),
    "priority": st.integers(-1, 70000), "ttl": ttls, "proxied": st.booleans(),
    "tag": st.sampled_from(["issue", "iodef", "nope"]), "value": names,
})
redirects = st.fixed_dictionaries({"from": st.sampled_from(["/a", "/a/", "/b", "nope"]),
                                   "to": st.sampled_from(["/a", "/b", "/c", "https://example.org/x", "ftp://x"])},
                                  optional={"status": st.sampled_from([301, 302, 307, 308, 200]),
                                            "host": labels})
specs = st.fixed_dictionaries({"zone": st.sampled_from(["example.com", "example.net", "bad_zone-", ""])}, optional={
    "canonical": st.sampled_from(["apex", "www", "app"]),
    "origin": st.fixed_dictionaries({}, optional={"ipv4": st.lists(addresses_v4, max_size=2),
                                                  "cname": names}),
    "hosts": st.dictionaries(labels, st.one_of(st.none(), hosts), max_size=5),
    "records": st.lists(records, max_size=4),
    "redirects": st.lists(redirects, max_size=3),
    "tls": st.fixed_dictionaries({}, optional={"ssl": st.sampled_from(["strict", "off", "weird"]),
                                               "min_tls_version": st.sampled_from([1.2, "1.3", 2]),
                                               "hsts": st.fixed_dictionaries({}, optional={
                                                   "preload": st.booleans(), "max_age": ttls})}),
    "caa": st.fixed_dictionaries({}, optional={"issuers": st.lists(names, max_size=2),
                                               "override_cloudflare": st.booleans()}),
    "unexpected": anything,
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs)
def test_random_spec_plans_or_fails_cleanly(data: dict[str, Any]) -> None:
    try:
        spec = accept(data, source="Pulumi.fuzz.yaml").spec
    except SpecError as error:
        assert error.problems, "a SpecError always lists at least one problem"
        assert all(str(p) for p in error.problems)
        return
    plan = build_plan(spec, "fuzz")
    assert plan.zone == spec.zone.name
    assert all(r.ttl == 1 for r in plan.records if r.proxied)
    assert len({r.key for r in plan.records}) == len(plan.records), "record keys name resources: unique"
    assert len({r.ref for r in plan.redirects}) == len(plan.redirects), "a ruleset's rule refs are unique"


txt_values = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=600)
extra_hosts = st.fixed_dictionaries({}, optional={
    "api": st.just({"cname": "api-origin.example.net"}),
    "app": st.just({"ipv4": ["198.51.100.7"], "ipv6": ["2001:db8::7"]}),
    "admin": st.just({"ipv4": ["198.51.100.8"], "proxied": False, "ttl": 300}),
})
valid_specs = st.builds(
    lambda zone, canonical, extra, txts, moved: {
        "zone": zone, "canonical": canonical, "origin": {"ipv4": ["192.0.2.10"]},
        "hosts": {"apex": {}, "www": {}, **extra},
        "records": [{"type": "TXT", "content": t} for t in txts],
        "redirects": [{"from": f"/old-{i}", "to": f"/new-{i}"} for i in range(moved)],
    },
    st.sampled_from(["example.com", "example.net"]), st.sampled_from(["apex", "www"]), extra_hosts,
    st.lists(txt_values, max_size=3, unique=True), st.integers(0, 3),
)


@settings(max_examples=100, deadline=None)
@given(valid_specs)
def test_valid_random_spec_always_plans(data: dict[str, Any]) -> None:
    plan = accept(data, source="Pulumi.fuzz.yaml", stack="fuzz").plan
    txt = [r for r in plan.records if r.type == "TXT"]
    assert sorted(r.content for r in txt) == sorted(data["records"][i]["content"] for i in range(len(txt)))
    assert all(len(s.encode()) <= 255 for r in txt for s in r.txt_strings)
    assert len(plan.redirects) == len(data["redirects"]) + 1
