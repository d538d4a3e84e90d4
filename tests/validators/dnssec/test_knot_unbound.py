"""The DNSSEC checks against servers not written here, from Debian: Knot DNS signing the prod zone itself
(automatic signing, its own key) and Unbound validating from the test parent's key. The DS launchready
tells the founder to add is put at the parent, and Unbound must then answer with AD; a stale DS makes
Unbound answer SERVFAIL, and launchready must say why."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdata
import pytest

from launchready.core.findings import Finding, Severity
from launchready.sandbox.dns import DnsServer, zone_from_plan
from launchready.sandbox.dns_chain import SigningKey, nameservers_of, parent_zone
from tests.conftest import require_binary
from tests.validators.dns.knot import Knot, knotd
from tests.validators.dnssec.conftest import endpoint, errors, one
from tests.validators.dnssec.unbound import unbound
from validators.context import CheckContext
from validators.dnssec import check
from validators.endpoints import Endpoint

pytestmark = pytest.mark.debian


@pytest.fixture(scope="module")
def knot(tmp_path_factory, prod_plan) -> Iterator[Knot]:
    binary = require_binary("knotd", "knot")
    with knotd(binary, tmp_path_factory.mktemp("knot-signing"), prod_plan.zone,
               zone_from_plan(prod_plan).to_text(), signing=True) as server:
        yield server


def parent_server(plan, ds_lines: list[str]) -> tuple[DnsServer, SigningKey]:
    """The parent zone holding `ds_lines` (the registrar's DS set), signed with a key made here."""
    zone, key = zone_from_plan(plan), SigningKey.new()
    ds = [dns.rdata.from_text("IN", "DS", line.split(" IN DS ")[1]) for line in ds_lines]
    return DnsServer(parent_zone(zone, nameservers_of(zone), ds, key)), key  # type: ignore[arg-type]


def run(stack, plan, knot: Knot, parent: DnsServer, validating: tuple[Endpoint, ...] = ()) -> list[Finding]:
    ctx = CheckContext(plan=plan, spec=stack.spec, resolvers=(knot.endpoint,), authoritative=(knot.endpoint,),
                       parent=(endpoint(parent),), validating_resolvers=validating, timeout=2.0)
    return asyncio.run(check(ctx))


def ds_to_add(stack, plan, knot: Knot) -> str:
    """What launchready tells the founder to give the registrar, with no DS at the parent yet."""
    server, _ = parent_server(plan, [])
    with server:
        state = one(run(stack, plan, knot, server), "dnssec.state")
    assert state.severity is Severity.WARNING and "Add this DS at the registrar" in state.message
    assert isinstance(state.expected, str)
    return state.expected


def apex_soa(resolver: Endpoint, zone: str) -> dns.message.Message:
    query = dns.message.make_query(zone, "SOA", want_dnssec=True)
    query.flags |= dns.flags.AD
    return dns.query.udp(query, resolver.address, port=resolver.port, timeout=5)


def test_knot_signs_and_launchready_judges_its_signatures(prod_stack, prod_plan, knot) -> None:
    server, _ = parent_server(prod_plan, [])
    with server:
        findings = run(prod_stack, prod_plan, knot, server)
    assert errors(findings) == set()
    assert one(findings, "dnssec.rrsig").severity is Severity.INFO
    assert "what Cloudflare signs with" in one(findings, "dnssec.algorithm").message


def test_the_ds_launchready_names_makes_unbound_answer_with_ad(prod_stack, prod_plan, knot, tmp_path) -> None:
    binary = require_binary("unbound", "unbound")
    to_add = ds_to_add(prod_stack, prod_plan, knot)
    server, key = parent_server(prod_plan, [to_add])
    anchor = f"com. IN DS {key.ds(dns.name.from_text('com.'))}"
    with server, unbound(binary, tmp_path, anchor=anchor, parent=("com.", endpoint(server)),
                         zone=(prod_plan.zone, knot.endpoint)) as resolver:
        answer = apex_soa(resolver.endpoint, prod_plan.zone)
        assert answer.rcode() == dns.rcode.NOERROR and answer.flags & dns.flags.AD, answer.to_text()
        findings = run(prod_stack, prod_plan, knot, server, (resolver.endpoint,))
    assert errors(findings) == set()
    assert one(findings, "dnssec.state").message.startswith("signed, and the parent's DS completes")
    assert one(findings, "dnssec.ad").observed == "AD=1"


def test_a_stale_ds_makes_unbound_fail_and_launchready_names_it(prod_stack, prod_plan, knot, tmp_path) -> None:
    binary = require_binary("unbound", "unbound")
    old = SigningKey.new().ds(dns.name.from_text(f"{prod_plan.zone}."))
    server, key = parent_server(prod_plan, [f"{prod_plan.zone}. 86400 IN DS {old}"])
    anchor = f"com. IN DS {key.ds(dns.name.from_text('com.'))}"
    with server, unbound(binary, tmp_path, anchor=anchor, parent=("com.", endpoint(server)),
                         zone=(prod_plan.zone, knot.endpoint)) as resolver:
        assert apex_soa(resolver.endpoint, prod_plan.zone).rcode() == dns.rcode.SERVFAIL
        findings = run(prod_stack, prod_plan, knot, server, (resolver.endpoint,))
    assert errors(findings) == {"dnssec.ds", "dnssec.state", "dnssec.ad"}
    assert "stale DS" in one(findings, "dnssec.ds").message
