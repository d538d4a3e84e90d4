"""The handover's DNSSEC section, from a real validation of the signed sandbox: the state it was in and
the exact DS the registrar must hold."""

from __future__ import annotations

import asyncio

from launchready.core.findings import Report
from launchready.handover import handover, render
from launchready.handover.dnssec import dnssec_section
from launchready.sandbox.dns import DnsServer, zone_from_plan
from launchready.sandbox.dns_chain import ChainFault, build_chain
from validators.context import CheckContext
from validators.dnssec import check
from validators.endpoints import Endpoint


def validated(stack, plan, fault: ChainFault) -> tuple[Report, str]:
    """The dnssec family's report for the sandbox broken as `fault` says, and the zone key's own DS."""
    chain = build_chain(zone_from_plan(plan), True, fault)
    assert chain.child_key is not None
    with DnsServer(chain.child) as child, DnsServer(chain.parent) as parent:
        ctx = CheckContext(plan=plan, spec=stack.spec, timeout=0.5, resolvers=(Endpoint("127.0.0.1", child.port),),
                           authoritative=(Endpoint("127.0.0.1", child.port),),
                           parent=(Endpoint("127.0.0.1", parent.port),))
        findings = asyncio.run(check(ctx))
    return Report.of(findings, stack=plan.stack), chain.child_key.ds(chain.child.origin).to_text()


def test_a_pending_zone_hands_over_the_ds_to_add(prod_stack, prod_plan) -> None:
    results, ds = validated(prod_stack, prod_plan, ChainFault.NO_DS)
    text = render(handover(prod_plan, prod_stack.spec, {}, results), "markdown")
    section = text.split("## DNSSEC and the registrar")[1].split("\n## ")[0]
    assert "needs a step" in section and f"example.com. 3600 IN DS {ds}" in section


def test_a_secure_zone_hands_over_the_ds_in_place(prod_stack, prod_plan) -> None:
    results, ds = validated(prod_stack, prod_plan, ChainFault.NONE)
    section = dnssec_section(prod_plan, results)
    assert section is not None
    text = render(handover(prod_plan, prod_stack.spec, {}, results), "markdown")
    assert "(in place)" in text and f"IN DS {ds}" in text


def test_a_stack_without_dnssec_gets_no_section(staging_plan) -> None:
    assert dnssec_section(staging_plan, None) is None
