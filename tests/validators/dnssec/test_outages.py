"""Servers that do not answer are an outage to report, never a reason to touch the DS: "could not check",
the silent servers named, no registrar advice. Against a signed zone and its parent on loopback servers."""

from __future__ import annotations

import pytest

from launchready.core.findings import Severity
from launchready.sandbox.dns import Fault, zone_from_plan
from launchready.sandbox.dns_chain import Chain, ChainFault, build_chain, nameservers_of, parent_zone
from tests.validators.dnssec.conftest import SILENT_TIMEOUT, by_check, endpoint, one

REGISTRAR_ADVICE = ("registrar", "stale DS", "Remove the DS", "not signed")


@pytest.mark.parametrize("fault", [Fault.SILENT, Fault.REFUSED, Fault.SERVFAIL, Fault.NXDOMAIN, Fault.LAME])
def test_servers_that_do_not_answer_are_could_not_check_never_remove_the_ds(world, fault) -> None:
    w = world(child_fault=fault)
    findings = w.run(nameserver_port=w.child.port, timeout=SILENT_TIMEOUT)
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.ERROR and "could not check" in state.message
    assert f"{w.child.address}:{w.child.port}" in state.message
    for finding in findings:
        assert not any(advice in finding.message for advice in REGISTRAR_ADVICE), finding.message
    assert by_check(findings, "dns.delegation.server") == [], "the zone's own NS set is unknown, not empty"


def test_an_unanswered_zone_never_passes_even_without_a_ds(world) -> None:
    findings = world(stack_name="staging", child_fault=Fault.REFUSED).run()
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.ERROR and "could not check" in state.message


def test_a_silent_server_only_the_parent_lists_is_not_called_gone(world, prod_plan) -> None:
    zone = zone_from_plan(prod_plan)
    chain = build_chain(zone, True)
    assert chain.child_key is not None
    servers = {**nameservers_of(zone), "ns3.example.com.": ["127.0.0.1"]}
    parent = parent_zone(zone, servers, [chain.child_key.ds(zone.origin)], chain.parent_key)
    w = world(chain=Chain(chain.child, parent, chain.parent_key, chain.child_key))
    silent = w.start(zone, Fault.SILENT)
    server = one(w.run(nameserver_port=silent.port, timeout=SILENT_TIMEOUT), "dns.delegation.server")
    assert server.severity is Severity.ERROR and "did not answer" in server.message
    assert "does not serve" not in server.message
    assert "If you no longer use it, remove it at the registrar" in server.message


def test_a_secure_chain_with_one_silent_server_is_not_a_pass(world) -> None:
    w = world()
    silent = w.start(w.chain.child, Fault.SILENT)
    where = f"{silent.address}:{silent.port}"
    findings = w.run(authoritative=(endpoint(w.child), endpoint(silent)), timeout=SILENT_TIMEOUT)
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.WARNING and f"could not check {where}" in state.message
    assert "Keep the DS" in state.message and "registrar" not in state.message


DS_ADVICE = ("Remove the DS", "remove the DS", "Replace the DS", "stale DS", "DS at the registrar")


def test_a_server_serving_the_zone_unsigned_beside_signed_ones_is_named_never_the_ds(world, prod_plan) -> None:
    """A stale secondary answers NOERROR with no DNSKEY while another server signs and a third is silent:
    the zone is signed; the unsigned server is the problem, and the DS must stay."""
    w = world()
    unsigned = w.start(zone_from_plan(prod_plan))
    silent = w.start(w.chain.child, Fault.SILENT)
    findings = w.run(authoritative=(endpoint(unsigned), endpoint(w.child), endpoint(silent)), timeout=SILENT_TIMEOUT)
    state = one(findings, "dnssec.state")
    where = f"{unsigned.address}:{unsigned.port}"
    assert state.severity is Severity.ERROR and f"{where} serve(s) the zone unsigned" in state.message
    assert "Keep the DS; fix that nameserver" in state.message and "remove it from the zone's NS set" in state.message
    assert f"could not check {silent.address}:{silent.port}" in state.message.lower()
    for finding in findings:
        assert not any(advice in finding.message for advice in DS_ADVICE), finding.message
    assert one(findings, "dnssec.ds").severity is Severity.INFO
    [copy] = [f for f in by_check(findings, "dnssec.rrsig") if f.resolver == where]
    assert copy.severity is Severity.ERROR and "serves the zone unsigned" in copy.message


def test_every_server_unsigned_beside_a_silent_one_still_says_remove_the_ds_first(world, prod_plan) -> None:
    w = world()
    unsigned = w.start(zone_from_plan(prod_plan))
    silent = w.start(w.chain.child, Fault.SILENT)
    state = one(w.run(authoritative=(endpoint(unsigned), endpoint(silent)), timeout=SILENT_TIMEOUT), "dnssec.state")
    assert state.severity is Severity.ERROR and "Remove the DS at the registrar first" in state.message


def test_before_the_ds_is_added_a_server_serving_the_zone_unsigned_is_to_fix_first(world, prod_plan) -> None:
    """No DS yet: nothing fails today, but adding the DS would make the unsigned copy an outage."""
    w = world(ChainFault.NO_DS)
    unsigned = w.start(zone_from_plan(prod_plan))
    where = f"{unsigned.address}:{unsigned.port}"
    findings = w.run(authoritative=(endpoint(w.child), endpoint(unsigned)))
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.WARNING and f"First fix or remove {where}" in state.message
    assert "Then add this DS at the registrar" in state.message
    [copy] = [f for f in by_check(findings, "dnssec.rrsig") if f.resolver == where]
    assert copy.severity is Severity.WARNING and "once the parent holds the zone's DS" in copy.message
