"""Fixtures for the DNS validator tests: sandbox servers on loopback, started per test, always stopped."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from launchready.core.findings import Finding
from launchready.core.plan import DomainPlan
from launchready.core.stack import Stack
from launchready.sandbox.dns import DnsServer, Fault, ZoneData, zone_from_plan
from validators.context import CheckContext
from validators.dns import check
from validators.endpoints import Endpoint

StartServer = Callable[..., DnsServer]


@pytest.fixture
def staging_zone(staging_plan: DomainPlan) -> ZoneData:
    return zone_from_plan(staging_plan)


@pytest.fixture
def start_server(staging_zone: ZoneData) -> Iterator[StartServer]:
    """start_server(fault="stale", zone=…, address=…, latency=…) → a running DnsServer, stopped at teardown."""
    with contextlib.ExitStack() as stack:

        def start(fault: Fault | str = Fault.NONE, zone: ZoneData | None = None, **options: Any) -> DnsServer:
            return stack.enter_context(DnsServer(zone or staging_zone, fault, **options))

        yield start


def endpoint(server: DnsServer | Endpoint) -> Endpoint:
    return server if isinstance(server, Endpoint) else Endpoint(server.address, server.port)


def run_check(stack: Stack, plan: DomainPlan, resolvers: list[DnsServer | Endpoint],
              authoritative: list[DnsServer | Endpoint],
              **options: Any) -> list[Finding]:
    """One pass of the DNS family against the given sandbox servers (asyncio.run: a fresh loop per call)."""
    options.setdefault("timeout", 0.5)
    ctx = CheckContext(plan=plan, spec=stack.spec, resolvers=tuple(endpoint(s) for s in resolvers),
                       authoritative=tuple(endpoint(s) for s in authoritative), **options)
    return asyncio.run(check(ctx))


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity.value == "error"]


def checks(findings: list[Finding], severity: str = "error") -> set[str]:
    return {f.check for f in findings if f.severity.value == severity}
