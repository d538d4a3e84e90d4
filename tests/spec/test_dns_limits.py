"""The spec refuses what DNS or Cloudflare cannot hold, and each message names the limit and why."""

from __future__ import annotations

from typing import Any

import pytest

from launchready.core.errors import SpecError
from launchready.core.stack import accept

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}}


def problems(**extra: Any) -> list[str]:
    with pytest.raises(SpecError) as caught:
        accept({**BASE, **extra})
    return [str(p) for p in caught.value.problems]


def cname(name: str, target: str) -> dict[str, str]:
    return {"name": name, "type": "CNAME", "content": target}


def test_a_two_record_cname_loop_is_refused_once() -> None:
    found = problems(records=[cname("a", "b.example.com"), cname("b", "a.example.com")])
    assert found == ["records[0]: the CNAMEs a.example.com → b.example.com → a.example.com form a loop no resolver "
                     "can follow; point one of them at the real target"]


def test_a_longer_loop_through_a_host_is_refused() -> None:
    found = problems(hosts={"api": {"cname": "c.example.com"}},
                     records=[cname("c", "d.example.com"), cname("d", "api.example.com")])
    assert len(found) == 1 and "api.example.com → c.example.com → d.example.com → api.example.com" in found[0]


def test_a_chain_that_ends_is_not_a_loop() -> None:
    plan = accept({**BASE, "records": [cname("a", "b.example.com"), cname("b", "target.example.net")]}).plan
    assert {(r.name, r.content) for r in plan.records if r.type == "CNAME"} == {
        ("a.example.com", "b.example.com"), ("b.example.com", "target.example.net")}


@pytest.mark.parametrize(("size", "limit"), [(5_000, "Cloudflare's limit of 4,096 bytes per record"),
                                             (70_000, "65,535 bytes of data (RFC 1035 §3.2.1)"),
                                             (2_000_000, "65,535 bytes of data (RFC 1035 §3.2.1)")])
def test_txt_content_over_the_record_limits_names_the_limit(size: int, limit: str) -> None:
    [found] = problems(records=[{"name": "t", "type": "TXT", "content": "x" * size}])
    assert found.startswith("records[0].content: ") and limit in found


def test_records_of_one_name_and_type_share_cloudflare_s_8192_characters() -> None:
    records = [{"name": "t", "type": "TXT", "content": f"{i}" + "x" * 3000} for i in range(3)]
    [found] = problems(records=records)
    assert "hold 9,003 characters together, over Cloudflare's limit of 8,192" in found


@pytest.mark.parametrize("where", ["records", "hosts"])
def test_an_ipv6_zone_index_is_not_record_data(where: str) -> None:
    extra = ({"records": [{"name": "v6", "type": "AAAA", "content": "fe80::1%eth0"}]} if where == "records"
             else {"hosts": {"app": {"ipv6": ["fe80::1%eth0"]}}})
    [found] = problems(**extra)
    assert "carries a zone index (%eth0)" in found


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[2J", "x\x7f", "\x85"])
def test_control_characters_in_text_are_refused_with_why(text: str) -> None:
    [found] = problems(records=[{"name": "t", "type": "TXT", "content": text}])
    assert found.startswith("records[0].content: holds a control character (U+")
    assert "printable text only" in found
