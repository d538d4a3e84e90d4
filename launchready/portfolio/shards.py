"""`validate` over several stacks in worker processes, one per core: the stacks are dealt out in shards,
each worker runs the one-process portfolio run (validate_all) over its shard on its own event loop, and
the parent gathers every stack's report into the one report of the run.

- Workers are forked (Linux), so they start with every module imported and every stack planned; where
  fork is unavailable, or a worker cannot be started, the run stays in one process.
- Each worker takes 1/N of the run's DNS budget (in-flight limit, every public resolver's rate cap) and
  of its web hosts probed at once (validate_all's `workers`): the limits hold for the run, not per worker.
- A worker sends each stack's end over its pipe (the parent keeps the stacks line) and then each stack's
  report. A worker that dies, or sends a report that does not pickle, costs its own stacks only: each gets
  a validate.internal_error finding naming them (exit code 3), never a traceback.
- The parent never waits longer than --wait + --deadline + GRACE (each worker's checks stop at --deadline);
  on Ctrl-C, or any way out, it ends every worker it started: no process outlives the run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

from launchready.core.findings import INTERNAL_ERROR, Report, failed

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from validators.context import CheckContext

GRACE = 30.0
"""Seconds past --wait + --deadline after which a worker that has not reported is stopped: its checks end
at --deadline, and building its reports takes well under a second a stack."""

PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal this process gets when its parent ends (linux/prctl.h)."""

Ended = Callable[[bool], None]


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def deal(sizes: Sequence[int], workers: int) -> list[tuple[int, ...]]:
    """The stacks (by place) in `workers` shards balanced by size: round robin over them, largest first."""
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    return [tuple(sorted(order[k::workers])) for k in range(min(workers, len(sizes)))]


@dataclass
class Worker:
    """One worker process, its end of the pipe and what it said."""

    shard: tuple[int, ...]
    process: BaseProcess
    pipe: Connection
    ended: int = 0
    reports: dict[int, Report] = field(default_factory=dict)
    problem: str | None = None
    """Why its remaining stacks have no report (a report that did not pickle, a check run that raised)."""
    done: bool = False


Work = Callable[[Sequence[int], Connection], None]
"""Runs a shard (stacks by place) in a worker, sending its messages on the connection."""


def run_sharded(stacks: Sequence[tuple[str, CheckContext]], shards: list[tuple[int, ...]], work: Work,
                ended: Ended, within: float) -> list[Report] | None:
    """Each stack's report (`stacks`: its name and context) from its shard's worker, in the stacks' order;
    None when no worker could be started (the caller runs in one process)."""
    sys.stdout.flush()
    sys.stderr.flush()  # a forked child must not write the parent's buffered text a second time
    workers: list[Worker] = []
    try:
        for shard in shards:
            workers.append(start(shard, work))
    except OSError:
        stop_all(workers)
        return None
    try:
        gather(workers, ended, time.monotonic() + within)
    finally:
        stop_all(workers)
    for worker in workers:  # the stacks line counts a lost worker's unfinished stacks as failing
        for _ in range(len(worker.shard) - worker.ended):
            ended(True)
    return [report_of(stacks, workers, i) for i in range(len(stacks))]


def start(shard: tuple[int, ...], work: Work) -> Worker:
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=in_worker, args=(work, shard, send, os.getpid()),
                                                        daemon=True)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # the worker starts with Ctrl-C held
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a Ctrl-C held meanwhile reaches this process now
        send.close()  # the worker's end: once it exits, this process reads end-of-file
    return Worker(shard, process, receive)


def in_worker(work: Work, shard: tuple[int, ...], pipe: Connection, parent: int) -> None:
    """The worker's body: Ctrl-C is the parent's to handle (it ends its workers), so a worker never prints
    a KeyboardInterrupt traceback, not even for a Ctrl-C that arrives while it is being forked (SIGINT is
    blocked across the fork, POSIX sigprocmask); anything the run raises is reported as a message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held since the fork (start): now ignored
    die_with_parent(parent)
    try:
        work(shard, pipe)
    except Exception as error:
        with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
            pipe.send(("broken", None, f"the check run raised {type(error).__name__}"))
    pipe.close()


def die_with_parent(parent: int) -> None:
    """Have the kernel end this worker when the parent ends, however it ends (SIGKILL, a cancelled CI job),
    so no worker runs on alone: prctl(PR_SET_PDEATHSIG, SIGKILL) (Linux man-pages, prctl(2))."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


def send_reports(pipe: Connection, shard: Sequence[int], reports: Sequence[Report]) -> None:
    """Each report on its own, so one that does not pickle (a finding holding an odd object) costs its stack
    alone; Connection.send pickles before it writes, so a failed one writes nothing."""
    for place, report in zip(shard, reports, strict=True):
        try:
            pipe.send(("report", place, report))
        except Exception as error:
            pipe.send(("broken", place, f"its report could not be sent back ({type(error).__name__})"))
    pipe.send(("done", None, None))


def gather(workers: list[Worker], ended: Ended, until: float) -> None:
    """Read every worker's messages until each is done, gone, or `until` (time.monotonic) passes."""
    reading = {id(worker.pipe): worker for worker in workers}
    while reading and (left := until - time.monotonic()) > 0:
        for pipe in wait([worker.pipe for worker in reading.values()], timeout=min(left, 60.0)):  # select caps it
            if not take(reading[id(pipe)], ended):
                del reading[id(pipe)]
    for worker in reading.values():
        worker.problem = worker.problem or f"did not report within --wait + --deadline + {GRACE:g}s"


def take(worker: Worker, ended: Ended) -> bool:
    """One message of the worker; False once it has no more (done, or its pipe closed)."""
    try:
        kind, place, value = worker.pipe.recv()
    except (EOFError, OSError):
        return False
    if kind == "ended":
        worker.ended += 1
        ended(bool(value))
    elif kind == "report":
        worker.reports[place] = value
    elif kind == "broken":
        worker.problem = value
    worker.done = worker.done or kind == "done"
    return str(kind) != "done"


def stop_all(workers: list[Worker]) -> None:
    """End every worker still running (at once, then for sure), and reap them all; one that has sent all
    its reports is first given a moment to exit on its own."""
    for worker in workers:
        if worker.done:
            worker.process.join(5.0)
        if worker.process.is_alive():
            worker.process.terminate()
    for worker in workers:
        worker.process.join(2.0)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.pipe.close()


def report_of(stacks: Sequence[tuple[str, CheckContext]], workers: list[Worker], place: int) -> Report:
    worker = next(w for w in workers if place in w.shard)
    return worker.reports.get(place) or lost(stacks, worker)[place]


def lost(stacks: Sequence[tuple[str, CheckContext]], worker: Worker) -> dict[int, Report]:
    """A report for each stack of the worker's shard that has none: an internal error naming them and why."""
    missing = [i for i in worker.shard if i not in worker.reports]
    names = ", ".join(stacks[i][0] for i in missing)
    why = worker.problem or ("it stopped before reporting" + exit_status(worker.process.exitcode))
    message = (f"validate stopped for the stack{'s' if len(missing) > 1 else ''} {names}, checked in one worker "
               f"process: {why} — a bug "
               "in launchready, or the machine ran out of memory; run again, with --jobs 1 to check them in one "
               "process, and report it with --format json output")
    return {i: Report.of([failed(f"validate.{INTERNAL_ERROR}", stacks[i][1].plan.zone, message)],
                         stack=stacks[i][1].plan.stack) for i in missing}


def exit_status(code: int | None) -> str:
    """' (killed by SIGKILL)', ' (exit status 70)', or nothing when it is still running."""
    if code is None or code == 0:
        return ""
    if code < 0:
        return f" (killed by {signal.Signals(-code).name})"
    return f" (exit status {code})"

