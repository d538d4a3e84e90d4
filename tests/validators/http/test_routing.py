"""--connect-to routing for httpx: the mapped address is dialled, the URL (Host, SNI) is untouched."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import SandboxCA
from launchready.sandbox.edge import Edge
from validators.endpoints import parse_connect_to, route
from validators.web.fetch import fetch, follow
from validators.web.routing import probe_client, probe_tls_context


def test_backend_maps_host_and_port_like_curl() -> None:
    rules = tuple(parse_connect_to(r) for r in ("www.example.com:443:127.0.0.1:8443", ":80:127.0.0.1:8080"))
    assert str(route(rules, "www.example.com", 443)) == "127.0.0.1:8443"
    assert str(route(rules, "example.com", 80)) == "127.0.0.1:8080", "an empty HOST matches every host"
    assert route(rules, "example.com", 443) is None, "no rule: the backend resolves and checks the host itself"


def test_verified_probe_sees_the_edge_certificate_for_the_real_host(staging_plan: DomainPlan) -> None:
    ca = SandboxCA()

    async def probe(edge: Edge) -> tuple[int, str]:
        rules = tuple(parse_connect_to(r) for r in edge.connect_to())
        tls = probe_tls_context(verify=True)
        tls.load_verify_locations(cadata=ca.cert_pem.decode())
        async with probe_client(rules, tls, timeout=2) as client:
            chain = await follow(client, "http://example.net/a?b=c", lambda: 2.0, rules)
        return len(chain.hops), chain.final.url

    with Edge(staging_plan, ca) as edge:
        hops, final = asyncio.run(probe(edge))
    assert (hops, final) == (3, "https://www.example.net/a?b=c")


def test_refused_connection_is_a_hop_error_not_an_exception() -> None:
    async def probe() -> str | None:
        rules = (parse_connect_to(":443:127.0.0.1:9"),)  # discard port: nothing listens on loopback
        async with probe_client(rules, probe_tls_context(), timeout=1) as client:
            hop = await fetch(client, "https://example.net/", 1.0, rules)
        assert hop.status is None and hop.via == "127.0.0.1:9"
        return hop.error

    error = asyncio.run(probe())
    assert error and ("refused" in error.lower() or "connect" in error.lower())


@pytest.mark.parametrize("location", ["/next", "https://www.example.net/next"])
def test_relative_locations_are_resolved(location: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": location})

    async def probe() -> str | None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return (await fetch(client, "https://www.example.net/start", 1.0)).location

    assert asyncio.run(probe()) == "https://www.example.net/next"


def test_a_silent_server_costs_the_budget_and_names_it_rounded() -> None:
    """A budget cut short by --deadline is an odd float; the message rounds it, so the probes of one host
    cut at the same moment read the same (http.status reports them once)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        rules = (parse_connect_to(f":80:127.0.0.1:{listener.getsockname()[1]}"),)

        async def probe() -> str | None:
            async with probe_client(rules, probe_tls_context(), timeout=1) as client:
                return (await fetch(client, "http://example.net/", 0.31234, rules)).error

        assert asyncio.run(probe()) == "no answer within 0.31s"
