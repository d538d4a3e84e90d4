"""validate, preflight and `diff --live` over several stacks: validate runs every stack's checks at once on
one event loop with one shared DNS budget (in-flight cap, per-server back-off and per-resolver rate caps
hold for the whole run, not per stack), in one process or in worker processes that split the budget
between them (shards.py); preflight and `diff --live` run in this process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from launchready.core.errors import InputError
from launchready.core.findings import Report
from launchready.portfolio import shards
from launchready.portfolio.documents import finish
from launchready.portfolio.load import Loaded, load_all, load_unplanned
from launchready.portfolio.section import bad_input, of_report
from launchready.portfolio.shards import Work, can_fork, deal, run_sharded, send_reports
from launchready.portfolio.targets import Targets
from launchready.render.progress import StacksLine

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from validators.context import CheckContext

ContextFor = Callable[[Loaded], "CheckContext"]

PROBE_HOSTS = 32
"""Web hosts probed at once across the portfolio (each opens a few HTTP and TLS connections): 100 domains'
600 hosts at once made a loopback edge miss --timeout; one domain has about six."""


async def validate_all(contexts: Sequence[CheckContext], families: Sequence[str], wait: float,
                       notes: Sequence[str], ended: Callable[[bool], None] = lambda failed: None,
                       workers: int = 1) -> list[Report]:
    """Every stack's checks at once; `ended` hears of each stack as it ends (whether it failed). With
    `workers`, this is one of that many processes validating the run: it takes 1/workers of the run's DNS
    budget (in-flight limit, every public resolver's rate cap) and of its web hosts probed at once."""
    from validators.dns.budget import worker_share
    from validators.runner import run_checks

    shared = worker_share(workers, contexts[0].max_in_flight, contexts[0].timeout) if contexts else None
    hosts = asyncio.Semaphore(probe_hosts(workers))

    async def one(ctx: CheckContext) -> Report:
        report = await run_checks(replace(ctx, dns_budget=shared, probe_slots=hosts), families, wait, notes)
        ended(not report.ok)
        return report

    return list(await asyncio.gather(*(one(ctx) for ctx in contexts)))


def probe_hosts(workers: int) -> int:
    """One of `workers` processes' share of PROBE_HOSTS (at least one)."""
    return max(1, PROBE_HOSTS // workers)


def run_validate(targets: Targets, context_for: ContextFor, families: Sequence[str], wait: float,
                 notes: Sequence[str], fmt: str, output: Path | None, jobs: int = 1) -> int:
    """Every stack's checks at once, in `jobs` worker processes at most (launchready/portfolio/shards.py);
    the JSON summary adds the run's wall time and total DNS queries, and how many workers ran."""
    loaded = load_all(targets.stacks)
    ready = [item for item in loaded if item.plan is not None]
    started = time.monotonic()
    from validators.runner import ASKS_DNS

    line = StacksLine(len(ready))
    reports, workers = checked(ready, context_for, (families, wait, notes), line, jobs)
    line.clear()
    reports = located_reports(ready, reports) if fmt == "sarif" else reports
    by_key = {item.target.key: report for item, report in zip(ready, reports, strict=True)}
    sections = [of_report(item, by_key[item.target.key]) if item.target.key in by_key else bad_input(item)
                for item in loaded]
    queries = sum(int(r.stats.get("dns_queries", 0)) for r in reports)
    extra = {"elapsed_seconds": round(time.monotonic() - started, 3), "dns_queries": queries,
             "dns_rounds": max((int(r.stats.get("dns_rounds", 0)) for r in reports), default=0)}
    extra = extra if ASKS_DNS & set(families) else {"elapsed_seconds": extra["elapsed_seconds"]}
    return finish(sections, fmt, "launchready validate", output, extra | ({"workers": workers} if workers > 1 else {}))


Run = tuple[Sequence[str], float, Sequence[str]]
"""The run's families, --wait and notes."""


def checked(ready: list[Loaded], context_for: ContextFor, run: Run, line: StacksLine,
            jobs: int) -> tuple[list[Report], int]:
    """Each stack's report, and how many worker processes made them (1: this process, on one event loop)."""
    from validators.runner import preload, run_loop

    families, wait, notes = run
    contexts = [context_for(item) for item in ready]
    workers = min(jobs, len(ready)) if can_fork() else 1
    if workers > 1:
        preload(families)
        sizes = [len(item.plan.records) if item.plan else 0 for item in ready]
        stacks = [(item.target.key, ctx) for item, ctx in zip(ready, contexts, strict=True)]
        reports = run_sharded(stacks, deal(sizes, workers), shard_work(contexts, run, workers), line,
                              wait + contexts[0].deadline + shards.GRACE)
        if reports is not None:
            return reports, workers
    return run_loop(validate_all(contexts, families, wait, notes, line)), 1


def shard_work(contexts: Sequence[CheckContext], run: Run, workers: int) -> Work:
    """What a worker does with its shard: validate_all over its stacks, with its share of the run's budgets,
    telling the parent as each stack ends, then sending back each report."""
    from validators.runner import run_loop

    families, wait, notes = run

    def work(shard: Sequence[int], pipe: Connection) -> None:
        mine = [contexts[i] for i in shard]
        reports = run_loop(validate_all(mine, families, wait, notes, lambda failed: pipe.send(("ended", None, failed)),
                                        workers))
        send_reports(pipe, shard, reports)

    return work


def located_reports(ready: list[Loaded], reports: list[Report]) -> list[Report]:
    """Each stack's findings pointed at their lines of its file: code scanning needs a line."""
    from launchready.core.locate import located

    return [located(report, item.plan, item.target.path) if item.plan else report
            for item, report in zip(ready, reports, strict=True)]


def run_reports(targets: Targets, report_for: Callable[[Loaded], Report], fmt: str, title: str,
                output: Path | None, need_plan: bool = True) -> int:
    """One report per stack, one after the other (preflight and drift are quick or per-stack bound).
    Without `need_plan` (preflight) a stack whose spec is invalid still gets its report, which says so."""
    sections = []
    for item in load_all(targets.stacks) if need_plan else load_unplanned(targets.stacks):
        if item.problem:
            sections.append(bad_input(item))
            continue
        try:
            sections.append(of_report(item, report_for(item)))
        except InputError as exc:
            sections.append(bad_input(replace(item, problem=f"error: {exc}")))
    return finish(sections, fmt, title, output)
