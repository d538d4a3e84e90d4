"""The DNS budget: rounds counted, per-resolver rate caps kept, a dropping server backed off from and its
query sent once more, the resolver questions not held back by nameserver discovery, and the counts in the
JSON summary. Fake `send` functions stand in for the network where only the bookkeeping is under test."""

from __future__ import annotations

import asyncio
import json
import time

import dns.message
import pytest

from launchready.core.plan import DomainPlan
from launchready.core.stack import Stack
from tests.clirun import invoke
from tests.conftest import ROOT
from tests.validators.hostile import Forgetful
from validators import dnsudp
from validators.context import CheckContext
from validators.dns import observe
from validators.dns.budget import FIRST_WINDOW, MIN_WINDOW, QueryBudget, Tally, Window
from validators.dnsquery import Answer
from validators.endpoints import Endpoint

SERVER = Endpoint("192.0.2.53", 53)


def answering(status: str = "ok", delay: float = 0.01):
    async def send(timeout: float) -> Answer:
        await asyncio.sleep(delay)
        return Answer(SERVER, "www.example.com", "A", status)  # type: ignore[arg-type]
    return send


def test_queries_beyond_the_limit_wait_one_round_each() -> None:
    budget, tally = QueryBudget(limit=2, rate_caps={}), Tally()

    async def run() -> None:
        await asyncio.gather(*(budget.send(SERVER, answering(), lambda: 1.0, tally) for _ in range(6)))

    asyncio.run(run())
    assert (tally.queries, tally.rounds) == (6, 3)


def test_a_dependent_query_is_one_round_later() -> None:
    budget, tally = QueryBudget(rate_caps={}), Tally()

    async def run() -> int:
        _, first = await budget.send(SERVER, answering(), lambda: 1.0, tally)
        _, second = await budget.send(SERVER, answering(), lambda: 1.0, tally, after=first)
        return second

    assert asyncio.run(run()) == 2 and tally.rounds == 2


def test_a_public_resolver_is_never_asked_faster_than_its_cap() -> None:
    budget, tally = QueryBudget(rate_caps={SERVER.address: 40.0}), Tally()

    async def run() -> float:
        started = time.monotonic()
        await asyncio.gather(*(budget.send(SERVER, answering(delay=0), lambda: 1.0, tally) for _ in range(60)))
        return time.monotonic() - started

    assert asyncio.run(run()) >= 0.45  # 40 at once (one second's burst), the other 20 at 40 a second


def test_a_server_that_answered_then_drops_is_backed_off_and_asked_again() -> None:
    budget, tally = QueryBudget(rate_caps={}), Tally()
    replies = iter(["ok", "timeout", "ok"])

    async def flaky(timeout: float) -> Answer:
        return Answer(SERVER, "www.example.com", "A", next(replies))  # type: ignore[arg-type]

    async def run() -> Answer:
        await budget.send(SERVER, flaky, lambda: 1.0, tally)
        answer, _ = await budget.send(SERVER, flaky, lambda: 1.0, tally)
        return answer

    assert asyncio.run(run()).status == "ok"
    assert (tally.queries, tally.timeouts, tally.retries) == (3, 1, 1)
    assert budget.window(SERVER).size == FIRST_WINDOW // 2 + 1


def test_a_server_that_never_answered_is_not_asked_twice() -> None:
    budget, tally = QueryBudget(rate_caps={}), Tally()
    answer, _ = asyncio.run(budget.send(SERVER, answering("timeout", 0), lambda: 1.0, tally))
    assert answer.status == "timeout" and (tally.queries, tally.retries) == (1, 0)


def test_a_burst_of_losses_halves_the_window_once() -> None:
    window = Window()

    async def run() -> None:
        for _ in range(5):
            await window.enter()
        for _ in range(5):
            await window.leave(dropped=True)

    asyncio.run(run())
    assert window.size == max(MIN_WINDOW, FIRST_WINDOW // 2)


def test_resolver_questions_do_not_wait_for_nameserver_discovery(start_server, staging_stack: Stack,
                                                                  staging_plan: DomainPlan) -> None:
    slow = start_server(latency=0.3)
    ctx = CheckContext(plan=staging_plan, spec=staging_stack.spec, resolvers=(Endpoint(slow.address, slow.port),),
                       nameserver_port=slow.port, timeout=3, deadline=30, dns_tally=Tally())
    started = time.monotonic()
    run = asyncio.run(observe(ctx))
    took = time.monotonic() - started
    assert ctx.dns_tally is not None and ctx.dns_tally.rounds == 3  # NS, then addresses, then the zone's servers
    assert {obs.role for obs in run.observations} == {"resolver", "authoritative"}
    assert took < 4 * 0.3 + 0.6  # three chained rounds; the resolver questions ride along with the first


def test_the_json_summary_counts_queries_and_rounds(start_server) -> None:
    # Rounds count queries that waited for another's answer; with some latency on each server, a run
    # whose queries all start at once is one round (with none, a fast reply can land before the event
    # loop has sent the rest, which the count would read as a second round).
    resolver, authoritative = start_server(latency=0.1), start_server(address="127.0.0.2", latency=0.1)
    run = invoke("validate", "--project-dir", str(ROOT), "--stack", "staging", "--only", "dns", "--timeout", "1",
                 "--resolver", resolver.endpoint, "--authoritative", authoritative.endpoint, "--format", "json")
    summary = json.loads(run.stdout)["summary"]
    assert summary["dns_queries"] == resolver.queries + authoritative.queries
    assert summary["dns_rounds"] == 1 and summary["dns_timeouts"] == 0 and summary["dns_retries"] == 0


def test_a_copy_of_a_lost_query_waits_for_the_resolver_s_rate_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first copy takes the bucket's one token; the second, due 0.2 s later, waits for the next token
    (a second at one query a second). Off the cap, the same copy goes at 0.2 s."""
    monkeypatch.setattr(dnsudp, "RETRANSMIT", 0.2)
    query = dns.message.make_query("example.net.", "A")

    def took(rate_caps: dict[str, float]) -> tuple[float, int]:
        with Forgetful(ignore=1) as server:
            local = Endpoint("127.0.0.1", server.port)
            budget = QueryBudget(rate_caps=rate_caps)

            async def run() -> float:
                started = time.monotonic()
                await budget.send_any(local, lambda timeout: dnsudp.udp(query, query.to_wire(), "127.0.0.1",
                                                                         server.port, timeout),
                                      lambda: 5.0, Tally(), dropped=lambda reply: False)
                return time.monotonic() - started

            return asyncio.run(run()), len(server.seen)

    capped, copies = took({"127.0.0.1": 1.0})
    assert copies == 2 and 0.9 <= capped < 2.0
    free, copies = took({})
    assert copies == 2 and free < 0.7
