"""Progress of `validate --wait` on stderr, so a long wait is never silent: on a terminal one live line
rewritten in place, elsewhere (CI logs) one line per poll."""

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
