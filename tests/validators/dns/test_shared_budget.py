"""The DNSSEC and mail questions share the run's DNS budget with the dns family: a portfolio run's
in-flight limit holds across every stack and family (a burst of them once overran the nameservers and
failed 27 of 100 stacks with spurious timeouts), a dropped question is sent once more, and every
question counts in the run's tally. The in-flight count is taken at a loopback server, where a burst
would do its harm."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from launchready.core.plan import DomainPlan, build_plan
from launchready.core.stack import Stack, load_stack
from launchready.sandbox.dns import DnsServer, ZoneData, zone_from_plan
from launchready.sandbox.dns_portfolio import PortfolioDnsServer
from tests.clirun import invoke
from tests.portfolio.conftest import write_project
from validators.context import CheckContext
from validators.dns.budget import QueryBudget, Tally
from validators.dnssec.query import Asker, Reply
from validators.email import budgeted
from validators.email import check as check_email
from validators.email.lookup import Lookup
from validators.endpoints import Endpoint


class CountingServer(DnsServer):
    """A DnsServer that keeps the most questions it held at once (received, reply not yet sent) and can
    stay silent once, on its `drop_at`-th question."""

    def __init__(self, zone: ZoneData, *, drop_at: int = 0, **options: Any) -> None:
        super().__init__(zone, **options)
        self.drop_at = drop_at
        self.holding = 0
        self.most = 0

    def reply(self, wire: bytes, over_tcp: bool) -> bytes | None:
        answer = super().reply(wire, over_tcp)
        if self.queries == self.drop_at or answer is None:
            return None
        self.holding += 1
        self.most = max(self.most, self.holding)
        # Scheduled before the reply itself (same delay, so it runs first): the count drops by the time
        # the client can see the reply and send its next question.
        asyncio.get_running_loop().call_later(self.latency, self.sent)
        return answer

    def sent(self) -> None:
        self.holding -= 1


StartCounting = Callable[..., CountingServer]


@pytest.fixture
def counting(staging_zone: ZoneData) -> Iterator[StartCounting]:
    """counting(latency=…, drop_at=…) → a running CountingServer on the staging zone, stopped at teardown."""
    with contextlib.ExitStack() as stack:

        def start(**options: Any) -> CountingServer:
            server = CountingServer(staging_zone, **options)
            stack.enter_context(server)
            return server

        yield start


def endpoint(server: DnsServer) -> Endpoint:
    return Endpoint(server.address, server.port)


def stack_context(stack: Stack, plan: DomainPlan, server: DnsServer, budget: QueryBudget,
                  **options: Any) -> CheckContext:
    """One stack's context in a run whose stacks share `budget` (as launchready/portfolio/checks.py
    gives them); a generous --timeout: only the limit, not the machine's load, is under test."""
    options.setdefault("timeout", 5.0)
    return CheckContext(plan=plan, spec=stack.spec, resolvers=(endpoint(server),), deadline=30, max_in_flight=2,
                        dns_budget=budget, dns_tally=Tally(), **options)


def test_dnssec_questions_of_two_stacks_keep_the_run_s_in_flight_limit(
        counting: StartCounting, staging_stack: Stack, staging_plan: DomainPlan) -> None:
    server = counting(latency=0.1)
    budget = QueryBudget(limit=2, rate_caps={})
    contexts = [stack_context(staging_stack, staging_plan, server, budget) for _ in range(2)]

    async def run() -> list[Reply]:
        askers = [Asker(ctx) for ctx in contexts]
        return await asyncio.gather(*(ask(endpoint(server), staging_plan.zone, "DNSKEY")
                                      for ask in askers for _ in range(4)))

    replies = asyncio.run(run())
    assert all(reply.answered for reply in replies), [reply.said() for reply in replies]
    assert server.most == 2  # per stack 2 at once would let 4 reach the server
    assert [ctx.dns_tally.queries for ctx in contexts if ctx.dns_tally is not None] == [4, 4]
    assert server.queries == 8


def test_a_dnssec_question_the_server_dropped_is_asked_once_more(
        counting: StartCounting, staging_stack: Stack, staging_plan: DomainPlan) -> None:
    server = counting(drop_at=2)  # answers the first question, then drops the second
    ctx = stack_context(staging_stack, staging_plan, server, QueryBudget(rate_caps={}), timeout=0.6)

    async def run() -> Reply:
        ask = Asker(ctx)
        await ask(endpoint(server), staging_plan.zone, "SOA")
        return await ask(endpoint(server), staging_plan.zone, "DNSKEY")

    reply = asyncio.run(run())
    assert reply.answered and not reply.timed_out, reply.said()
    assert ctx.dns_tally is not None
    assert (ctx.dns_tally.queries, ctx.dns_tally.timeouts, ctx.dns_tally.retries) == (3, 1, 1)
    assert server.queries == 3


def test_mail_questions_of_two_stacks_keep_the_run_s_limit_and_are_counted(
        counting: StartCounting, staging_stack: Stack, staging_plan: DomainPlan) -> None:
    server = counting(latency=0.05)
    budget = QueryBudget(limit=2, rate_caps={})
    contexts = [stack_context(staging_stack, staging_plan, server, budget) for _ in range(2)]
    zone = staging_plan.zone
    names = [zone, f"_dmarc.{zone}", f"mail.{zone}", f"www.{zone}"]

    async def run() -> list[str]:
        lookups = [Lookup(ctx.resolvers, ctx.budget, budgeted(ctx)) for ctx in contexts]
        answers = await asyncio.gather(*(lookup.query(name, "TXT") for lookup in lookups for name in names))
        return [answer.status for answer in answers]

    assert "timeout" not in asyncio.run(run())
    assert server.most == 2
    assert [ctx.dns_tally.queries for ctx in contexts if ctx.dns_tally is not None] == [4, 4]
    assert server.queries == 8


def test_a_lookup_without_the_run_s_budget_still_asks(counting: StartCounting, staging_plan: DomainPlan) -> None:
    server = counting()  # `launchready check email` asks with plain ask: no run, no budget
    answer = asyncio.run(Lookup((endpoint(server),), lambda: 5.0).query(staging_plan.zone, "SOA"))
    assert answer.status == "ok" and server.queries == 1


def test_the_email_family_counts_its_questions_in_the_run_s_tally(
        counting: StartCounting, staging_stack: Stack, staging_plan: DomainPlan) -> None:
    server = counting(latency=0.02)
    ctx = stack_context(staging_stack, staging_plan, server, QueryBudget(limit=2, rate_caps={}))
    asyncio.run(check_email(ctx))
    assert ctx.dns_tally is not None and ctx.dns_tally.queries == server.queries > 0
    assert server.most <= 2


def test_a_portfolio_run_counts_every_family_s_questions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stacks = {"alpha": "alpha.test", "beta": "beta.test"}
    monkeypatch.chdir(tmp_path)
    project = write_project(tmp_path / "portfolio", stacks)
    zones = [zone_from_plan(build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n)) for n in stacks]
    with PortfolioDnsServer(zones) as resolver, PortfolioDnsServer(zones, address="127.0.0.2") as nameserver:
        run = invoke("validate", "--project-dir", str(project), "--all-stacks", "--only", "dns,dnssec,email",
                     "--timeout", "2", "--resolver", resolver.endpoint, "--authoritative", nameserver.endpoint,
                     "--parent", nameserver.endpoint, "--format", "json")
    document = json.loads(run.stdout)
    for section in document["stacks"].values():  # every family asked its questions (findings aside)
        assert {check.split(".")[0] for check in section["summary"]["checks"]} == {"dns", "dnssec", "email"}
    assert document["summary"]["dns_queries"] == resolver.queries + nameserver.queries > 0



def test_a_run_without_the_dns_family_still_reports_its_queries(
        counting: StartCounting, staging_stack: Stack, staging_plan: DomainPlan) -> None:
    """--only email (or dnssec) asks through the budget too, so its summary says how many it asked."""
    from validators.runner import run_checks, run_loop

    server = counting(latency=0.0)
    ctx = stack_context(staging_stack, staging_plan, server, QueryBudget(limit=2, rate_caps={}))
    report = run_loop(run_checks(ctx, ("email",)))
    assert report.stats["dns_queries"] == server.queries > 0


def test_a_portfolio_run_of_mail_checks_alone_reports_its_queries(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    stacks = {"alpha": "alpha.test", "beta": "beta.test"}
    monkeypatch.chdir(tmp_path)
    project = write_project(tmp_path / "portfolio", stacks)
    zones = [zone_from_plan(build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n)) for n in stacks]
    with PortfolioDnsServer(zones) as resolver:
        run = invoke("validate", "--project-dir", str(project), "--all-stacks", "--only", "email", "--timeout", "2",
                     "--resolver", resolver.endpoint, "--format", "json")
    assert json.loads(run.stdout)["summary"]["dns_queries"] == resolver.queries > 0
