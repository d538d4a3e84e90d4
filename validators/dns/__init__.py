"""DNS checks: every planned record, asked of every resolver (RD=1) and every authoritative server
(RD=0) at once, judged against the plan.

Check ids (stable): dns.answer, dns.proxied, dns.origin_leak, dns.apex_cname, dns.soa_serial,
dns.stale, dns.lame, dns.timeout, dns.nxdomain, dns.nodata, dns.servfail, dns.refused, dns.error,
dns.ns_discovery. All queries run concurrently with dnspython's async API within the run's budget
(validators/dns/budget.py: sized to the work, per-server back-off, per-resolver rate caps); each costs at
most --timeout and none outlives --deadline. The resolver queries start at once: only the authoritative
ones wait for the nameservers to be discovered from the NS records.
"""

from __future__ import annotations

import asyncio
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from launchready.core.cloudflare_ips import CloudflareRanges, load_ranges
from launchready.core.findings import Finding, failed
from validators.context import CheckContext
from validators.dns.authority import lame_findings, serial_findings
from validators.dns.budget import SILENCE, SILENT_AFTER, QueryBudget, Send, Tally
from validators.dns.consensus import Judged, reconcile
from validators.dns.expect import Expectation, expectations, soa_expectation
from validators.dns.judge import STATUS_HINTS, Observation, Role, judge
from validators.dns.servers import Ask, default_resolvers, discover, has_ipv6
from validators.dnsquery import DEADLINE_REACHED, NOT_SENT, Answer, answer_of, ask, never_sent
from validators.dnsshared import Budget
from validators.endpoints import Endpoint

__all__ = ["Run", "check", "observe", "verdicts"]


@dataclass(frozen=True)
class Run:
    """Every observation of one pass, and what the verdicts need besides them."""

    zone: str
    observations: tuple[Observation, ...]
    ranges: CloudflareRanges
    preamble: tuple[Finding, ...] = ()


async def check(ctx: CheckContext) -> list[Finding]:
    return verdicts(await observe(ctx))


@dataclass
class Chain:
    """The round of the latest answer a step depended on: NS discovery is a chain of answers (NS, then
    the nameservers' addresses), and the authoritative queries follow it."""

    done: int = 0


def bounded(ctx: CheckContext, budget: QueryBudget, tally: Tally, chain: Chain | None = None) -> Ask:
    """`ask` within the run's budget; a query that would start after --deadline is not sent. With a
    `chain`, each query follows the chain's latest answer (for counting rounds). An authoritative
    question goes through the pass's shared replies when there are any (validators.dnsshared)."""

    async def bounded_ask(server: Endpoint, name: str, rdtype: str, recursive: bool) -> Answer:
        if ctx.remaining() <= 0:
            return unsent(server, name, rdtype, NOT_SENT)
        after = chain.done if chain else 0
        if not recursive and ctx.shared_replies is not None:
            answer, done = await shared_answer(ctx, budget, tally, (server, name, rdtype), after)
        else:
            answer, done = await budget.send(server, sender(ctx, server, name, rdtype, recursive), ctx.budget,
                                             tally, after, unsent=functools.partial(unsent, server, name, rdtype))
        if chain is not None:
            chain.done = max(chain.done, done)
        return answer

    return bounded_ask


def sender(ctx: CheckContext, server: Endpoint, name: str, rdtype: str, recursive: bool) -> Send:
    async def send(timeout: float) -> Answer:
        if ctx.remaining() <= 0:
            return unsent(server, name, rdtype, NOT_SENT)
        return cut_short(ctx, await ask(server, name, rdtype, timeout, recursive), timeout)

    return send


def unsent(server: Endpoint, name: str, rdtype: str, why: str) -> Answer:
    """The answer to a question never sent: a timeout, never a verdict on the records."""
    return Answer(server, name, rdtype, "timeout", detail=why)


def cut_short(ctx: CheckContext, answer: Answer, timeout: float) -> Answer:
    """A timeout that had less than --timeout to run says the deadline, not the server, cut it short."""
    if answer.status == "timeout" and timeout < ctx.timeout and not never_sent(answer.detail):
        return replace(answer, detail=f"{answer.detail}, cut short: {DEADLINE_REACHED}")
    return answer


async def shared_answer(ctx: CheckContext, budget: QueryBudget, tally: Tally, question: tuple[Endpoint, str, str],
                        after: int) -> tuple[Answer, int]:
    """The pass's shared reply to an authoritative question, as the dns family reads it."""
    assert ctx.shared_replies is not None
    outcome, sent = await ctx.shared_replies.ask(question, Budget(budget, tally, ctx.budget, ctx.remaining), after)
    return cut_short(ctx, answer_of(*question, outcome), sent.timeout), sent.round


def run_budget(ctx: CheckContext) -> tuple[QueryBudget, Tally]:
    """The run's DNS budget and the stack's tally from the context, or a fresh pair for a check run alone
    (every family that asks DNS sends through these)."""
    budget = ctx.dns_budget or QueryBudget(ctx.max_in_flight, full_timeout=ctx.timeout)
    return budget, ctx.dns_tally if ctx.dns_tally is not None else Tally()


async def observe(ctx: CheckContext) -> Run:
    """Ask every server every question once (nothing is cached: each pass sends fresh queries). The
    resolver questions do not wait for nameserver discovery; the authoritative ones do."""
    ranges = ctx.cloudflare_networks or load_ranges(ctx.cloudflare_ranges)
    budget, tally = run_budget(ctx)
    ipv6 = has_ipv6() if not (ctx.resolvers and ctx.authoritative) else False
    resolvers = ctx.resolvers or default_resolvers(ipv6)
    expected = expectations(ctx.plan)
    ask_bounded = bounded(ctx, budget, tally)
    resolver_jobs = asyncio.gather(*(question(ask_bounded, r, e, "resolver") for r in resolvers for e in expected))
    authoritative_jobs = authoritative_observations(ctx, resolvers, bounded(ctx, budget, tally, Chain()), ipv6)
    from_resolvers, (from_authoritative, preamble) = await asyncio.gather(resolver_jobs, authoritative_jobs)
    return Run(ctx.plan.zone, (*from_resolvers, *from_authoritative), ranges, preamble)


async def authoritative_observations(ctx: CheckContext, resolvers: Sequence[Endpoint], ask_chained: Ask,
                                     ipv6: bool) -> tuple[list[Observation], tuple[Finding, ...]]:
    """Every question to every authoritative server, found first from the NS records when not given."""
    authoritative, preamble = ctx.authoritative, tuple[Finding, ...]()
    if not authoritative:
        authoritative, found = await discover(ctx.plan.zone, resolvers, ask_chained, port=ctx.nameserver_port,
                                              ipv6=ipv6)
        preamble = (found,)
    questions = (*expectations(ctx.plan), soa_expectation(ctx.plan))
    observations = await asyncio.gather(*(question(ask_chained, a, e, "authoritative")
                                          for a in authoritative for e in questions))
    return list(observations), preamble


async def question(ask_bounded: Ask, server: Endpoint, expectation: Expectation, role: Role) -> Observation:
    answer = await ask_bounded(server, expectation.name, expectation.rdtype, role == "resolver")
    return Observation(expectation, answer, role)


def verdicts(run: Run) -> list[Finding]:
    """One finding per observation, except: a server that failed every query the same way gets one
    finding; resolver mismatches the authoritative servers already fixed become dns.stale."""
    judged: list[Judged] = []
    per_server: list[Finding] = []
    for (role, server), group in grouped(run.observations).items():
        status = uniform_failure(group)
        if status is not None:
            per_server += [] if (role, status) == ("authoritative", "refused") else [
                server_failure(run.zone, role, server, status, group)]
            continue
        judged += [(obs, judge(obs, run.ranges)) for obs in group if judged_alone(obs)]
    authoritative = [obs for obs in run.observations if obs.role == "authoritative"]
    return [*run.preamble, *reconcile(judged), *per_server, *serial_findings(run.zone, authoritative),
            *lame_findings(run.zone, authoritative)]


def grouped(observations: Sequence[Observation]) -> dict[tuple[Role, Endpoint], list[Observation]]:
    groups: dict[tuple[Role, Endpoint], list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[(obs.role, obs.answer.server)].append(obs)
    return groups


def judged_alone(obs: Observation) -> bool:
    """SOA answers are judged together (serials); an authoritative REFUSED is reported as dns.lame."""
    if obs.expectation.kind == "soa" and obs.answer.status == "ok":
        return False
    return not (obs.role == "authoritative" and obs.answer.status == "refused")


def uniform_failure(group: list[Observation]) -> str | None:
    statuses = {obs.answer.status for obs in group}
    status = statuses.pop() if len(statuses) == 1 else None
    return status if status in STATUS_HINTS and len(group) > 1 else None


def failure_said(said: str, group: list[Observation]) -> str:
    """How a server failed every query of a group: some or all may never have been sent (--deadline, or the
    server silent from the start: validators/dns/budget.py)."""
    details = [obs.answer.detail for obs in group]
    if all(detail == NOT_SENT for detail in details):
        return f": {len(group)} queries not sent before --deadline"
    silenced = details.count(SILENCE)
    if silenced == len(group):
        return f": {silenced} queries not sent, as it answered none of the first {SILENT_AFTER} this run sent it"
    if silenced:
        return f" {said} all {len(group)} queries ({silenced} not sent once {SILENT_AFTER} had gone unanswered)"
    return f" {said} all {len(group)} queries{f' ({details[0]})' if details[0] else ''}"


def server_failure(zone: str, role: Role, server: Endpoint, status: str, group: list[Observation]) -> Finding:
    said = {"timeout": "did not answer", "servfail": "answered SERVFAIL to", "refused": "answered REFUSED to",
            "error": "gave no usable reply to"}[status]
    what = failure_said(said, group)
    who = "resolver" if role == "resolver" else "authoritative server"
    return failed(f"dns.{status}", zone, f"{who} {server}{what}; {group[0].answer.hint(STATUS_HINTS)}",
                  resolver=str(server),
                  expected=f"answers to {len(group)} queries", observed=status.upper())
