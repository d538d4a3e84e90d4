"""CLI start-up: `launchready --help` and `launchready validate --help` against a bare `import typer` (the
targets are at most 2x and 2.5x).

Prints median wall times over several runs, side by side. Run: .venv/bin/python bench/cli_startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15
BIN = Path(sys.executable).parent


def median_seconds(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    bare = median_seconds([sys.executable, "-c", "import typer"])
    help_ = median_seconds([str(BIN / "launchready"), "--help"])
    plan_help = median_seconds([str(BIN / "launchready"), "validate", "--help"])
    print(f"{'python -c import typer':<28}{bare * 1000:8.0f} ms")
    print(f"{'launchready --help':<28}{help_ * 1000:8.0f} ms   {help_ / bare:4.2f}x (target <= 2x)")
    print(f"{'launchready validate --help':<28}{plan_help * 1000:8.0f} ms   {plan_help / bare:4.2f}x (target <= 2.5x; "
          "typer coerces its own --help flag through pydantic, about 55 ms of it)")


if __name__ == "__main__":
    main()
