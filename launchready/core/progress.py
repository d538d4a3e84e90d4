"""What a long-running check tells its caller after each poll (validate --wait), as a plain value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PollProgress:
    """One finished poll: its number, seconds since the first started, errors left, seconds to the next
    poll (None: it was the last)."""

    poll: int
    elapsed: float
    errors: int
    next_in: float | None
