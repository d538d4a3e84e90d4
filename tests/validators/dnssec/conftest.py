"""Fixtures for the DNSSEC and delegation tests: a signed child zone and its parent on loopback servers,
started per test (keys made per run), always stopped."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from launchready.core.findings import Finding
from launchready.core.plan import DomainPlan
from launchready.core.stack import Stack
from launchready.sandbox.dns import DnsServer, Fault, ZoneData, zone_from_plan
from launchready.sandbox.dns_chain import Chain, ChainFault, build_chain
from validators.context import CheckContext
from validators.dnssec import check
from validators.endpoints import Endpoint


def endpoint(server: DnsServer) -> Endpoint:
    return Endpoint(server.address, server.port)


ANSWERED_TIMEOUT = 3.0
"""Seconds per query where every server answers: generous, since a loaded CI machine let 0.5 s pass
without a reply (tests/validators/dnssec/test_states.py failed once under a full parallel run)."""
SILENT_TIMEOUT = 0.5
"""Seconds per query in a test where a server is silent on purpose: each such query waits it out."""


@dataclass
class World:
    """One chain on loopback: the zone's nameserver, the parent's server, and how to validate them."""

    stack: Stack
    plan: DomainPlan
    chain: Chain
    child: DnsServer
    parent: DnsServer
    start: Callable[..., DnsServer]

    def run(self, **options: Any) -> list[Finding]:
        options.setdefault("timeout", ANSWERED_TIMEOUT)
        options.setdefault("resolvers", (endpoint(self.child),))
        options.setdefault("authoritative", (endpoint(self.child),))
        options.setdefault("parent", (endpoint(self.parent),))
        ctx = CheckContext(plan=self.plan, spec=self.stack.spec, **options)
        return asyncio.run(check(ctx))


WorldFactory = Callable[..., World]


@pytest.fixture
def world(prod_stack: Stack, prod_plan: DomainPlan, staging_stack: Stack,
          staging_plan: DomainPlan) -> Iterator[WorldFactory]:
    """world(fault=…, stack="prod"|"staging", signed=None, child_fault=…, zone=…) → a running World."""
    with contextlib.ExitStack() as stack:

        def start(zone: ZoneData, fault: Fault | str = Fault.NONE, **options: Any) -> DnsServer:
            return stack.enter_context(DnsServer(zone, fault, **options))

        def make(fault: ChainFault | str = ChainFault.NONE, *, stack_name: str = "prod", signed: bool | None = None,
                 child_fault: Fault | str = Fault.NONE, chain: Chain | None = None) -> World:
            spec, plan = (prod_stack, prod_plan) if stack_name == "prod" else (staging_stack, staging_plan)
            built = chain or build_chain(zone_from_plan(plan), plan.dnssec if signed is None else signed, fault)
            return World(spec, plan, built, start(built.child, child_fault), start(built.parent), start)

        yield make


def by_check(findings: list[Finding], check_id: str) -> list[Finding]:
    return [f for f in findings if f.check == check_id]


def one(findings: list[Finding], check_id: str) -> Finding:
    found = by_check(findings, check_id)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def errors(findings: list[Finding]) -> set[str]:
    return {f.check for f in findings if f.severity.value == "error"}
