"""Run check families concurrently under one deadline, optionally polling until they pass (--wait)."""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import gc
import importlib
import importlib.util
import sys
import time
import traceback
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from launchready.core.errors import InputError
from launchready.core.findings import Finding, Report, Severity, failed, internal_error
from launchready.core.progress import PollProgress
from validators.context import CheckContext
from validators.dns import run_budget
from validators.dns.budget import Tally
from validators.dnsshared import SharedReplies

FAMILIES = {"dns": "validators.dns", "http": "validators.http", "tls": "validators.tls", "email": "validators.email",
            "dnssec": "validators.dnssec", "mobile": "validators.mobile"}
"""Family name → module with `async def check(ctx: CheckContext) -> list[Finding]`."""

PROJECT = Path(__file__).resolve().parents[1]
"""The folder holding launchready/ and validators/ (the source tree, or site-packages when installed)."""

ASKS_DNS = {"dns", "dnssec", "email"}
"""Families whose queries go through the run's DNS budget and count in its summary."""

Family = Callable[[CheckContext], Awaitable[list[Finding]]]
T = TypeVar("T")


def available_families() -> tuple[str, ...]:
    return tuple(name for name, module in FAMILIES.items() if importlib.util.find_spec(module) is not None)


def select_families(only: str | None) -> tuple[str, ...]:
    """Parse --only (comma-separated, any case, repeats dropped); None (not given) is every family. An
    empty value or unknown names are bad input (exit 2): `--only ''` from an unset CI variable must not
    quietly run everything."""
    available = available_families()
    if not available:
        raise InputError("no check family is installed; reinstall launchready")
    if only is None:
        return available
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in only.split(",") if part.strip()))
    if not wanted:
        shown = "is empty" if not only.strip() else f"{only!r} names no check family"
        raise InputError(f"--only {shown}: give one or more of " + ", ".join(FAMILIES)
                         + " (comma-separated), or leave --only out to run every family")
    unknown = [name for name in wanted if name not in FAMILIES]
    if unknown:
        raise InputError(f"--only {only}: unknown check family {', '.join(map(with_guess, unknown))}; choose from "
                         + ", ".join(FAMILIES))
    missing = [name for name in wanted if name not in available]
    if missing:
        raise InputError(f"--only {only}: the {', '.join(missing)} checks are not part of this version")
    return wanted


def with_guess(name: str) -> str:
    """`htps (did you mean http?)` when a family name is close, else the name alone."""
    close = difflib.get_close_matches(name, FAMILIES, n=1)
    return f"{name} (did you mean {close[0]}?)" if close else name


def family(name: str) -> Family:
    check: Family = importlib.import_module(FAMILIES[name]).check
    return check


def preload(families: Sequence[str]) -> None:
    """Import the families' checks (and through them httpx, dnspython, cryptography …) and the event loop
    now, so that processes forked after this start with them: the workers of a portfolio run
    (launchready/portfolio/shards.py) would otherwise each import them again, about 0.2 s of CPU apiece."""
    for name in families:
        family(name)
    loop_factory()


async def run_once(ctx: CheckContext, families: Sequence[str]) -> list[Finding]:
    """One pass of every family; a family still running at the deadline becomes a finding, not a hang, and
    one that raised becomes a finding too, while the other families' findings are kept."""
    tasks = [asyncio.ensure_future(family(name)(ctx)) for name in families]
    _, pending = await asyncio.wait(tasks, timeout=ctx.remaining() + 0.5)
    for task in pending:
        task.cancel()
    return [finding for name, task in zip(families, tasks, strict=True)
            for finding in outcome(ctx, name, task, late=task in pending)]


def outcome(ctx: CheckContext, name: str, task: asyncio.Future[list[Finding]], late: bool) -> list[Finding]:
    """A family's findings; past the deadline, a deadline finding; on an exception (a bug, never a verdict on
    the domain) an internal-error finding with its type and place, never its message (Report.exit_code: 3)."""
    if late:
        return [failed(f"{name}.deadline", ctx.plan.zone, f"the {name} checks did not finish within --deadline "
                       f"{ctx.deadline:g}s; raise it or check the slow server")]
    try:
        return task.result()
    except Exception as error:
        return [internal_error(name, ctx.plan.zone, error, raised_at(error))]


def raised_at(error: BaseException) -> str | None:
    """'validators/x.py:12 (function)': the innermost frame of launchready's own code, for a bug report."""
    own = [(path, frame) for frame in traceback.extract_tb(error.__traceback__)
           if (path := own_path(frame.filename))]
    return f"{own[-1][0]}:{own[-1][1].lineno} ({own[-1][1].name})" if own else None


def own_path(filename: str) -> str | None:
    """The path of a file of launchready's own packages, relative to where they are installed, or None."""
    path = Path(filename).resolve()
    if PROJECT not in path.parents:
        return None
    relative = path.relative_to(PROJECT).as_posix()
    return relative if relative.startswith(("launchready/", "validators/")) else None


def unconverged(findings: list[Finding]) -> set[str]:
    return {f.resolver or "" for f in findings if f.severity is Severity.ERROR}


class Convergence:
    """When each server (the `resolver` of its findings) last turned from failing to passing, across polls."""

    def __init__(self) -> None:
        self.since: dict[str, tuple[int, float]] = {}
        self.failing: dict[str, list[str]] = {}
        self.polls = 0

    def record(self, findings: list[Finding], at: float) -> None:
        self.polls += 1
        servers = {f.resolver for f in findings if f.resolver}
        failing = {server: sorted({f.check for f in findings if f.resolver == server
                                   and f.severity is Severity.ERROR}) for server in servers}
        self.failing = {server: checks for server, checks in failing.items() if checks}
        for server in servers:
            if server in self.failing:
                self.since.pop(server, None)
            else:
                self.since.setdefault(server, (self.polls, at))

    def notes(self, wait: float, elapsed: float) -> tuple[str, ...]:
        lines = [f"polled {self.polls} time(s) within --wait {wait:g}s (fresh queries each time)"]
        lines += [passing_since(server, poll, at) for server, (poll, at) in sorted(self.since.items())]
        lines += [f"{server} had not converged after {elapsed:.1f}s: {', '.join(checks)} still failing"
                  for server, checks in sorted(self.failing.items())]
        return tuple(lines)


def passing_since(server: str, poll: int, at: float) -> str:
    """Passing since the first poll means it never failed: nothing converged."""
    if poll == 1:
        return f"{server} answered as planned from the first poll"
    return f"{server} converged on poll {poll}, after {at:.1f}s"


async def run_checks(ctx: CheckContext, families: Sequence[str], wait: float = 0.0,
                     notes: Sequence[str] = (), progress: Callable[[PollProgress], None] | None = None) -> Report:
    """Run the families; with `wait`, poll (fresh queries each time, backoff 1 s doubling to 15 s, the
    last poll starting by the end of the wait) until no error remains, noting when each server converged.
    `progress` hears of each poll as it ends (validate --wait prints it on stderr)."""
    started, delay = time.monotonic(), 1.0
    convergence = Convergence()
    ctx, tally = with_tally(ctx)
    while True:
        if ctx.dns_budget is not None:
            ctx.dns_budget.new_pass()
        findings = await run_once(replace(ctx, started=time.monotonic(), shared_replies=shared(families)), families)
        elapsed = time.monotonic() - started
        convergence.record(findings, elapsed)
        done = not unconverged(findings) or elapsed >= wait
        if progress is not None and wait:
            errors = sum(1 for f in findings if f.severity is Severity.ERROR)
            progress(PollProgress(convergence.polls, elapsed, errors, None if done else min(delay, wait - elapsed)))
        if done:
            break
        await asyncio.sleep(min(delay, wait - elapsed))
        delay = min(delay * 2, 15.0)
    elapsed = time.monotonic() - started
    lines = (*notes, *(convergence.notes(wait, elapsed) if wait else ()))
    return Report.of(findings, stack=ctx.plan.stack, zone=ctx.plan.zone, families=tuple(families),
                     elapsed_seconds=round(elapsed, 3), notes=lines,
                     stats=tally.summary() if ASKS_DNS & set(families) else {})


def shared(families: Sequence[str]) -> SharedReplies | None:
    """A pass's store of authoritative replies, when both families that ask them run (validators.dnsshared)."""
    return SharedReplies() if {"dns", "dnssec"} <= set(families) else None


def with_tally(ctx: CheckContext) -> tuple[CheckContext, Tally]:
    """The context with a DNS budget (shared across passes, and across stacks when the caller gives one)
    and the tally its summary reports: queries sent and rounds, across every poll."""
    budget, tally = run_budget(ctx)
    return replace(ctx, dns_tally=tally, dns_budget=budget), tally


def validate(ctx: CheckContext, families: Sequence[str], wait: float = 0.0, notes: Sequence[str] = (),
             progress: Callable[[PollProgress], None] | None = None) -> Report:
    return run_loop(run_checks(ctx, families, wait, notes, progress))


def run_loop(work: Awaitable[T]) -> T:
    """`work` on an asyncio Runner (uvloop's loop where installed: loop_factory), under fewer_collections,
    with a main task that ends holding nothing. Every command that sends DNS questions runs them here
    (validate, check email, diff --live), so each gets a loop the UDP exchange can wait on. On the way
    out the Runner puts SIGINT's handler back, and CPython's signal.signal returns the old one (a partial
    holding the finished task) through `Handlers(...)`, whose ValueError message takes repr() of it: the
    repr of every finding the task returned, about 60 ms for 7,000 findings (CPython 3.11, signal.py
    `_int_to_enum`)."""
    result: list[T] = []

    async def main() -> None:
        result.append(await work)

    with fewer_collections(), asyncio.Runner(loop_factory=loop_factory()) as runner:
        runner.run(main())
    return result[0]


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (a dependency on Linux and macOS), else asyncio's own. A
    100-domain portfolio run peaks at 315-319 MiB on it against 461-494 MiB on asyncio's, with 3% less CPU
    (bench/portfolio.py, two runs each); a one-stack run takes the same time. On Windows, where uvloop is
    not installed, the selector loop: the default Proactor loop has no add_reader, which the UDP exchange
    waits on (validators/dnsudp.py; Python docs, "Platform Support")."""
    if sys.platform == "win32":
        return asyncio.SelectorEventLoop
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


YOUNG_THRESHOLD = 50_000
"""Allocations between young-generation collections while checks run (CPython's default: 700)."""


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often while the checks run, and never scan what existed before them.

    A run allocates millions of short-lived, acyclic objects (DNS messages, coroutines, futures) next to
    long-lived ones (every stack's spec and plan, the modules). At CPython's default thresholds the cycle
    collector ran thousands of times and kept walking the long-lived heap: a third of a 100-domain
    portfolio run's CPU (31.6 s -> 22.0 s, bench/portfolio.py). gc.freeze moves what exists now out of
    every collection; a higher young threshold collects the rest in fewer, larger passes (Python docs,
    "gc — Garbage Collector interface": freeze, set_threshold). Both are put back afterwards. The
    threshold is this one even when the caller's is higher: the CLI's 100,000 (for start-up) held through
    a 100-domain run took the same CPU and 80 MiB more memory (579 vs 497 MiB, bench/portfolio.py)."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *before[1:])  # the run's own, even below the CLI's start-up 100,000
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
