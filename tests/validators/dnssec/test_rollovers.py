"""Healthy chains QA saw failed: a double-DS key rollover and a DS with an unknown digest beside a good
one are warnings at most (RFC 4035 §5.2), and expired data signatures under a fresh DNSKEY signature are
not "secure". Against a signed zone and its parent on loopback servers."""

from __future__ import annotations

import dns.rdata
import dns.rdataclass
import dns.rdatatype

from launchready.core.findings import Severity
from launchready.sandbox.dns import zone_from_plan
from launchready.sandbox.dns_chain import Chain, SigningKey, build_chain, nameservers_of, parent_zone, sign
from tests.validators.dnssec.conftest import by_check, errors, one


def with_parent_ds(prod_plan, extra) -> Chain:
    """The healthy chain, with `extra(good_ds)` added to the parent's DS set."""
    zone = zone_from_plan(prod_plan)
    chain = build_chain(zone, True)
    assert chain.child_key is not None
    good = chain.child_key.ds(zone.origin)
    parent = parent_zone(zone, nameservers_of(zone), [good, extra(good, zone.origin)], chain.parent_key)
    return Chain(chain.child, parent, chain.parent_key, chain.child_key)


def test_a_double_ds_key_rollover_is_secure_with_a_warning(world, prod_plan) -> None:
    """RFC 6781 §4.1.2: the parent holds the current key's DS and the next key's, not yet published."""
    findings = world(chain=with_parent_ds(prod_plan, lambda _ds, origin: SigningKey.new().ds(origin))).run()
    assert errors(findings) == set()
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.INFO and "completes the chain of trust" in state.message
    [good, extra] = sorted(by_check(findings, "dnssec.ds"), key=lambda f: f.severity is Severity.WARNING)
    assert good.severity is Severity.INFO
    assert extra.severity is Severity.WARNING and "expected during a key rollover" in extra.message
    assert "fail for the whole domain" not in extra.message


def unknown_digest(good, _origin):
    return dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.DS,
                               f"{good.key_tag} {good.algorithm} 200 {good.digest.hex()}")


def test_a_ds_with_an_unknown_digest_beside_a_good_one_is_a_warning(world, prod_plan) -> None:
    """RFC 4035 §5.2: a DS whose digest type the resolver does not know is ignored."""
    findings = world(chain=with_parent_ds(prod_plan, unknown_digest)).run()
    assert errors(findings) == set()
    assert "completes the chain of trust" in one(findings, "dnssec.state").message
    odd = [f for f in by_check(findings, "dnssec.ds") if f.severity is not Severity.INFO]
    assert [f.severity for f in odd] == [Severity.WARNING] and "digest type 200" in odd[0].message
    assert "stale" not in odd[0].message
    assert one(findings, "dnssec.digest").severity is Severity.WARNING


def test_only_a_ds_of_an_unknown_digest_is_insecure_not_an_outage(world, prod_plan) -> None:
    """Resolvers ignore the only DS there is: the zone is treated as unsigned, so replace the DS."""
    zone = zone_from_plan(prod_plan)
    chain = build_chain(zone, True)
    assert chain.child_key is not None
    parent = parent_zone(zone, nameservers_of(zone), [unknown_digest(chain.child_key.ds(zone.origin), None)],
                         chain.parent_key)
    w = world(chain=Chain(chain.child, parent, chain.parent_key, chain.child_key))
    findings = w.run()
    assert errors(findings) == set()
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.WARNING and "treat the zone as unsigned" in state.message
    assert chain.child_key.ds(zone.origin).to_text() in state.message


def test_expired_data_signatures_under_a_valid_dnskey_signature_are_not_secure(world, prod_plan) -> None:
    """The signer re-signs the DNSKEY set but not the data: resolvers answer SERVFAIL for every name."""
    zone = zone_from_plan(prod_plan)
    chain = build_chain(zone, True)
    assert chain.child_key is not None
    stale = sign(zone, chain.child_key, expired=True)
    fresh = sign(zone, chain.child_key).zone.find_node(zone.origin)
    stale.zone.find_node(zone.origin).replace_rdataset(
        fresh.find_rdataset(dns.rdataclass.IN, dns.rdatatype.RRSIG, dns.rdatatype.DNSKEY))
    findings = world(chain=Chain(stale, chain.parent, chain.parent_key, chain.child_key)).run()
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.ERROR and "Keep the DS; fix signing" in state.message
    assert "expired" in state.message and "registrar" not in state.message
    assert one(findings, "dnssec.ds").severity is Severity.INFO
