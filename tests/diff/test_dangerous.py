"""Each dangerous-change rule on its own: what it flags, and the nearby change it leaves alone."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from launchready.core.stack import accept
from launchready.diff import PlanDiff, Side, diff_plans

BASE: dict[str, Any] = {
    "zone": "example.org",
    "origin": {"ipv4": ["192.0.2.10"]},
    "hosts": {"apex": {}, "www": {}},
    "records": [
        {"name": "@", "type": "MX", "content": "mx1.mail.example.net", "priority": 10},
        {"name": "@", "type": "TXT", "content": "v=spf1 include:_spf.mail.example.net -all"},
        {"name": "s1._domainkey", "type": "CNAME", "content": "s1.dkim.mail.example.net"},
        {"name": "_dmarc", "type": "TXT", "content": "v=DMARC1; p=quarantine"},
        {"name": "eu", "type": "NS", "content": "ns1.example.net"},
        {"name": "@", "type": "TXT", "content": "site-verification=abc"},
        {"name": "docs", "type": "CNAME", "content": "docs.saas.example.net"},
    ],
    "caa": {"iodef": "mailto:security@example.org"},
    "tls": {"ssl": "full", "hsts": {"max_age": 86400}},
}


def plan(spec: dict[str, Any]) -> Any:
    return accept(spec, stack="test").plan


def compare(base: dict[str, Any], head: dict[str, Any]) -> PlanDiff:
    return diff_plans(plan(base), plan(head), stack="test", base_side=Side(ref="a"), head_side=Side(ref="b"))


def edited(**changes: Any) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    spec.update(changes)
    return spec


def records_with(index: int, replacement: dict[str, Any] | None) -> list[dict[str, Any]]:
    records = copy.deepcopy(BASE["records"])
    if replacement is None:
        del records[index]
    else:
        records[index] = replacement
    return records


def rules(diff: PlanDiff) -> list[str]:
    return [danger.rule for danger in diff.dangers]


RECORD_CASES = [
    ("mx deleted", 0, None, "record.mx"),
    ("mx host changed", 0, {"name": "@", "type": "MX", "content": "mx9.mail.example.net", "priority": 10}, "record.mx"),
    ("mx priority changed", 0, {"name": "@", "type": "MX", "content": "mx1.mail.example.net", "priority": 5},
     "record.mx"),
    ("spf deleted", 1, None, "record.spf"),
    # the apex holds two TXT records, so the SPF edit reads as the old one deleted and a new one added
    ("spf changed", 1, {"name": "@", "type": "TXT", "content": "v=spf1 -all"}, "record.spf"),
    ("dkim deleted", 2, None, "record.dkim"),
    ("dkim retargeted", 2, {"name": "s1._domainkey", "type": "CNAME", "content": "other.example.net"},
     "record.dkim"),
    ("dmarc changed", 3, {"name": "_dmarc", "type": "TXT", "content": "v=DMARC1; p=none"}, "record.dmarc"),
    ("ns deleted", 4, None, "record.ns"),
    ("apex txt deleted", 5, None, "record.apex"),
]


@pytest.mark.parametrize(("index", "replacement", "rule"), [case[1:] for case in RECORD_CASES],
                         ids=[case[0] for case in RECORD_CASES])
def test_sensitive_record_deleted_or_changed(index: int, replacement: dict[str, Any] | None, rule: str) -> None:
    diff = compare(BASE, edited(records=records_with(index, replacement)))
    assert rules(diff) == [rule]
    if replacement is None:
        assert diff.dangers[0].message.startswith("deletes ")


def test_caa_deleted() -> None:
    diff = compare(BASE, edited(caa={}))
    assert rules(diff) == ["record.caa"]
    assert diff.dangers[0].subject == '@ CAA 0 iodef "mailto:security@example.org"'


def test_apex_address_changed() -> None:
    diff = compare(BASE, edited(origin={"ipv4": ["192.0.2.99"]}))
    assert rules(diff) == ["record.apex", "record.host"], "www moves with the apex"
    assert diff.dangers[0].message.startswith("changes @ A 192.0.2.10 to @ A 192.0.2.99")
    assert diff.dangers[1].change == "www A moves from 192.0.2.10 to 192.0.2.99"


def test_ordinary_changes_and_additions_are_not_dangerous() -> None:
    records = records_with(6, {"name": "docs", "type": "CNAME", "content": "docs2.saas.example.net"})
    records.append({"name": "help", "type": "CNAME", "content": "help.saas.example.net"})
    diff = compare(BASE, edited(records=records))
    assert len(diff.records) == 2
    assert rules(diff) == []


def test_a_backup_mx_added_beside_the_mail_server_is_flagged_as_such() -> None:
    records = [*BASE["records"], {"name": "@", "type": "MX", "content": "mx2.mail.example.net", "priority": 20}]
    diff = compare(BASE, edited(records=records))
    assert rules(diff) == ["record.mx-added"]
    assert diff.dangers[0].change == ("adds @ MX 20 mx2.mail.example.net beside 1 other MX: mx1.mail.example.net "
                                      "(priority 10) still receives first; it gets the mail when that does not answer")


def test_a_ttl_only_change_of_a_sensitive_record_is_not_dangerous() -> None:
    diff = compare(BASE, edited(records=records_with(0, {**BASE["records"][0], "ttl": 300})))
    assert [change.fields for change in diff.records] == [("ttl",)]
    assert rules(diff) == []


@pytest.mark.parametrize(("old", "new", "flagged"), [
    ("full", "flexible", True), ("full", "off", True), ("full", "strict", False), ("flexible", "full", False),
])
def test_ssl_weakened(old: str, new: str, flagged: bool) -> None:
    tls = {"always_use_https": new != "off", "hsts": {"enabled": new != "off", "max_age": 86400}}
    base_tls = {**tls, "always_use_https": old != "off", "hsts": {"enabled": old != "off", "max_age": 86400}}
    diff = compare(edited(tls={**base_tls, "ssl": old}), edited(tls={**tls, "ssl": new}))
    found = [r for r in rules(diff) if r.startswith("tls.ssl")]
    assert found == (["tls.ssl-weakened"] if flagged else [])


def test_hsts_removed() -> None:
    diff = compare(BASE, edited(tls={"ssl": "full", "hsts": {"enabled": False}}))
    assert rules(diff) == ["tls.hsts-removed"]


@pytest.mark.parametrize(("new", "flagged"), [(3600, True), (31536000, False)])
def test_hsts_max_age_shortened(new: int, flagged: bool) -> None:
    diff = compare(BASE, edited(tls={"ssl": "full", "hsts": {"max_age": new}}))
    assert rules(diff) == (["tls.hsts-shortened"] if flagged else [])


def test_canonical_host_switch() -> None:
    diff = compare(BASE, edited(canonical="www"))
    assert rules(diff) == ["redirect.canonical-switch"]
    assert diff.dangers[0].subject == "example.org → www.example.org"


def test_proxy_turned_off_on_a_web_host_exposes_the_origin() -> None:
    # canonical www: the host that redirects to the canonical one must stay proxied
    diff = compare(edited(canonical="www"), edited(canonical="www", hosts={"apex": {}, "www": {"proxied": False}}))
    assert rules(diff) == ["proxy.origin-exposed"]
    assert "192.0.2.10" in diff.dangers[0].message


def test_proxy_turned_on_is_not_dangerous() -> None:
    unproxied = edited(canonical="www", hosts={"apex": {}, "www": {"proxied": False}})
    assert rules(compare(unproxied, edited(canonical="www"))) == []


def zone_with_txt(count: int) -> dict[str, Any]:
    """apex A, www A, four CAA records and `count` TXT records below the apex."""
    records = [{"name": f"t{i}", "type": "TXT", "content": f"token-{i}"} for i in range(count)]
    return {"zone": "example.org", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}},
            "records": records}


def drop_txt(spec: dict[str, Any], count: int) -> dict[str, Any]:
    return {**spec, "records": spec["records"][count:]}


@pytest.mark.parametrize(("txt", "dropped", "flagged"), [
    (4, 3, False),   # 3 of 10: exactly 30% is still safe
    (4, 4, True),    # 4 of 10
    (3, 3, False),   # 3 of 9: the zone is too small for the threshold
])
def test_threshold_on_deletes(txt: int, dropped: int, flagged: bool) -> None:
    base = zone_with_txt(txt)
    diff = compare(base, drop_txt(base, dropped))
    assert rules(diff) == (["threshold.mass-change"] if flagged else [])


def test_threshold_counts_replaced_content() -> None:
    hosts = {label: {"ipv4": [f"198.51.100.{i}"]} for i, label in enumerate(("a", "b", "c", "d"), start=1)}
    base = {**zone_with_txt(0), "hosts": {"apex": {}, "www": {}, **hosts}}
    moved = {label: {"ipv4": ["203.0.113.1"]} for label in hosts}
    diff = compare(base, {**base, "hosts": {"apex": {}, "www": {}, **moved}})
    assert len(base["hosts"]) + 4 == 10
    assert rules(diff) == ["record.host"] * 4 + ["threshold.mass-change"], "each host moves, and 4 of 10 at once"
    assert diff.dangers[-1].subject == "4 of 10 records"


def test_nothing_is_dangerous_against_an_empty_base() -> None:
    diff = diff_plans(None, plan(BASE), stack="test", base_side=Side(ref="a", exists=False), head_side=Side(ref="b"))
    assert diff.records and rules(diff) == []


def test_switching_a_host_between_addresses_and_a_cname_is_flagged() -> None:
    to_cname = edited(hosts={"apex": {}, "www": {}, "app": {"cname": "app.paas.example.net"}})
    with_addresses = edited(hosts={"apex": {}, "www": {}, "app": {"ipv4": ["192.0.2.30"]}})
    assert "record.type-switch" in rules(compare(with_addresses, to_cname))
    assert "record.type-switch" in rules(compare(to_cname, with_addresses))
    (danger,) = [d for d in compare(with_addresses, to_cname).dangers if d.rule == "record.type-switch"]
    assert danger.subject == "app" and "81053" in danger.why


def test_changing_a_cname_target_is_not_a_type_switch() -> None:
    before = edited(hosts={"apex": {}, "www": {}, "app": {"cname": "app.paas.example.net"}})
    after = edited(hosts={"apex": {}, "www": {}, "app": {"cname": "app2.paas.example.net"}})
    assert "record.type-switch" not in rules(compare(before, after))
