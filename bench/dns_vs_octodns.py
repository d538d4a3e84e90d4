"""DNS validation of the same records, side by side with `octodns-report` at 256 workers, against the same
loopback servers with --latency (200 ms) injected on every reply:

    .venv/bin/python bench/dns_vs_octodns.py [--extra 0,1000] [--latency 0.2] [--runs 3]

Seven sandbox servers (launchready.sandbox.dns, in a child process so their CPU does not compete) serve the
staging zone plus N extra A records on 127.0.0.171-177 port 53 (octodns-report asks port 53 only; binding
it needs root or CAP_NET_BIND_SERVICE). launchready asks all seven (five as resolvers, two as the zone's
authoritative servers: `validate --only dns`); octodns-report asks the seven for every record of the same
zone. Both are whole processes, start-up included. octoDNS checks less (no proxied, stale, lame, serial or
origin-leak verdicts); the figures compare wall time only. The floor is one reply's latency plus start-up.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import multiprocessing.synchronize
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml
from big_zones import big_stack
from octodns_side import ENV, LAUNCHREADY, OCTO_BIN, ROOT, octodns_missing, octodns_version, octodns_zone, write_octodns

sys.path.insert(0, str(ROOT))

ADDRESSES = tuple(f"127.0.0.{171 + i}" for i in range(7))
RESOLVERS = 5


def serve(plan_json: str, latency: float, ready: multiprocessing.synchronize.Event,
          stop: multiprocessing.synchronize.Event) -> None:
    from launchready.core.plan import DomainPlan
    from launchready.sandbox.dns import DnsServer, zone_from_plan

    zone = zone_from_plan(DomainPlan.model_validate_json(plan_json))
    with contextlib.ExitStack() as servers:
        for address in ADDRESSES:
            servers.enter_context(DnsServer(zone, address=address, port=53, latency=latency))
        ready.set()
        stop.wait()


@contextlib.contextmanager
def servers_in_child(plan_json: str, latency: float) -> Iterator[None]:
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Event(), context.Event()
    child = context.Process(target=serve, args=(plan_json, latency, ready, stop), daemon=True)
    child.start()
    try:
        if not ready.wait(60):
            raise SystemExit(f"the sandbox servers did not start on {ADDRESSES[0]}…:53 (root or "
                             "CAP_NET_BIND_SERVICE is needed for port 53)")
        yield
    finally:
        stop.set()
        child.join(10)


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} exited {done.returncode}: {done.stderr[-2000:]}")
    return wall, done.stdout


def launchready_run(stack: Path) -> tuple[float, dict[str, int]]:
    servers = [arg for a in ADDRESSES[:RESOLVERS] for arg in ("--resolver", f"{a}:53")]
    servers += [arg for a in ADDRESSES[RESOLVERS:] for arg in ("--authoritative", f"{a}:53")]
    wall, out = timed([*LAUNCHREADY, "validate", "--stack-file", str(stack), "--only", "dns", *servers,
                       "--timeout", "5", "--deadline", "300", "--format", "json"])
    summary = json.loads(out)["summary"]
    return wall, {key: summary.get(key, 0) for key in ("dns_queries", "dns_rounds", "errors")}


def octodns_run(config: Path, zone: str) -> float:
    wall, _ = timed([str(OCTO_BIN / "octodns-report"), "--config-file", str(config), "--zone", f"{zone}.",
                     "--source", "config", "--concurrency", "256", "--timeout", "5", *ADDRESSES])
    return wall


def case(extra: int, latency: float, runs: int, work: Path) -> str:
    directory = work / f"n{extra}"
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    stack = directory / "Pulumi.bench.yaml"
    stack.write_text(yaml.safe_dump(big_stack(extra), sort_keys=False))
    plan = json.loads(subprocess.run([*LAUNCHREADY, "plan", "--stack-file", str(stack), "--format", "json"],
                                     capture_output=True, text=True, env=ENV, check=True).stdout)
    config = write_octodns(directory / "octodns", plan["zone"], octodns_zone(plan), None)
    from launchready.core.plan import build_plan
    from launchready.core.stack import load_stack

    loaded = load_stack(stack)
    with servers_in_child(build_plan(loaded.spec, loaded.name).model_dump_json(), latency):
        ours = sorted((launchready_run(stack) for _ in range(runs)), key=lambda r: r[0])[runs // 2]
        theirs = sorted(octodns_run(config, plan["zone"]) for _ in range(runs))[runs // 2]
    wall, counts = ours
    return (f"{extra:>6} {counts['dns_queries']:>8} {counts['dns_rounds']:>7} {wall:>11.2f}s {theirs:>12.2f}s "
            f"{theirs / wall:>7.2f}x {counts['errors']:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", default="0,1000")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    missing = octodns_missing()
    if missing:
        raise SystemExit(missing)
    # Both sides start from bytecode, as an installed package does (pip compiles it; octoDNS's virtualenv has
    # it): under PYTHONDONTWRITEBYTECODE launchready would otherwise compile ~100 modules every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "launchready", "validators"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"7 loopback servers, {args.latency * 1000:.0f} ms per reply; median of {args.runs}; "
          f"octoDNS {octodns_version()} with --concurrency 256")
    print(f"{'extra':>6} {'queries':>8} {'rounds':>7} {'launchready':>12} {'octodns-report':>13} {'ratio':>8} "
          f"{'errors':>7}")
    with tempfile.TemporaryDirectory() as temp:
        for extra in (int(n) for n in args.extra.split(",")):
            print(case(extra, args.latency, args.runs, Path(temp)), flush=True)
    print("ratio > 1: launchready faster; rounds 1 is the floor (every query in flight at once).")


if __name__ == "__main__":
    main()
