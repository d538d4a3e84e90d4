"""Hostile or broken surroundings give a finding (or exit 2 for bad flags), never a traceback or a hang:
a silent --parent, a resolver that strips DNSSEC records, answers that need TCP, algorithms and digests
that cannot or must not be used, and bad --parent / --assigned-ns values."""

from __future__ import annotations

import time

import dns.dnssec
import dns.rdata
import dns.rrset
import dns.zone

from launchready.core.findings import Severity
from launchready.sandbox.dns import Fault, ZoneData, zone_from_plan
from launchready.sandbox.dns_chain import ChainFault
from tests.clirun import invoke
from tests.conftest import ROOT
from tests.validators.dnssec.conftest import endpoint, errors, one
from validators.dnssec.algorithms import algorithm_finding, digest_finding
from validators.dnssec.chain import verify


def test_a_silent_parent_is_an_error_finding_within_the_timeout(world) -> None:
    w = world()
    silent = w.start(w.chain.parent, Fault.SILENT)
    started = time.monotonic()
    findings = w.run(parent=(endpoint(silent),), timeout=0.3)
    assert time.monotonic() - started < 2
    parent = one(findings, "dnssec.parent")
    assert parent.severity is Severity.ERROR and "--parent" in parent.message and "no answer in" in parent.message
    assert "dnssec.state" not in {f.check for f in findings}, "no state is claimed without the parent"


def test_a_parent_found_through_resolvers_that_refuse_is_a_warning(world) -> None:
    findings = world().run(parent=())
    parent = one(findings, "dnssec.parent")
    assert parent.severity is Severity.WARNING and "pass --parent" in parent.message


def test_everything_silent_ends_by_the_deadline(world) -> None:
    w = world()
    silent = endpoint(w.start(w.chain.child, Fault.SILENT))
    started = time.monotonic()
    findings = w.run(resolvers=(silent,), authoritative=(silent,), parent=(silent,), timeout=5, deadline=0.5)
    assert time.monotonic() - started < 1.5
    assert "dnssec.parent" in errors(findings) and "dns.delegation.transport" in errors(findings)


def test_a_resolver_that_strips_rrsigs_is_named(world, prod_plan) -> None:
    w = world()
    stripper = endpoint(w.start(zone_from_plan(prod_plan)))  # answers the zone, unsigned, whatever DO says
    ad = one(w.run(validating_resolvers=(stripper,)), "dnssec.ad")
    assert ad.severity is Severity.WARNING and "strips DNSSEC records" in ad.message


def test_a_validating_resolver_answering_servfail_is_the_outage(world) -> None:
    w = world(ChainFault.STALE_DS)
    servfail = endpoint(w.start(w.chain.child, Fault.SERVFAIL))
    ad = one(w.run(validating_resolvers=(servfail,)), "dnssec.ad")
    assert ad.severity is Severity.ERROR and "SERVFAIL" in ad.message


def test_answers_truncated_over_udp_are_fetched_over_tcp(world) -> None:
    findings = world(child_fault=Fault.TRUNCATE).run()
    assert errors(findings) == set()
    assert one(findings, "dnssec.state").severity is Severity.INFO


def test_an_algorithm_dnspython_cannot_verify_is_a_warning_not_a_crash() -> None:
    """ECC-GOST (algorithm 12, RFC 5933) has no implementation in dnspython or `cryptography`."""
    rrset = dns.rrset.from_text("example.com.", 300, "IN", "A", "192.0.2.1")
    keys = dns.rrset.from_text("example.com.", 300, "IN", "DNSKEY", "257 3 12 AAAAAAAA")
    rrsig = dns.rrset.from_text("example.com.", 300, "IN", "RRSIG", "A 12 2 300 20991231000000 20200101000000 "
                                f"{dns.dnssec.key_id(keys[0])} example.com. AAAA")
    verdict = verify(rrset, rrsig, keys)
    assert verdict.status == "unsupported" and "algorithm 12" in verdict.detail


def test_deprecated_algorithms_and_sha1_only_ds_are_flagged() -> None:
    def key(algorithm: int) -> dns.rdata.Rdata:
        return dns.rdata.from_text("IN", "DNSKEY", f"257 3 {algorithm} AwEAAQ==")

    assert algorithm_finding("example.com", [key(1)])[0].severity is Severity.ERROR      # RSAMD5: MUST NOT
    assert algorithm_finding("example.com", [key(5)])[0].severity is Severity.WARNING    # RSASHA1: deprecated
    assert algorithm_finding("example.com", [key(13)])[0].severity is Severity.INFO
    sha1 = dns.rdata.from_text("IN", "DS", "1 13 1 " + "ab" * 20)
    sha256 = dns.rdata.from_text("IN", "DS", "1 13 2 " + "ab" * 32)
    assert digest_finding("example.com", [sha1])[0].severity is Severity.WARNING
    assert digest_finding("example.com", [sha1, sha256])[0].severity is Severity.INFO


def test_bad_parent_and_assigned_ns_flags_are_bad_input() -> None:
    base = ("validate", "--project-dir", str(ROOT), "--stack", "prod", "--only", "dnssec", "--resolver", "127.0.0.1:9")
    run = invoke(*base, "--parent", "not-an-address")
    assert run.code == 2 and '--parent "not-an-address"' in run.stderr
    run = invoke(*base, "--assigned-ns", "bad name!")
    assert run.code == 2 and "--assigned-ns" in run.stderr and "Traceback" not in run.stderr


def test_a_digest_type_nobody_can_compute_is_a_warning() -> None:
    unknown = dns.rdata.from_text("IN", "DS", "1 13 99 " + "ab" * 32)
    [finding] = digest_finding("example.com", [unknown])
    assert finding.severity is Severity.WARNING and "99" in finding.message


def test_a_parent_that_says_the_zone_does_not_exist_is_a_delegation_error(world) -> None:
    w = world()
    empty = dns.zone.from_text("$ORIGIN com.\n@ 3600 SOA ns.com. h.com. 1 2 3 4 5\n@ 3600 NS ns.com.\n",
                               relativize=False)
    other = w.start(ZoneData(empty, refers=True))  # a parent without the zone's delegation
    findings = w.run(parent=(endpoint(other),))
    assert "does not exist" in one(findings, "dns.delegation.ns").message
    assert "dns.delegation.ns" in errors(findings)
