"""The DNS validator against Knot DNS, an independent server from Debian, serving the staging zone as
Cloudflare would answer it (zone file written from the plan)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchready.sandbox.dns import ZoneData, zone_from_plan
from tests.conftest import require_binary
from tests.validators.dns.conftest import checks, errors
from tests.validators.dns.knot import Knot, knotd
from validators.context import CheckContext
from validators.dns import check
from validators.endpoints import Endpoint

pytestmark = pytest.mark.debian


@pytest.fixture(scope="module")
def knot_zones(staging_plan) -> ZoneData:
    return zone_from_plan(staging_plan)


@pytest.fixture(scope="module")
def knot(tmp_path_factory, knot_zones) -> Iterator[Knot]:
    binary = require_binary("knotd", "knot")
    with knotd(binary, tmp_path_factory.mktemp("knot"), "example.net", knot_zones.to_text()) as server:
        yield server


@pytest.fixture(scope="module")
def knot_previous(tmp_path_factory, knot_zones) -> Iterator[Knot]:
    binary = require_binary("knotd", "knot")
    assert knot_zones.previous is not None
    with knotd(binary, tmp_path_factory.mktemp("knot-previous"), "example.net",
               knot_zones.previous.to_text()) as server:
        yield server


def run(stack, plan, resolvers: list[Endpoint], authoritative: list[Endpoint]):
    ctx = CheckContext(plan=plan, spec=stack.spec, resolvers=tuple(resolvers), authoritative=tuple(authoritative),
                       timeout=1.0)
    return asyncio.run(check(ctx))


def test_knot_serving_the_plan_passes_every_check(staging_stack, staging_plan, knot):
    findings = run(staging_stack, staging_plan, [knot.endpoint], [knot.endpoint])
    assert errors(findings) == []
    assert {"dns.answer", "dns.proxied", "dns.apex_cname", "dns.soa_serial"} <= checks(findings, "info")
    caa = [f for f in findings if f.type == "CAA" and f.severity.value == "info"]
    assert caa and "added by Cloudflare" in caa[0].message  # Knot serves Cloudflare's extra CAA too


def test_a_stale_resolver_is_told_apart_from_knot_as_ground_truth(staging_stack, staging_plan, knot,
                                                                 start_server):
    stale = start_server("stale")
    findings = run(staging_stack, staging_plan, [Endpoint(stale.address, stale.port)], [knot.endpoint])
    assert "dns.stale" in checks(findings)
    assert all(f.resolver == f"127.0.0.1:{stale.port}" for f in errors(findings))


def test_knot_behind_on_the_serial_is_reported(staging_stack, staging_plan, knot, knot_previous):
    findings = run(staging_stack, staging_plan, [], [knot.endpoint, knot_previous.endpoint])
    serial = {f.resolver: f for f in findings if f.check == "dns.soa_serial"}
    assert serial[str(knot.endpoint)].severity.value == "info"
    assert serial[str(knot_previous.endpoint)].severity.value == "error"
    assert "dns.proxied" in checks(findings)  # the old zone answers the web hosts outside Cloudflare


def test_knotd_is_killed_on_exit(tmp_path: Path, knot_zones):
    binary = require_binary("knotd", "knot")
    with knotd(binary, tmp_path, "example.net", knot_zones.to_text()) as server:
        assert server.process.poll() is None
    assert server.process.poll() is not None
