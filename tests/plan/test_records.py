"""Table tests for the record planner: names, keys, TTLs, TXT splitting and CAA."""

from __future__ import annotations

from typing import Any

import pytest

from launchready.core.plan.records import split_txt
from launchready.core.stack import accept
from tests.email.keys import rsa_record

BASE: dict[str, Any] = {
    "zone": "example.com",
    "origin": {"ipv4": ["192.0.2.10"], "ipv6": ["2001:db8::10"]},
    "hosts": {"apex": {}, "www": {}},
}


def records(**extra: Any) -> list[tuple[str, str, str, int, bool, str]]:
    plan = accept({**BASE, **extra}, stack="t").plan
    return [(r.name, r.type, r.content, r.ttl, r.proxied, r.key) for r in plan.records]


def test_web_hosts_use_the_origin_proxied_with_auto_ttl() -> None:
    assert records()[:4] == [
        ("example.com", "A", "192.0.2.10", 1, True, "apex-a-192-0-2-10"),
        ("example.com", "AAAA", "2001:db8::10", 1, True, "apex-aaaa-2001-db8-10"),
        ("www.example.com", "A", "192.0.2.10", 1, True, "www-a-192-0-2-10"),
        ("www.example.com", "AAAA", "2001:db8::10", 1, True, "www-aaaa-2001-db8-10"),
    ]


@pytest.mark.parametrize(("host", "expected"), [
    ({"cname": "App.PaaS.example.org."}, [("app.example.com", "CNAME", "app.paas.example.org", 1, True, "app-cname")]),
    ({"ipv4": ["198.51.100.1", "198.51.100.2"]}, [
        ("app.example.com", "A", "198.51.100.1", 1, True, "app-a-198-51-100-1"),
        ("app.example.com", "A", "198.51.100.2", 1, True, "app-a-198-51-100-2")]),
    ({"cname": "x.example.org", "proxied": False, "ttl": 300},
     [("app.example.com", "CNAME", "x.example.org", 300, False, "app-cname")]),
])
def test_host_targets(host: dict[str, Any], expected: list[tuple[Any, ...]]) -> None:
    planned = records(hosts={**BASE["hosts"], "app": host})
    assert [r for r in planned if r[0] == "app.example.com"] == expected


def test_extra_records_default_to_an_hour_and_keep_priority() -> None:
    plan = accept({**BASE, "records": [
        {"name": "@", "type": "MX", "content": "MX1.example.net", "priority": 10},
        {"name": "help", "type": "CNAME", "content": "support.example.org"},
    ]}, stack="t").plan
    mx, cname = (r for r in plan.records if r.source.startswith("records"))
    assert (mx.name, mx.content, mx.priority, mx.ttl, mx.key) == ("example.com", "mx1.example.net", 10, 3600,
                                                                   "apex-mx-10-mx1-example-net")
    assert (cname.name, cname.proxied, cname.key) == ("help.example.com", False, "help-cname")


def test_caa_keeps_cloudflare_authorities_and_iodef() -> None:
    plan = accept({**BASE, "caa": {"iodef": "mailto:security@example.com"}}, stack="t").plan
    caa = [r.content for r in plan.records if r.type == "CAA"]
    assert caa == ['0 issue "letsencrypt.org"', '0 issue "pki.goog"', '0 issue "ssl.com"',
                   '0 issue "sectigo.com"', '0 iodef "mailto:security@example.com"']


def test_long_txt_is_split_into_255_byte_strings() -> None:
    text = rsa_record()  # 410 bytes
    plan = accept({**BASE, "records": [{"name": "s1._domainkey", "type": "TXT", "content": text}]}, stack="t").plan
    (txt,) = [r for r in plan.records if r.type == "TXT"]
    assert txt.content == text
    assert [len(s) for s in txt.txt_strings] == [255, len(text) - 255]


def test_split_never_cuts_a_utf8_sequence() -> None:
    text = "é" * 200  # 400 bytes, two bytes each
    parts = split_txt(text)
    assert "".join(parts) == text
    assert all(len(p.encode()) <= 255 for p in parts)


def test_keys_do_not_depend_on_order() -> None:
    hosts = {"apex": {}, "www": {}, "api": {"cname": "a.example.org"}, "app": {"ipv4": ["198.51.100.1"]}}
    forward = records(hosts=hosts)
    backward = records(hosts=dict(reversed(list(hosts.items()))))
    assert sorted(r[5] for r in forward) == sorted(r[5] for r in backward)


def test_srv_content_is_the_target_with_weight_and_port_beside_it() -> None:
    plan = accept({**BASE, "records": [
        {"name": "_sip._tcp", "type": "SRV", "priority": 10, "content": "5 5061 SIP.example.net."}]}, stack="t").plan
    (srv,) = [r for r in plan.records if r.type == "SRV"]
    assert (srv.name, srv.content, srv.priority) == ("_sip._tcp.example.com", "sip.example.net", 10)
    assert srv.srv is not None and (srv.srv.weight, srv.srv.port) == (5, 5061)
    assert srv.key == "sip-tcp-srv-10-5-5061-sip-example-net"  # from the declared content


def test_growing_a_host_to_two_addresses_keeps_the_first_record_name() -> None:
    """Cloudflare refuses to create a record identical to one that exists (81058), and Pulumi
    creates before it deletes: the first address must keep its name when a second one arrives."""
    one = records(hosts={**BASE["hosts"], "app": {"ipv4": ["198.51.100.1"]}})
    two = records(hosts={**BASE["hosts"], "app": {"ipv4": ["198.51.100.1", "198.51.100.2"]}})
    first = next(r[5] for r in one if r[0] == "app.example.com")
    assert first in {r[5] for r in two}
