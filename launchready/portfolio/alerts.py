"""`monitoring test-alert` over several stacks: every stack's channels sent at once, in one event loop
through one client (one connection pool), each stack's block in stack order as the one-stack run prints
it, then one line for the run. A stack that fails to load, shares a zone, or has no monitor Worker is its
own block with its bad-input message (exit 2) while the others still send."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

from launchready.core.errors import InputError
from launchready.core.findings import printable_value
from launchready.core.plan.monitor_model import MonitorWorker
from launchready.monitor.alerts import ChannelResult, Route, heading, result_lines, send_all, sending_worker, summary
from launchready.portfolio.load import Loaded, load_all
from launchready.portfolio.render import headline
from launchready.portfolio.section import Section, bad_input, worst_exit
from launchready.portfolio.targets import Targets
from launchready.render.escape import flat

TITLE = "launchready monitoring test-alert"


def run_test_alerts(targets: Targets, route: Route, now: dt.datetime) -> tuple[list[str], int]:
    """The lines to print and the worst exit code of the run."""
    checked = [with_worker(item) for item in load_all(targets.stacks)]
    ready = [(item, worker) for item, worker in checked if worker is not None]
    sent = asyncio.run(send_all([worker for _, worker in ready], route, now))
    by_key = {item.target.key: sent_section(item, worker, results)
              for (item, worker), results in zip(ready, sent, strict=True)}
    sections = [by_key.get(item.target.key) or unsent_section(item) for item, _ in checked]
    blocks = [line for section in sections for line in [*section.body.splitlines(), ""]]
    return [*blocks, closing([r for results in sent for r in results], sections)], worst_exit(sections)


def with_worker(item: Loaded) -> tuple[Loaded, MonitorWorker | None]:
    """The stack and the Worker to send through, or the stack holding why nothing can be sent."""
    if item.plan is None:
        return item, None
    try:
        return item, sending_worker(item.plan.monitoring, item.target.key)
    except InputError as exc:
        return replace(item, problem=f"error: {exc}"), None


def sent_section(item: Loaded, worker: MonitorWorker, results: list[ChannelResult]) -> Section:
    verdict, code = summary(results)
    body = "\n".join([heading(item.target.key, worker), *result_lines(results), verdict])
    return Section(item.target.key, item.target.path, worker.zone, code, body=body, gist=verdict)


def unsent_section(item: Loaded) -> Section:
    section = bad_input(item)
    where = flat(f"{item.target.key} ({item.target.path.as_posix()})")
    return replace(section, body=f"test alert for stack {where}: not sent\n{printable_value(section.problem)}")


def closing(results: list[ChannelResult], sections: list[Section]) -> str:
    """The run's verdict (stacks passed, failed, bad input) and how many channels accepted or refused."""
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in ("accepted", "refused", "not tried")}
    untried = f", {counts['not tried']} not tried (email)" if counts["not tried"] else ""
    return (f"{headline(sections, TITLE)}; {counts['accepted']} channel(s) accepted the test alert, "
            f"{counts['refused']} refused{untried}")
