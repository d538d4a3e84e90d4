"""Reading a stack file of 5,000 records: launchready's one reader (one compose pass on libyaml's events,
limits on the node graph, then values) against the two passes it replaced (PyYAML's safe_load, then
compose again for lines), and against a bare `yaml.safe_load` with libyaml (the floor). Also an alias
bomb of 10^9 values, refused by the reader on the graph.

Prints median wall times side by side. Run: .venv/bin/python bench/stack_read.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import yaml

from launchready.core.errors import InputError
from launchready.core.inputs.yamldoc import load_yaml

RUNS = 5
RECORDS = 5000


def stack(records: int) -> str:
    lines = ["config:", "  launchready:domain:", "    zone: example.com", "    origin: {ipv4: [192.0.2.10]}",
             "    records:"]
    for i in range(records):
        lines += [f"      - name: host{i}", "        type: TXT", f'        content: "verification={i:08d}"',
                  "        ttl: 300"]
    return "\n".join(lines) + "\n"


def bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def median(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def refused(text: str) -> None:
    try:
        load_yaml(text, "bomb")
    except InputError:
        return
    raise AssertionError("the alias bomb was read")


def main() -> None:
    text = stack(RECORDS)
    rows = [
        ("launchready reader (one pass, limits)", median(lambda: load_yaml(text, "stack"))),
        ("before: safe_load + compose (pure Python)", median(lambda: (yaml.safe_load(text), yaml.compose(text)))),
        ("floor: yaml.load with CSafeLoader", median(lambda: yaml.load(text, Loader=yaml.CSafeLoader))),
        ("alias bomb of 10^9 values, refused", median(lambda: refused(bomb()))),
    ]
    print(f"{RECORDS:,} records, {len(text) / 1e6:.1f} MB of YAML, median of {RUNS} runs")
    for name, seconds in rows:
        print(f"  {name:<44} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
