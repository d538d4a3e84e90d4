"""The demo's DNS world without sockets: zone faults edit a copy of the plan, the provider side publishes
what the plan points at, and the resolvers' root zone holds both."""

from __future__ import annotations

import dns.name
import dns.rdatatype
import pytest

from launchready.core.errors import InputError
from launchready.core.mailauth import spf
from launchready.core.mailauth.providers import include_cost
from launchready.core.plan import DomainPlan
from launchready.demo import world
from launchready.demo.faults import BY_NAME, parse_faults
from launchready.sandbox.dns import zone_from_plan


def txt_at(records: list[tuple[str, str, str]], name: str) -> list[str]:
    return [text for fqdn, rdtype, text in records if fqdn == name and rdtype == "TXT"]


def test_spf_over_limit_edits_the_published_apex_record_only(staging_plan: DomainPlan) -> None:
    published = world.drifted(staging_plan, (BY_NAME["spf-over-limit"],))
    changed = [(a, b) for a, b in zip(staging_plan.records, published.records, strict=True) if a != b]
    [(before, after)] = changed
    assert before.name == "example.net" and before.content == "v=spf1 include:_spf.google.com ~all"
    assert after.content.startswith("v=spf1 include:_spf.google.com include:_spf.crm.example.org")
    assert after.content.endswith(" ~all")
    planned = sum(include_cost(t.value or "").lookups for t in spf.parse(before.content) if t.name == "include")
    live = planned + world.HAND_ADDED_COST * len(world.HAND_ADDED_INCLUDES)
    assert planned <= spf.MAX_LOOKUPS < live


def test_missing_dkim_drops_the_pasted_key_and_origin_leak_unproxies_one_name(prod_plan: DomainPlan) -> None:
    published = world.drifted(prod_plan, parse_faults(["missing-dkim", "origin-leak"]))
    gone = {(r.name, r.type) for r in prod_plan.records} - {(r.name, r.type) for r in published.records}
    assert gone == {("google._domainkey.example.com", "TXT")}
    unproxied = {r.name for r in published.records if not r.proxied} - {r.name for r in prod_plan.records
                                                                        if not r.proxied}
    assert unproxied == {"admin.example.com"}
    assert prod_plan.records[0].proxied, "the stack's own plan is never edited"


def test_provider_side_publishes_what_the_plan_points_at(staging_plan: DomainPlan) -> None:
    published = list(world.provider_side(staging_plan))
    google = txt_at(published, "_spf.google.com")
    assert len(google) == 1 and google[0].count("include:") == include_cost("_spf.google.com").lookups - 1
    assert len(txt_at(published, "amazonses.com")) == 1
    ses_targets = [r.content for r in staging_plan.records if r.content.endswith(".dkim.amazonses.com")]
    assert len(ses_targets) == 3
    assert all(txt_at(published, target) and "k=rsa" in txt_at(published, target)[0] for target in ses_targets)
    exchanges = {fqdn for fqdn, rdtype, _ in published if rdtype == "A"}
    assert exchanges == {r.content for r in staging_plan.records if r.type == "MX"}


def test_resolvers_answer_the_zone_and_the_provider_side_in_every_variant(staging_plan: DomainPlan) -> None:
    zone = zone_from_plan(staging_plan)
    everything = world.resolver_zone(zone, staging_plan)
    for variant in (everything, everything.previous, everything.leaked):
        assert variant is not None
        assert variant.zone.get_rdataset("_spf.google.com.", "TXT") is not None
        assert variant.zone.get_rdataset("example.net.", "SOA") is not None
    assert everything.origin == dns.name.root
    www = everything.zone.get_rdataset("www.example.net.", dns.rdatatype.A)
    stale = everything.previous.zone.get_rdataset("www.example.net.", dns.rdatatype.A)
    assert www is not None and stale is not None and set(www) != set(stale)


def test_faults_need_something_to_break(staging_plan: DomainPlan) -> None:
    bare = staging_plan.model_copy(update={"records": tuple(r for r in staging_plan.records
                                                              if "._domainkey." not in r.name)})
    with pytest.raises(InputError, match="missing-dkim: stack staging declares no DKIM record"):
        world.require_breakable(bare, parse_faults(["missing-dkim"]))
    world.require_breakable(staging_plan, parse_faults([f.name for f in BY_NAME.values()]))
