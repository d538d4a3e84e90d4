"""Run check families concurrently under one deadline, optionally polling until they pass (--wait)."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

from launchready.errors import InputError
from launchready.report import Finding, Report, Severity, failed
from validators.context import CheckContext

FAMILIES = {"dns": "validators.dns", "http": "validators.http", "tls": "validators.tls", "email": "validators.email"}
"""Family name → module with `async def check(ctx: CheckContext) -> list[Finding]`."""

Family = Callable[[CheckContext], Awaitable[list[Finding]]]


def available_families() -> tuple[str, ...]:
    return tuple(name for name, module in FAMILIES.items() if importlib.util.find_spec(module) is not None)


def select_families(only: str | None) -> tuple[str, ...]:
    """Parse --only (comma-separated); unknown names are bad input (exit 2)."""
    available = available_families()
    if not available:
        raise InputError("no check family is installed; reinstall launchready")
    if not only:
        return available
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in only.split(",") if part.strip()))
    unknown = [name for name in wanted if name not in FAMILIES]
    if unknown:
        raise InputError(f"--only {only}: unknown check family {', '.join(unknown)}; choose from "
                         + ", ".join(FAMILIES))
    missing = [name for name in wanted if name not in available]
    if missing:
        raise InputError(f"--only {only}: the {', '.join(missing)} checks are not part of this version")
    return wanted


def family(name: str) -> Family:
    check: Family = importlib.import_module(FAMILIES[name]).check
    return check


async def run_once(ctx: CheckContext, families: Sequence[str]) -> list[Finding]:
    """One pass of every family; a family still running at the deadline becomes a finding, not a hang."""
    tasks = [asyncio.ensure_future(family(name)(ctx)) for name in families]
    done, pending = await asyncio.wait(tasks, timeout=ctx.remaining() + 0.5)
    for task in pending:
        task.cancel()
    findings = [finding for task in done for finding in task.result()]
    for name, task in zip(families, tasks, strict=True):
        if task in pending:
            findings.append(failed(f"{name}.deadline", ctx.plan.zone, f"the {name} checks did not finish "
                                   f"within --deadline {ctx.deadline:g}s; raise it or check the slow server"))
    return findings


def unconverged(findings: list[Finding]) -> set[str]:
    return {f.resolver or "" for f in findings if f.severity is Severity.ERROR}


async def run_checks(ctx: CheckContext, families: Sequence[str], wait: float = 0.0) -> Report:
    """Run the families; with `wait`, poll (fresh queries each time, backoff 1 s doubling to 15 s) until
    no error remains or the wait is over, and note when each resolver converged."""
    started, delay, polls = time.monotonic(), 1.0, 0
    converged: dict[str, float] = {}
    while True:
        polls += 1
        findings = await run_once(replace(ctx, started=time.monotonic()), families)
        elapsed = time.monotonic() - started
        note_convergence(findings, ctx, converged, elapsed)
        if not unconverged(findings) or elapsed + delay > wait:
            break
        await asyncio.sleep(delay)
        delay = min(delay * 2, 15.0)
    notes = convergence_notes(converged, polls, wait)
    return Report.of(findings, stack=ctx.plan.stack, families=tuple(families),
                     elapsed_seconds=round(time.monotonic() - started, 3), notes=notes)


def note_convergence(findings: list[Finding], ctx: CheckContext, converged: dict[str, float], at: float) -> None:
    failing = unconverged(findings)
    for endpoint in (*ctx.resolvers, *ctx.authoritative):
        key = str(endpoint)
        if key not in failing:
            converged.setdefault(key, at)


def convergence_notes(converged: dict[str, float], polls: int, wait: float) -> tuple[str, ...]:
    if not wait:
        return ()
    lines = [f"polled {polls} time(s) within --wait {wait:g}s"]
    lines += [f"{resolver} converged after {seconds:.1f}s" for resolver, seconds in sorted(converged.items())]
    return tuple(lines)


def validate(ctx: CheckContext, families: Sequence[str], wait: float = 0.0) -> Report:
    return asyncio.run(run_checks(ctx, families, wait))
