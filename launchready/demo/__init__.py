"""`launchready demo`: the whole launch loop on one machine, with no Cloudflare account and no Pulumi login.

Plan the stack, publish it on loopback (DNS resolvers and nameservers answering as Cloudflare would, an
HTTPS edge with a throwaway CA: launchready.demo.sandbox), run the checks of `launchready validate`
against it (launchready.demo.run), print the report and exit with its code. `--fault` breaks one thing
the way it breaks in real launches (launchready.demo.faults) and the report names the check that caught it.

Everything started stops when the demo ends, on Ctrl-C (SIGINT) and SIGTERM too, and the only file
written (the CA bundle) lives in a temporary folder removed on the way out.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, TextIO

from launchready.demo.faults import FAULTS, DemoFault, fault_help, parse_faults
from launchready.render.formats import DemoFormat, ReportFormat

if TYPE_CHECKING:
    from launchready.core.plan import DomainPlan
    from launchready.core.stack import Stack

__all__ = ["FAULTS", "DemoFault", "DemoOptions", "Interrupts", "fault_help", "parse_faults", "run_demo"]


@dataclass(frozen=True)
class DemoOptions:
    stack: str | None = "staging"
    stack_file: Path | None = None
    project_dir: Path = Path(".")
    faults: tuple[str, ...] = ()
    keep_running: bool = False
    fmt: DemoFormat = DemoFormat.SUMMARY
    output: Path | None = None


class Interrupts:
    """SIGTERM unwinds like Ctrl-C (a KeyboardInterrupt), so every `with` and `finally` stops its server;
    `exit_code` is then 128 + the signal, as shells report it."""

    def __init__(self) -> None:
        self.received = signal.SIGINT
        self._previous: signal._HANDLER = None
        self._installed = False

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, self._on_term)
            self._installed = True
        return self

    def _on_term(self, signum: int, frame: FrameType | None) -> None:
        self.received = signal.SIGTERM
        raise KeyboardInterrupt

    @property
    def exit_code(self) -> int:
        return 128 + int(self.received)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._installed and self._previous is not None:  # None: set outside Python, nothing to restore
            signal.signal(signal.SIGTERM, self._previous)


def wait_for_interrupt() -> None:
    """Sleep until Ctrl-C or SIGTERM (both arrive here as KeyboardInterrupt)."""
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return


def run_demo(options: DemoOptions, err: TextIO) -> int:
    """Plan, serve, validate, print; the exit code is the validator's (130/143 when interrupted first)."""
    from launchready.core.files import require_output_folder
    from launchready.core.stack import load_plan
    from launchready.demo.world import require_breakable

    require_output_folder(options.output)
    faults = parse_faults(list(options.faults))
    loaded, plan = load_plan(options.stack if options.stack_file is None else None, options.stack_file,
                             options.project_dir)
    require_breakable(plan, faults)
    with Interrupts() as interrupts:
        try:
            return serve_and_validate(options, loaded, plan, faults, err)
        except KeyboardInterrupt:
            say(err, "interrupted: the sandbox is stopped\n")
            return interrupts.exit_code


def serve_and_validate(options: DemoOptions, stack: Stack, plan: DomainPlan, faults: tuple[DemoFault, ...],
                       err: TextIO) -> int:
    from launchready.core.files import write_output
    from launchready.demo import present, run
    from launchready.demo.sandbox import Sandbox, checks_chain
    from launchready.render.report import render_report
    from validators.runner import select_families

    families = tuple(f for f in select_families(None) if f != "dnssec" or checks_chain(plan, faults))
    with Sandbox(plan, faults) as box:
        say(err, present.intro(plan, box, families))
        report = run.validate(stack, plan, box, families)
        text = (present.render_summary(report) if options.fmt is DemoFormat.SUMMARY
                else render_report(report, ReportFormat(options.fmt)))
        write_output(text, options.output)
        sys.stdout.flush()  # the report before anything printed on stderr next, also through a pipe
        if options.keep_running:
            say(err, present.poke(plan, box, run.equivalent_command(stack, box, options.stack_file,
                                                                           options.project_dir)))
            wait_for_interrupt()
            say(err, "stopping the sandbox\n")
    return report.exit_code


def say(err: TextIO, text: str) -> None:
    err.write(text)
    err.flush()
