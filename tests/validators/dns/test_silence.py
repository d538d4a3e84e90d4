"""A server that answers nothing falls silent for the rest of a pass: after SILENT_AFTER timeouts with
not one answer, its other questions are reported unanswered at once instead of queueing, a window of
MIN_WINDOW at a time, for a whole --timeout each (60 stacks sharing a dead --resolver reached
--deadline). A server that answered is never silent; a query the deadline cut short is no evidence; the
next pass of --wait asks again."""

from __future__ import annotations

import asyncio
import time

from launchready.core.findings import Finding
from launchready.core.plan import DomainPlan
from launchready.core.stack import Stack
from tests.validators.dns.conftest import StartServer, errors
from tests.validators.hostile import Forgetful
from validators.context import CheckContext
from validators.dns import check
from validators.dns.budget import FIRST_WINDOW, SILENCE, SILENT_AFTER, QueryBudget, Tally
from validators.dnsquery import Answer
from validators.endpoints import Endpoint

SERVER = Endpoint("192.0.2.53", 53)
TIMEOUT = 0.05


class Dead:
    """A fake send to a server that never answers: each query waits its timeout; counts the queries sent."""

    def __init__(self) -> None:
        self.sent = 0

    async def __call__(self, timeout: float) -> Answer:
        self.sent += 1
        await asyncio.sleep(timeout)
        return Answer(SERVER, "www.example.com", "A", "timeout")


def unsent(why: str) -> Answer:
    return Answer(SERVER, "www.example.com", "A", "timeout", detail=why)


def asked(budget: QueryBudget, send: Dead, count: int, timeout: float = TIMEOUT) -> tuple[list[Answer], float, Tally]:
    tally = Tally()

    async def run() -> list[Answer]:
        replies = await asyncio.gather(*(budget.send(SERVER, send, lambda: timeout, tally, unsent=unsent)
                                         for _ in range(count)))
        return [answer for answer, _ in replies]

    started = time.monotonic()
    answers = asyncio.run(run())
    return answers, time.monotonic() - started, tally


def test_a_server_that_answers_nothing_is_not_asked_after_its_first_window() -> None:
    send = Dead()
    answers, took, tally = asked(QueryBudget(rate_caps={}, full_timeout=TIMEOUT), send, 600)
    assert send.sent == FIRST_WINDOW  # the first window, all at once; then silence
    assert tally.not_sent == 600 - FIRST_WINDOW and tally.summary()["dns_not_sent"] == 600 - FIRST_WINDOW
    assert all(answer.status == "timeout" for answer in answers)  # never a verdict on the records
    assert sum(answer.detail == SILENCE for answer in answers) == 600 - FIRST_WINDOW
    assert took < 6 * TIMEOUT  # before: windows of 128, 64, 32, 16, then 8 at a time, ~60 timeouts in a row


def test_without_a_way_to_say_unsent_every_question_is_still_sent() -> None:
    send, tally = Dead(), Tally()
    budget = QueryBudget(rate_caps={}, full_timeout=TIMEOUT)

    async def run() -> None:
        await asyncio.gather(*(budget.send(SERVER, send, lambda: TIMEOUT, tally) for _ in range(FIRST_WINDOW + 20)))

    asyncio.run(run())
    assert send.sent == FIRST_WINDOW + 20 and tally.not_sent == 0


def test_a_server_that_answered_once_is_never_silent() -> None:
    budget, tally = QueryBudget(rate_caps={}, full_timeout=TIMEOUT), Tally()

    async def ok(timeout: float) -> Answer:
        return Answer(SERVER, "www.example.com", "A", "ok")

    asyncio.run(budget.send(SERVER, ok, lambda: TIMEOUT, tally, unsent=unsent))
    send = Dead()
    asked(budget, send, 3 * SILENT_AFTER)
    assert send.sent >= 3 * SILENT_AFTER  # every question sent (and the dropped ones retried)


def test_queries_the_deadline_cut_short_do_not_silence_a_server() -> None:
    send = Dead()
    _, _, tally = asked(QueryBudget(limit=8, rate_caps={}, full_timeout=5.0), send, 3 * SILENT_AFTER)
    assert send.sent == 3 * SILENT_AFTER and tally.not_sent == 0


def test_the_next_pass_asks_a_silent_server_again() -> None:
    budget = QueryBudget(rate_caps={}, full_timeout=TIMEOUT)
    asked(budget, Dead(), FIRST_WINDOW + 1)
    again = Dead()
    budget.new_pass()
    asked(budget, again, 1)
    assert again.sent == 1
    still = Dead()
    asked(budget, still, 1)
    assert still.sent == 1  # one timeout is not yet silence


def test_stacks_sharing_a_dead_resolver_get_their_questions_reported_not_sent(
        staging_stack: Stack, staging_plan: DomainPlan, start_server: StartServer) -> None:
    good = start_server()
    budget = QueryBudget(rate_caps={}, full_timeout=0.3)
    with Forgetful(ignore=10**9) as dead:
        ctx = CheckContext(plan=staging_plan, spec=staging_stack.spec, resolvers=(Endpoint("127.0.0.1", dead.port),),
                           authoritative=(Endpoint(good.address, good.port),), timeout=0.3, deadline=30,
                           dns_budget=budget)

        async def portfolio() -> list[list[Finding]]:  # seven stacks' questions: more than a first window
            return list(await asyncio.gather(*(check(ctx) for _ in range(7))))

        started = time.monotonic()
        stacks = asyncio.run(portfolio())
        took, seen = time.monotonic() - started, len(dead.seen)
    failures = [f for findings in stacks for f in errors(findings) if f.check == "dns.timeout"]
    assert len(failures) == 7 and all(str(dead.port) in f.message for f in failures)
    assert any(f"as it answered none of the first {SILENT_AFTER} this run sent it" in f.message or
               f"not sent once {SILENT_AFTER} had gone unanswered" in f.message for f in failures), failures
    assert all("port 53" in f.message for f in failures)  # the network hint, not "raise --deadline"
    assert seen == FIRST_WINDOW and took < 2.0  # before: 154 sent, windows halving to 8, ~2 s
