"""A DS that points at a revoked key (RFC 5011 §2.1, DNSKEY flag REVOKE 0x0080) is named as such, with the
way out (publish the current key's DS, then remove the old one); a revoked key that is only published,
beside a good DS, is fine. Against zones signed with dnspython and their parent on loopback servers."""

from __future__ import annotations

import datetime
from dataclasses import replace

import dns.dnssec
import pytest

from launchready.core.findings import Severity
from launchready.sandbox.dns import ZoneData, zone_from_plan
from launchready.sandbox.dns_chain import (
    ALGORITHM,
    SEP_FLAGS,
    SIGNATURE_DAYS,
    Chain,
    SigningKey,
    copy_zone,
    nameservers_of,
    parent_zone,
)
from tests.validators.dnssec.conftest import by_check, errors, one

REVOKE = 0x0080


def revoked(key: SigningKey) -> SigningKey:
    """The same key with the REVOKE bit set: a new key tag and a new DS digest (RFC 5011 §7)."""
    return SigningKey(key.private, dns.dnssec.make_dnskey(key.private.public_key(), ALGORITHM,
                                                          flags=SEP_FLAGS | REVOKE))


def signed_by(data: ZoneData, *keys: SigningKey) -> ZoneData:
    """The zone signed with every key, in this order (a revoked key signs too, as RFC 5011 §2.1 asks)."""
    now, day = datetime.datetime.now(datetime.UTC), datetime.timedelta(days=1)
    zone = copy_zone(data.zone)
    dns.dnssec.sign_zone(zone, keys=[(k.private, k.dnskey) for k in keys], inception=now - day,
                         expiration=now + SIGNATURE_DAYS * day)
    return replace(data, zone=zone)


def rollover(prod_plan, zone_keys, ds_keys) -> Chain:
    """The zone signed with `zone_keys`, the parent holding the DS of each of `ds_keys`."""
    zone = zone_from_plan(prod_plan)
    parent_key = SigningKey.new()
    parent = parent_zone(zone, nameservers_of(zone), [k.ds(zone.origin) for k in ds_keys], parent_key)
    return Chain(signed_by(zone, *zone_keys), parent, parent_key, zone_keys[-1])


def ds_text(prod_plan, key: SigningKey) -> str:
    return key.ds(zone_from_plan(prod_plan).origin).to_text()


def test_the_ds_of_a_key_from_before_its_revocation_names_the_revocation_and_the_ds_to_publish(
        world, prod_plan) -> None:
    """An RFC 5011 rollover left unfinished at the registrar: the DS still names the old key as it was."""
    old, current = SigningKey.new(), SigningKey.new()
    findings = world(chain=rollover(prod_plan, [revoked(old), current], [old])).run()
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.ERROR and "revoked" in state.message
    assert f"Publish the DS of the current key at the registrar: example.com. 3600 IN DS " \
           f"{ds_text(prod_plan, current)}" in state.message and "then remove the old DS" in state.message
    ds = one(findings, "dnssec.ds")
    assert ds.severity is Severity.ERROR and "before the zone revoked it" in ds.message
    assert f"now key tag {dns.dnssec.key_id(revoked(old).dnskey)}" in ds.message and "stale" not in ds.message


@pytest.mark.parametrize("current", [True, False], ids=["beside-a-current-key", "the-only-key"])
def test_a_ds_of_the_revoked_key_itself_is_not_secure(world, prod_plan, current) -> None:
    old = revoked(SigningKey.new())
    keys = [old, SigningKey.new()] if current else [old]
    findings = world(chain=rollover(prod_plan, keys, [old])).run()
    state = one(findings, "dnssec.state")
    assert state.severity is Severity.ERROR and "revoked" in state.message and "Keep the DS" not in state.message
    assert ("example.com. 3600 IN DS " + ds_text(prod_plan, keys[-1]) in state.message) is current
    assert "key tag" in one(findings, "dnssec.ds").message and "REVOKE flag" in one(findings, "dnssec.ds").message
    if not current:  # its signatures over the data cannot count either (RFC 5011 §2.1)
        [rrsig] = [f for f in by_check(findings, "dnssec.rrsig") if f.severity is Severity.ERROR]
        assert f"signed by key tag {dns.dnssec.key_id(old.dnskey)}, which is revoked" in rrsig.message


def test_a_revoked_key_beside_the_good_ds_is_secure(world, prod_plan) -> None:
    current = SigningKey.new()
    findings = world(chain=rollover(prod_plan, [revoked(SigningKey.new()), current], [current])).run()
    assert errors(findings) == set()
    assert one(findings, "dnssec.state").severity is Severity.INFO
    assert one(findings, "dnssec.ds").severity is Severity.INFO


def test_the_old_ds_of_a_revoked_key_beside_the_good_one_is_a_warning_naming_the_revocation(
        world, prod_plan) -> None:
    old, current = SigningKey.new(), SigningKey.new()
    findings = world(chain=rollover(prod_plan, [revoked(old), current], [current, old])).run()
    assert errors(findings) == set()
    assert one(findings, "dnssec.state").severity is Severity.INFO
    [extra] = [f for f in by_check(findings, "dnssec.ds") if f.severity is not Severity.INFO]
    assert extra.severity is Severity.WARNING and "before the zone revoked it" in extra.message
    assert ds_text(prod_plan, old) in extra.message and "Remove this one at the registrar" in extra.message


def test_the_ds_to_add_is_never_the_revoked_keys(world, prod_plan) -> None:
    current = SigningKey.new()
    gone = revoked(SigningKey.new())
    state = one(world(chain=rollover(prod_plan, [gone, current], [])).run(), "dnssec.state")
    assert state.severity is Severity.WARNING
    assert state.expected == f"example.com. 3600 IN DS {ds_text(prod_plan, current)}"
