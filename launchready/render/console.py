"""Rich renderables to plain text: the one place a report, plan, diff, preview or demo summary is laid
out as a table for a terminal or a CI log. No colour, no markup (cells are data), no trailing spaces."""

from __future__ import annotations

import io
from typing import Any


def printed(*items: Any, width: int, soft_wrap: bool = False) -> str:
    """What printing `items` one after another would show, as text lines without trailing spaces."""
    from rich.console import Console  # imported on first use: commands that print JSON never pay for it

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=soft_wrap, markup=False,
                      emoji=False)  # `:x:` in a server's text or a spec value stays as written
    for item in items:
        console.print(item)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
