"""Progress on stderr, so a long run is never silent. `validate --wait`: on a terminal one live line
rewritten in place, elsewhere (CI logs) one line per poll. `validate` over several stacks: on a terminal
one live line counting the stacks done (CI logs get the report only)."""

from __future__ import annotations

import sys
from typing import TextIO

from launchready.core.progress import PollProgress


def describe(progress: PollProgress, wait: float) -> str:
    state = "every check passes" if progress.errors == 0 else \
        f"{progress.errors} error{'s' if progress.errors != 1 else ''} left"
    after = f"; next poll in {progress.next_in:.0f}s" if progress.next_in is not None else ""
    return f"--wait: poll {progress.poll} at {progress.elapsed:.0f}s of {wait:g}s: {state}{after}"


class ProgressLine:
    """Writes each poll to `stream`: `\\r` and a cleared line on a TTY, a new line otherwise."""

    def __init__(self, wait: float, stream: TextIO | None = None) -> None:
        self.wait, self.stream = wait, stream or sys.stderr
        self.live = self.stream.isatty()

    def __call__(self, progress: PollProgress) -> None:
        text = describe(progress, self.wait)
        if self.live:
            self.stream.write(f"\r\033[K{text}" + ("\n" if progress.next_in is None else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


class StacksLine:
    """How many of a portfolio's stacks are validated and how many fail, rewritten in place as each one
    ends; only on a terminal, and the line is cleared before the report is printed."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done, self.failing = total, 0, 0
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def __call__(self, failed: bool) -> None:
        self.done += 1
        self.failing += failed
        if self.live:
            failing = f", {self.failing} failing" if self.failing else ""
            self.stream.write(f"\r\033[Kvalidated {self.done} of {self.total} stacks{failing}")
            self.stream.flush()

    def clear(self) -> None:
        if self.live and self.done:
            self.stream.write("\r\033[K")
            self.stream.flush()
