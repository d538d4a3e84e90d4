"""Wall time of `launchready demo` (the issue's target: under 10 s on a laptop after installation).

Prints the median and range over several runs for each example stack, side by side with the target.
Run: .venv/bin/python bench/demo_time.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 5
ROOT = Path(__file__).resolve().parent.parent
LAUNCHREADY = Path(sys.executable).parent / "launchready"


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(LAUNCHREADY), *args], cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    print(f"{'command':<44}{'median':>8}{'min':>8}{'max':>8}   target")
    for args in (["demo"], ["demo", "--stack", "prod"], ["demo", "--fault", "www-first"]):
        times = [timed(args) for _ in range(RUNS)]
        label = "launchready " + " ".join(args)
        print(f"{label:<44}{statistics.median(times):7.2f}s{min(times):7.2f}s{max(times):7.2f}s   < 10 s")


if __name__ == "__main__":
    main()
