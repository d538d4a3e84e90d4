"""DnsRecord arguments from planned records: the Cloudflare shapes per record type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.records import character_string, dns_record_args, summary_line, txt_content
from launchready.core.naming import DNS_RECORD_TYPE
from launchready.core.plan import PlannedRecord
from launchready.core.plan.model import CaaData, SrvData
from launchready.core.plan.records import txt_record
from tests.components.conftest import Run


def planned(**fields: Any) -> PlannedRecord:
    defaults: dict[str, Any] = {"name": "example.com", "ttl": 3600, "key": "apex-test", "source": "records[0]"}
    return PlannedRecord(**{**defaults, **fields})


def test_proxied_address_records_always_use_automatic_ttl() -> None:
    args = dns_record_args(planned(type="A", content="192.0.2.10", ttl=300, proxied=True, source="hosts.apex"))
    assert args == {"name": "example.com", "type": "A", "content": "192.0.2.10", "ttl": 1, "proxied": True,
                    "comment": "managed by launchready (hosts.apex)"}


def test_dns_only_records_state_proxied_false_and_keep_their_ttl() -> None:
    args = dns_record_args(planned(type="CNAME", content="status.example.org", ttl=300))
    assert (args["proxied"], args["ttl"]) == (False, 300)


def test_mx_priority_is_top_level_and_mx_is_never_proxied() -> None:
    args = dns_record_args(planned(type="MX", content="mx1.mail.example.net", priority=10))
    assert args["priority"] == 10 and args["content"] == "mx1.mail.example.net"
    assert "proxied" not in args and "data" not in args


@pytest.mark.parametrize(("text", "quoted"), [
    ("v=spf1 -all", '"v=spf1 -all"'),
    ('say "hi"', '"say \\"hi\\""'),
    ("back\\slash", '"back\\\\slash"'),
])
def test_character_strings_escape_quotes_and_backslashes(text: str, quoted: str) -> None:
    assert character_string(text) == quoted


def test_long_txt_is_sent_as_several_quoted_strings_of_at_most_255_bytes() -> None:
    text = "v=DKIM1; k=rsa; p=" + "A" * 400
    record = txt_record("s1._domainkey.example.com", "example.com", text, 3600, "records[0]")
    content = txt_content(record)
    strings = content[1:-1].split('" "')
    assert len(strings) == 2 and "".join(strings) == text
    assert all(len(part.encode()) <= 255 for part in strings)
    assert dns_record_args(record)["content"] == content


def test_caa_is_sent_as_data_without_content() -> None:
    record = planned(type="CAA", content='0 issue "letsencrypt.org"',
                     caa=CaaData(flags=0, tag="issue", value="letsencrypt.org"))
    args = dns_record_args(record)
    assert args["data"] == {"flags": 0, "tag": "issue", "value": "letsencrypt.org"}
    assert "content" not in args and "proxied" not in args


def test_srv_sends_priority_weight_port_and_target_as_data() -> None:
    args = dns_record_args(planned(name="_sip._tls.example.com", type="SRV", content="sip.example.net",
                                   priority=10, srv=SrvData(weight=5, port=443, target="sip.example.net")))
    assert args["data"] == {"priority": 10, "weight": 5, "port": 443, "target": "sip.example.net"}
    assert "priority" not in args and "content" not in args


def test_srv_without_weight_and_port_is_refused_with_its_source() -> None:
    with pytest.raises(ValueError, match=r"records\[0\]: an SRV record without priority, weight, port and target"):
        dns_record_args(planned(type="SRV", content="sip.example.net", priority=10))


def test_summary_line_shows_priority_and_automatic_ttl() -> None:
    assert summary_line(planned(type="MX", content="mx1.example.net", priority=10)) == (
        "example.com MX 10 mx1.example.net 3600")
    assert summary_line(planned(type="A", content="192.0.2.10", ttl=1, proxied=True)) == (
        "example.com A 192.0.2.10 auto")


COMMENTED: dict[str, Any] = {
    "zone": "example.org", "origin": {"ipv4": ["192.0.2.10"]},
    "records": [{"name": "help", "type": "CNAME", "content": "support.example.net",
                 "comment": "Zendesk, owner: support team"}],
}


def test_the_spec_comment_is_sent_with_launchreadys_marker(program: Callable[[str, Any], Run]) -> None:
    """Under the mocks: records[].comment reaches Cloudflare (an adopted record keeps the note its owner
    writes there), still marked as managed by launchready; hosts keep the marker alone."""
    records = program("prod", COMMENTED).of_type(DNS_RECORD_TYPE)
    comments = {(r["inputs"]["name"], r["inputs"]["type"]): r["inputs"]["comment"] for r in records}
    assert comments[("help.example.org", "CNAME")] == (
        "Zendesk, owner: support team (managed by launchready, records[0])")
    assert comments[("example.org", "A")] == "managed by launchready (hosts.apex)"


def test_a_record_without_a_note_keeps_the_marker_alone() -> None:
    assert dns_record_args(planned(type="A", content="192.0.2.10"))["comment"] == "managed by launchready (records[0])"
    assert dns_record_args(planned(type="A", content="192.0.2.10", note="VPN"))["comment"] == (
        "VPN (managed by launchready, records[0])")
