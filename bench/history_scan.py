"""History scan: `preflight`'s scan of a 10,000-commit synthetic repository against the floor, a bare
`git log -p -U0` of the same history into /dev/null (what any history scan has to read).

The repository is made once with `git fast-import` (seconds): 10,000 commits over 300 files, each
commit adding 5 lines of config-like text and changing one line, with a fake-shaped Cloudflare token
added in 20 of them and deleted later. Prints median wall times over several runs, side by side.
Run: .venv/bin/python bench/history_scan.py [COMMITS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 3
FILES = 300
LEAKS = 20


def fast_import_stream(commits: int) -> bytes:
    out, contents = [], {}
    for n in range(commits):
        name = f"services/svc{n % FILES:03d}/config.yaml"
        lines = contents.setdefault(name, [])
        lines[-1:] = [f"  updated_at: {n}"] if lines else []
        lines += [f"service_{n}:", f"  host: api{n}.example.com", f"  port: {8000 + n % 1000}",
                  f"  retries: {n % 7}", f"  updated_at: {n}"]
        if n % (commits // LEAKS) == 7:
            lines.append(f"  CLOUDFLARE_API_TOKEN: cfut_{n:040d}x")
        elif lines and any("cfut_" in line for line in lines):
            lines[:] = [line for line in lines if "cfut_" not in line]
        data = ("\n".join(lines) + "\n").encode()
        out.append(f"commit refs/heads/main\ncommitter Bench <bench@example.com> {1_700_000_000 + n} +0000\n"
                   f"data 8\ncommit {n % 10}\n".encode())
        out.append(f"M 644 inline {name}\ndata {len(data)}\n".encode() + data + b"\n")
    return b"".join(out)


def make_repo(root: Path, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=fast_import_stream(commits), check=True)
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard", "main"], check=True)


def median_seconds(action: object) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    from launchready.preflight.detection import Detector
    from launchready.preflight.history import scan_history

    commits = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        started = time.perf_counter()
        make_repo(root, commits)
        print(f"synthetic repository: {commits} commits, {FILES} files, made in {time.perf_counter() - started:.1f} s")
        floor = median_seconds(lambda: subprocess.run(["git", "-C", str(root), "log", "-p", "-U0", "HEAD"],
                                                      stdout=subprocess.DEVNULL, check=True))
        found: list[int] = []

        def scan() -> None:
            with Detector() as detector:
                found.append(len(scan_history(root, None, detector).hits))

        ours = median_seconds(scan)
    print(f"{'git log -p -U0 > /dev/null':<32}{floor:8.2f} s")
    print(f"{'preflight history scan':<32}{ours:8.2f} s   {ours / floor:4.1f}x the floor ({found[-1]} hits)")


if __name__ == "__main__":
    main()
