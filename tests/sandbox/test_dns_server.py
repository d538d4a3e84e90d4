"""The loopback DNS server: Cloudflare-like answers, each fault on the wire, latency, clean shutdown."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.zone
import pytest

from launchready.core.cloudflare_ips import pinned_ranges
from launchready.sandbox.dns import DnsServer, Fault, ZoneData, zone_from_plan


@pytest.fixture
def zone(staging_plan) -> ZoneData:
    return zone_from_plan(staging_plan)


def query(server: DnsServer, name: str, rdtype: str, *, tcp: bool = False, edns: int = 0,
          timeout: float = 2.0) -> dns.message.Message:
    message = dns.message.make_query(name, rdtype, use_edns=edns)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(message, server.address, timeout=timeout, port=server.port)


def addresses(response: dns.message.Message) -> set[str]:
    return {rdata.to_text() for rrset in response.answer for rdata in rrset if rrset.rdtype in (1, 28)}


def test_proxied_names_answer_from_cloudflare_ranges_over_udp_and_tcp(zone):
    ranges = pinned_ranges()
    with DnsServer(zone) as server:
        for name in ("example.net", "www.example.net", "app.example.net"):
            for rdtype in ("A", "AAAA"):
                for tcp in (False, True):
                    response = query(server, name, rdtype, tcp=tcp)
                    assert response.flags & dns.flags.AA
                    assert addresses(response) and all(ranges.contains(a) for a in addresses(response))
                    assert all(rrset.rdtype != dns.rdatatype.CNAME for rrset in response.answer)


def test_apex_has_soa_ns_and_cloudflare_caa_and_no_cname(zone):
    with DnsServer(zone) as server:
        assert query(server, "example.net", "SOA").answer[0][0].serial == zone.serial
        assert {r.to_text() for r in query(server, "example.net", "NS").answer[0]} == {
            "ns1.example.net.", "ns2.example.net."}
        caa = {r.to_text() for r in query(server, "example.net", "CAA").answer[0]}
        assert '0 issuewild "pki.goog; cansignhttpexchanges=yes"' in caa and '0 issue "letsencrypt.org"' in caa
        no_cname = query(server, "example.net", "CNAME")
        assert no_cname.answer == [] and no_cname.rcode() == dns.rcode.NOERROR


def test_dns_only_records_and_negative_answers(zone):
    with DnsServer(zone) as server:
        status = query(server, "status.example.net", "A")
        assert status.answer[0].rdtype == dns.rdatatype.CNAME  # DNS-only: the CNAME is visible
        missing = query(server, "missing.example.net", "A")
        assert missing.rcode() == dns.rcode.NXDOMAIN and missing.authority[0].rdtype == dns.rdatatype.SOA
        assert query(server, "_domainkey.example.net", "TXT").rcode() == dns.rcode.NOERROR  # empty non-terminal
        assert query(server, "example.org", "A").rcode() == dns.rcode.REFUSED  # not this server's zone


@pytest.mark.parametrize(("fault", "rcode"), [(Fault.SERVFAIL, dns.rcode.SERVFAIL), (Fault.REFUSED, dns.rcode.REFUSED),
                                              (Fault.NXDOMAIN, dns.rcode.NXDOMAIN), (Fault.FORMERR, dns.rcode.FORMERR)])
def test_rcode_faults(zone, fault, rcode):
    with DnsServer(zone, fault) as server:
        assert query(server, "www.example.net", "A").rcode() == rcode
        assert query(server, "www.example.net", "A", tcp=True).rcode() == rcode


def test_stale_origin_leak_and_lame_faults(zone, staging_plan):
    with DnsServer(zone, Fault.STALE) as server:
        assert addresses(query(server, "www.example.net", "A")) == {"203.0.113.10"}
        assert query(server, "example.net", "SOA").answer[0][0].serial == zone.serial - 1
    with DnsServer(zone, Fault.ORIGIN_LEAK) as server:
        assert addresses(query(server, "www.example.net", "A")) == {"192.0.2.50"}
        assert query(server, "app.example.net", "A").answer[0].rdtype == dns.rdatatype.CNAME
    with DnsServer(zone, Fault.LAME) as server:
        response = query(server, "www.example.net", "A")
        assert addresses(response) and not response.flags & dns.flags.AA


def test_silent_never_answers_either_transport(zone):
    with DnsServer(zone, Fault.SILENT) as server:
        with pytest.raises(dns.exception.Timeout):
            query(server, "www.example.net", "A", timeout=0.3)
        with pytest.raises(dns.exception.Timeout):
            query(server, "www.example.net", "A", tcp=True, timeout=0.3)
        assert server.queries == 2


def test_truncate_fault_sets_tc_over_udp_and_answers_over_tcp(zone):
    with DnsServer(zone, Fault.TRUNCATE) as server:
        truncated = query(server, "www.example.net", "A")
        assert truncated.flags & dns.flags.TC and truncated.answer == []
        assert addresses(query(server, "www.example.net", "A", tcp=True))


def test_an_answer_too_big_for_udp_is_truncated_without_a_fault():
    text = "@ 3600 IN SOA ns. h. 1 2 3 4 5\n@ 3600 IN NS ns.\n" + "".join(
        f'big 300 IN TXT "{"x" * 200}-{i}"\n' for i in range(10))
    big = ZoneData(dns.zone.from_text(text, origin="example.net."))
    with DnsServer(big) as server:
        truncated = query(server, "big.example.net", "TXT", edns=-1)  # no EDNS: 512 bytes at most
        assert truncated.flags & dns.flags.TC and truncated.answer == []
        assert len(query(server, "big.example.net", "TXT", tcp=True).answer[0]) == 10


def test_zone_and_fault_can_change_while_running(zone):
    with DnsServer(zone, Fault.STALE) as server:
        assert addresses(query(server, "www.example.net", "A")) == {"203.0.113.10"}
        server.fault = Fault.NONE
        assert "203.0.113.10" not in addresses(query(server, "www.example.net", "A"))


def test_latency_delays_replies_without_serialising_them(zone):
    with DnsServer(zone, latency=0.3) as server:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(lambda _: query(server, "www.example.net", "A"), range(20)))
        elapsed = time.monotonic() - started
    assert all(addresses(r) for r in results)
    assert 0.3 <= elapsed < 1.5  # 20 queries cost about one latency, not twenty


def test_stop_joins_the_thread_and_frees_both_ports(zone):
    before = threading.active_count()
    with DnsServer(zone) as server:
        port = server.port
        assert port > 0 and threading.active_count() == before + 1
    assert threading.active_count() == before
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))  # raises if the server still held it


def test_a_taken_port_is_reported_not_hung(zone):
    with DnsServer(zone) as first, pytest.raises(OSError, match="could not bind"):
        DnsServer(zone, port=first.port).start()
