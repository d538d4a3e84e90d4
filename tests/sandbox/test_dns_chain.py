"""The sandbox's DNSSEC: signatures only for DO queries, NSEC proofs in negative answers, referrals from
the parent without AA, and keys made afresh for every chain."""

from __future__ import annotations

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from launchready.sandbox.dns import DnsServer, zone_from_plan
from launchready.sandbox.dns_chain import Chain, ChainFault, build_chain


@pytest.fixture(scope="module")
def chain(prod_plan) -> Chain:
    return build_chain(zone_from_plan(prod_plan), True)


def ask(server: DnsServer, name: str, rdtype: str, dnssec: bool = True) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype, want_dnssec=dnssec)
    return dns.query.udp(query, server.address, port=server.port, timeout=2)


def types(section: list) -> set[str]:
    return {dns.rdatatype.to_text(rrset.rdtype) for rrset in section}


def test_rrsigs_come_only_with_the_do_bit(chain) -> None:
    with DnsServer(chain.child) as child:
        assert types(ask(child, "example.com", "DNSKEY").answer) == {"DNSKEY", "RRSIG"}
        assert types(ask(child, "example.com", "DNSKEY", dnssec=False).answer) == {"DNSKEY"}


def test_negative_answers_carry_signed_nsec_proofs(chain) -> None:
    with DnsServer(chain.child) as child:
        nxdomain = ask(child, "nothing-here.example.com", "A")
        nodata = ask(child, "www.example.com", "MX")
    assert nxdomain.rcode() == dns.rcode.NXDOMAIN and {"SOA", "RRSIG", "NSEC"} <= types(nxdomain.authority)
    assert nodata.rcode() == dns.rcode.NOERROR and not nodata.answer and "NSEC" in types(nodata.authority)


def test_the_parent_refers_without_aa_and_answers_the_ds_itself(chain) -> None:
    with DnsServer(chain.parent) as parent:
        referral = ask(parent, "www.example.com", "A")
        ds = ask(parent, "example.com", "DS")
    assert not referral.flags & dns.flags.AA and not referral.answer
    assert {"NS", "DS", "RRSIG"} <= types(referral.authority) and types(referral.additional) >= {"A"}
    assert ds.flags & dns.flags.AA and types(ds.answer) == {"DS", "RRSIG"}
    assert f"IN DS {ds.answer[0][0]}" in chain.ds[0]


def test_every_chain_has_its_own_keys(prod_plan) -> None:
    first, second = (build_chain(zone_from_plan(prod_plan), True, ChainFault.NONE) for _ in range(2))
    assert first.ds != second.ds and first.trust_anchor != second.trust_anchor
