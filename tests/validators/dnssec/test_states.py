"""One test per DNSSEC state and per chain fault, against a signed zone and its parent on loopback: each
names its state, its severity and the founder's next step (the exact DS to add or remove)."""

from __future__ import annotations

from launchready.core.findings import Severity
from launchready.sandbox.dns import Fault, zone_from_plan
from launchready.sandbox.dns_chain import (
    OLD_NAMESERVER,
    Chain,
    ChainFault,
    SigningKey,
    build_chain,
    nameservers_of,
    parent_zone,
    sign,
)
from tests.validators.dnssec.conftest import by_check, errors, one


def ds_of(world) -> str:
    """The DS the sandbox made from the zone's own key: what the registrar must hold."""
    return world.chain.child_key.ds(world.chain.child.origin).to_text()


def test_signed_with_the_matching_ds_is_secure(world) -> None:
    w = world()
    findings = w.run()
    assert errors(findings) == set()
    assert one(findings, "dnssec.state").severity is Severity.INFO
    assert "completes the chain of trust" in one(findings, "dnssec.state").message
    assert one(findings, "dnssec.ds").severity is Severity.INFO
    assert {"dnssec.rrsig", "dnssec.algorithm", "dnssec.digest", "dns.delegation.ns",
            "dns.delegation.transport"} <= {f.check for f in findings if f.severity is Severity.INFO}
    assert "what Cloudflare signs with" in one(findings, "dnssec.algorithm").message


def test_signed_without_ds_names_the_exact_ds_to_add(world) -> None:
    w = world(ChainFault.NO_DS)
    state = one(w.run(), "dnssec.state")
    assert state.severity is Severity.WARNING
    assert f"Add this DS at the registrar: example.com. 3600 IN DS {ds_of(w)}" in state.message
    assert "pulumi stack output ds_record" in state.message


def test_a_stale_ds_is_an_error_naming_what_to_remove_and_what_to_add(world) -> None:
    w = world(ChainFault.STALE_DS)
    findings = w.run()
    assert errors(findings) == {"dnssec.state", "dnssec.ds"}
    [stale] = w.chain.ds
    stale_rdata = stale.split(" IN DS ")[1]
    assert stale_rdata in one(findings, "dnssec.ds").message and "Remove it at the registrar" in \
        one(findings, "dnssec.ds").message
    assert ds_of(w) in one(findings, "dnssec.state").message and stale_rdata != ds_of(w)


def test_ds_at_the_parent_of_an_unsigned_zone_says_remove_it_first(world) -> None:
    findings = world(ChainFault.UNSIGNED_WITH_DS).run()
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.ERROR and "Remove the DS at the registrar first" in state.message
    assert by_check(findings, "dnssec.rrsig") == [], "an unsigned zone has no signatures to judge"


def test_unsigned_without_ds_passes_when_the_stack_says_dnssec_false(world) -> None:
    findings = world(stack_name="staging").run()
    assert errors(findings) == set()
    assert "as the stack says (dnssec: false)" in one(findings, "dnssec.state").message


def test_unsigned_without_ds_fails_when_the_stack_enables_dnssec(world) -> None:
    state = one(world(signed=False).run(), "dnssec.state")
    assert state.severity is Severity.ERROR and "not signed" in state.message


def test_turning_dnssec_off_is_not_safe_while_the_parent_holds_the_ds(world) -> None:
    state = one(world(stack_name="staging", signed=True).run(), "dnssec.state")
    assert state.severity is Severity.WARNING
    assert "not safe yet" in state.message and "wait twice its TTL (172800 s" in state.message


def test_turning_dnssec_off_is_safe_once_the_ds_is_gone(world) -> None:
    state = one(world(ChainFault.NO_DS, stack_name="staging", signed=True).run(), "dnssec.state")
    assert state.severity is Severity.INFO and "safe" in state.message


def test_expired_signatures_are_an_error_and_the_ds_is_kept(world) -> None:
    findings = world(ChainFault.EXPIRED_SIGNATURES).run()
    assert "signatures have expired" in one(findings, "dnssec.rrsig").message
    assert one(findings, "dnssec.rrsig").severity is Severity.ERROR
    assert "Keep the DS; fix signing" in one(findings, "dnssec.state").message


def test_published_keys_without_signatures_are_an_error(world) -> None:
    findings = world(ChainFault.DS_WITHOUT_SIGNING).run()
    rrsig = one(findings, "dnssec.rrsig")
    assert rrsig.severity is Severity.ERROR and "carry no RRSIG" in rrsig.message
    assert "dnssec.state" in errors(findings)


def test_signatures_about_to_expire_are_a_warning(world, prod_plan) -> None:
    chain = build_chain(zone_from_plan(prod_plan), True)
    assert chain.child_key is not None
    soon = sign(zone_from_plan(prod_plan), chain.child_key, days=1)
    rrsig = one(world(chain=Chain(soon, chain.parent, chain.parent_key, chain.child_key)).run(),
                "dnssec.rrsig")
    assert rrsig.severity is Severity.WARNING and "expires in 1.0 days" in rrsig.message


def test_a_ds_for_a_key_the_zone_no_longer_signs_with_is_stale_even_with_the_same_algorithm(world, prod_plan) -> None:
    chain = build_chain(zone_from_plan(prod_plan), True)
    resigned = sign(zone_from_plan(prod_plan), SigningKey.new())  # a key rollover without a DS update
    findings = world(chain=Chain(resigned, chain.parent, chain.parent_key, chain.child_key)).run()
    assert "stale DS" in one(findings, "dnssec.ds").message


def test_the_parent_listing_an_old_server_is_a_delegation_error(world) -> None:
    findings = world(ChainFault.PARENT_NS_MISMATCH).run()
    ns = one(findings, "dns.delegation.ns")
    assert ns.severity is Severity.ERROR
    assert OLD_NAMESERVER.rstrip(".") in ns.message and "ns2.example.com" in ns.message
    assert errors(findings) == {"dns.delegation.ns"}


def test_the_parent_must_list_exactly_the_assigned_name_servers(world) -> None:
    w = world()
    assigned = one(w.run(assigned_nameservers=("ada.ns.cloudflare.com", "bob.ns.cloudflare.com")),
                   "dns.delegation.assigned")
    assert assigned.severity is Severity.ERROR and "ada.ns.cloudflare.com" in assigned.message
    same = one(w.run(assigned_nameservers=("ns1.example.com", "NS2.example.com.")), "dns.delegation.assigned")
    assert same.severity is Severity.INFO


def test_a_server_only_the_parent_lists_is_asked_whether_it_still_serves_the_zone(world, prod_plan) -> None:
    """The parent lists ns3 (glue 127.0.0.1) besides the zone's two: asked there, it refuses the zone."""
    zone = zone_from_plan(prod_plan)
    servers = {**nameservers_of(zone), "ns3.example.com.": ["127.0.0.1"]}
    chain = build_chain(zone, True)
    assert chain.child_key is not None
    parent = parent_zone(zone, servers, [chain.child_key.ds(zone.origin)], chain.parent_key)
    w = world(chain=Chain(chain.child, parent, chain.parent_key, chain.child_key))
    refusing = w.start(zone, Fault.REFUSED)
    findings = w.run(nameserver_port=refusing.port)
    server = one(findings, "dns.delegation.server")
    assert server.severity is Severity.ERROR and "ns3.example.com" in server.message and "REFUSED" in server.message
    assert "ns3.example.com" in one(findings, "dns.delegation.ns").message
    serving = one(w.run(nameserver_port=w.child.port), "dns.delegation.server")
    assert serving.severity is Severity.INFO
