"""A portfolio whose resolver and nameserver never answer: how long one `validate --all-stacks --only dns`
takes to say so, and how many queries it sends (validators/dns/budget.py, SILENT_AFTER):

    .venv/bin/python bench/silent_server.py [--stacks 60] [--timeout 1] [--tree PATH]

The servers are one UDP socket on loopback that reads every query and answers none. `--tree` runs another
checkout of launchready (from its own folder, so its code is the one imported), to compare before and after.
Measured 2026-11-30 on two cores, 60 stacks, --timeout 1: 313 s and 2,700 queries before the silence rule,
1.6 s and 128 queries with it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from portfolio import write_portfolio

ROOT = Path(__file__).resolve().parent.parent


def silent_server() -> int:
    """A UDP port on 127.0.0.1 that takes every datagram and answers none; returns the port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))

    def drain() -> None:
        while True:
            sock.recv(4096)

    threading.Thread(target=drain, daemon=True).start()
    port: int = sock.getsockname()[1]
    return port


def run(tree: Path, folder: Path, port: int, timeout: float) -> tuple[float, int, dict[str, int]]:
    server = f"127.0.0.1:{port}"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from launchready.cli import main; main()", "validate",
                           "--all-stacks", "--project-dir", str(folder), "--only", "dns", "--resolver", server,
                           "--authoritative", server, "--timeout", str(timeout), "--deadline", "900",
                           "--format", "json"], capture_output=True, text=True, cwd=tree, check=False,
                          env={**os.environ, "PYTHONPATH": str(tree)})
    wall = time.perf_counter() - started
    summary = json.loads(done.stdout)["summary"]
    return wall, done.returncode, {key: value for key, value in summary.items() if key.startswith("dns_")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stacks", type=int, default=60)
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--tree", type=Path, default=ROOT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        write_portfolio(Path(temp), args.stacks)
        wall, code, counts = run(args.tree.resolve(), Path(temp), silent_server(), args.timeout)
    print(f"{args.stacks} stacks, --timeout {args.timeout:g}: {wall:.1f} s, exit {code}, {counts}")


if __name__ == "__main__":
    main()
