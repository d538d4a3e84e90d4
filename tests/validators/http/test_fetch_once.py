"""A URL that several redirect chains reach is requested once per pass, and every chain still sees it."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import SandboxCA
from launchready.sandbox.edge import Edge
from tests.validators.http.edge_cli import validate
from validators.http import probes
from validators.web import fetch as fetching
from validators.web.fetch import FetchOnce, Hop


def test_the_http_family_requests_each_url_once_and_says_the_same(staging_plan: DomainPlan, ca: SandboxCA,
                                                                   bundle: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The same findings as a pass that requests every hop of every chain, from fewer requests."""
    with Edge(staging_plan, ca) as edge:
        once = validate(staging_plan.stack, edge, bundle, only="http")
        requested = Counter((seen.scheme, seen.host, seen.target) for seen in edge.seen)
        with monkeypatch.context() as patched:
            patched.setattr(probes, "FetchOnce", lambda: fetching.fetch)
            every = validate(staging_plan.stack, edge, bundle, only="http")
        requested_every = len(edge.seen) - sum(requested.values())
    assert once.code == every.code == 0, once.stdout
    assert max(requested.values()) == 1, [key for key, n in requested.items() if n > 1]
    assert sum(requested.values()) < requested_every
    assert once.report["findings"] == every.report["findings"]


def test_callers_share_a_request_in_flight_and_one_giving_up_cancels_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    async def slow_fetch(client: httpx.AsyncClient, url: str, budget: float, rules: tuple[()] = ()) -> Hop:
        calls.append(url)
        await asyncio.sleep(0.05)
        return Hop(url, 200)

    monkeypatch.setattr(fetching, "fetch", slow_fetch)

    async def run() -> tuple[Hop, Hop, Hop]:
        once, client = FetchOnce(), httpx.AsyncClient()
        impatient = asyncio.ensure_future(once(client, "https://www.example.net/", 1.0))
        await asyncio.sleep(0.01)
        impatient.cancel()
        first, second, other = await asyncio.gather(once(client, "https://www.example.net/", 1.0),
                                                    once(client, "https://www.example.net/", 1.0),
                                                    once(client, "https://example.net/", 1.0))
        await client.aclose()
        return first, second, other

    first, second, other = asyncio.run(run())
    assert calls == ["https://www.example.net/", "https://example.net/"]
    assert first is second and first.status == 200 and other.url == "https://example.net/"
