"""A portfolio of staging-like domains validated in one run (with worker processes, and in one process),
against the same domains validated by one process each, with --latency injected on every DNS reply:

    .venv/bin/python bench/portfolio.py [--domains 100] [--latency 0.2] [--sequential 10] [--jobs N]

Each domain is the staging stack on its own zone (s000.example.net …). The sandbox (in a child process,
so its CPU is not counted as the validator's, though on two cores it competes for them) serves them as the
demo does: five resolvers holding every zone and what the mail providers publish, two nameservers holding
every zone, and one HTTPS edge per domain with a certificate from one throwaway CA. Every run checks every
family (dns, dnssec, http, tls, email, mobile), as `validate` does by default. `validate --all-stacks`
runs twice, printed side by side: with worker processes (`--jobs` as given, else validate's default of
one per CPU) and in one process (`--jobs 1`). The sequential figure runs `--sequential` of the per-domain
processes and scales their total to all domains (said so in the output). The floor is the start-up of one
process plus what the latency and the public resolvers' rate caps (validators/dns/ratecaps.py) allow for
the queries the run sent. Each run's CPU time is every process's (workers included), its peak memory the
largest process's; the servers' CPU time during each run is printed beside them (Linux /proc), because
on two cores the sandbox answering the run needs most of a core.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing
import multiprocessing.queues
import multiprocessing.synchronize
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from octodns_side import ENV, LAUNCHREADY, ROOT

sys.path.insert(0, str(ROOT))

RESOLVERS, NAMESERVERS = 5, 2


def write_portfolio(directory: Path, count: int) -> list[str]:
    text = (ROOT / "Pulumi.staging.yaml").read_text()
    (directory / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    names = [f"s{i:03}" for i in range(count)]
    for name in names:
        (directory / f"Pulumi.{name}.yaml").write_text(text.replace("example.net", f"{name}.example.net"))
    return names


def plans(directory: Path) -> list[Any]:
    from launchready.core.plan import build_plan
    from launchready.core.stack import load_stack

    return [build_plan(s.spec, s.name) for s in map(load_stack, sorted(directory.glob("Pulumi.s*.yaml")))]


def resolver_zone(domain_plans: list[Any]) -> Any:
    """One root zone holding every domain and its provider side, as the demo's resolvers serve one."""
    import dns.name
    import dns.zone

    from launchready.demo import world
    from launchready.sandbox.dns import zone_from_plan
    from launchready.sandbox.dns_zone import ZoneData

    root = dns.zone.Zone(dns.name.root)
    for plan in domain_plans:
        for name, ttl, rdata in world.resolver_zone(zone_from_plan(plan), plan).zone.iterate_rdatas():
            world.add_rdata(root, name.derelativize(dns.name.root), ttl, rdata)
    return ZoneData(root)


def serve(directory: str, latency: float, out: multiprocessing.queues.Queue[Any],
          stop: multiprocessing.synchronize.Event) -> None:
    from launchready.sandbox.certs import SandboxCA
    from launchready.sandbox.dns import DnsServer, zone_from_plan
    from launchready.sandbox.dns_portfolio import PortfolioDnsServer
    from launchready.sandbox.edge import Edge

    domain_plans, ca = plans(Path(directory)), SandboxCA("launchready sandbox CA")
    ca.write_bundle(Path(directory) / "ca.pem")
    zones, everything = [zone_from_plan(p) for p in domain_plans], resolver_zone(domain_plans)
    with contextlib.ExitStack() as running:
        resolvers = [running.enter_context(DnsServer(everything, latency=latency)) for _ in range(RESOLVERS)]
        nameservers = [running.enter_context(PortfolioDnsServer(zones, latency=latency)) for _ in range(NAMESERVERS)]
        rules = []
        for plan in domain_plans:
            edge = running.enter_context(Edge(plan, ca))
            rules += [f"{h.fqdn}:{port}:127.0.0.1:{local}" for h in plan.web_hosts
                      for port, local in ((80, edge.http_port), (443, edge.https_port))]
        gc.freeze()  # the servers' zones, certificates and edges live until the end: never rescanned (gc docs)
        out.put(([s.endpoint for s in resolvers], [s.endpoint for s in nameservers], rules))
        stop.wait()


def cpu_seconds(pid: int | None) -> float | None:
    """User plus system CPU seconds a running process has used so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def sandbox(directory: Path, latency: float) -> Iterator[tuple[list[str], int | None]]:
    """The sandbox running in a child process: the validate arguments that point at it, and its pid."""
    context = multiprocessing.get_context("spawn")
    out, stop = context.Queue(), context.Event()
    child = context.Process(target=serve, args=(str(directory), latency, out, stop), daemon=True)
    child.start()
    try:
        resolvers, nameservers, rules = out.get(timeout=600)
        args = [arg for r in resolvers for arg in ("--resolver", r)]
        args += [arg for n in nameservers for arg in ("--authoritative", n)]
        args += [arg for rule in rules for arg in ("--connect-to", rule)]
        yield [*args, "--ca-bundle", str(directory / "ca.pem"), "--timeout", "10", "--deadline", "600"], child.pid
    finally:
        stop.set()
        child.join(30)


def run(args: list[str]) -> tuple[float, int, str, float]:
    """Wall seconds, peak resident set in MiB (this child's alone), stdout and CPU seconds of one launchready
    process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([*LAUNCHREADY, "validate", *args], capture_output=True, text=True, env=ENV, check=False)
    wall = time.perf_counter() - started
    if done.returncode == 2:
        raise SystemExit(done.stderr[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, (after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0) // 1024, done.stdout, cpu


def startup() -> float:
    started = time.perf_counter()
    subprocess.run([*LAUNCHREADY, "validate", "--help"], capture_output=True, env=ENV, check=True)
    return time.perf_counter() - started


def floor(summary: dict[str, Any], latency: float, start: float) -> tuple[float, str]:
    """Start-up plus the longer of: the DNS chain (NS discovery is not needed: nameservers are given, so
    one round trip) and each resolver's share of the queries at its polite rate."""
    from validators.dns.ratecaps import POLITE_QPS

    per_resolver = summary["dns_queries"] / (RESOLVERS + NAMESERVERS)
    dns_floor = max(latency, per_resolver / POLITE_QPS)
    return start + dns_floor, (f"start-up {start:.2f}s + max({latency:.2f}s latency, {per_resolver:.0f} "
                               f"queries per server / {POLITE_QPS:.0f} qps)")


@dataclass(frozen=True)
class Measured:
    """One `validate --all-stacks` run: wall and CPU seconds, peak MiB, its JSON summary, and the sandbox's
    CPU seconds during it (None off Linux)."""

    wall: float
    cpu: float
    peak: int
    summary: dict[str, Any]
    servers: float | None


def all_stacks(directory: str, common: list[str], servers: int | None, jobs: str | None) -> Measured:
    before = cpu_seconds(servers)
    wall, peak, out, cpu = run(["--project-dir", directory, "--all-stacks", *common, "--format", "json",
                                *(["--jobs", jobs] if jobs else [])])
    after = cpu_seconds(servers)
    busy = after - before if before is not None and after is not None else None
    return Measured(wall, cpu, peak, json.loads(out)["summary"], busy)


def describe(label: str, measured: Measured) -> str:
    summary, busy = measured.summary, measured.servers
    sandbox_cpu = f", sandbox CPU {busy:.2f}s ({busy / measured.wall:.0%} of the wall)" if busy is not None else ""
    return (f"{label:<28}{measured.wall:8.2f}s  CPU {measured.cpu:.2f}s  peak {measured.peak} MiB  "
            f"{summary['dns_queries']} DNS queries, {summary['dns_rounds']} rounds at most per stack; stacks "
            f"passed {summary['passed']}, failed {summary['failed']}{sandbox_cpu}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--sequential", type=int, default=10, help="per-domain processes actually run")
    parser.add_argument("--jobs", help="validate --jobs for the worker run (default: validate's, one per CPU)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        names = write_portfolio(directory, args.domains)
        with sandbox(directory, args.latency) as (common, servers):
            start = startup()
            workers = all_stacks(temp, common, servers, args.jobs)
            alone = all_stacks(temp, common, servers, "1")
            singles = [run(["--project-dir", temp, "--stack", name, *common, "--format", "json"])[0]
                       for name in names[:args.sequential]]
    report(args, (workers, alone), singles, floor(workers.summary, args.latency, start))


def report(args: argparse.Namespace, runs: tuple[Measured, Measured], singles: list[float],
           best: tuple[float, str]) -> None:
    workers, alone = runs
    count = workers.summary.get("workers", 1)
    sequential = sum(singles) / len(singles) * args.domains
    print(f"{args.domains} staging-like domains, every family, {args.latency * 1000:.0f} ms per DNS reply")
    print(describe(f"--all-stacks, {count} worker{'s' if count != 1 else ''}", workers))
    print(describe("--all-stacks --jobs 1", alone))
    print(f"{'workers vs one process':<28}{alone.wall / workers.wall:8.2f}x  (CPU {workers.cpu:.2f}s vs "
          f"{alone.cpu:.2f}s; the sandbox shares these cores)")
    print(f"{'sequential processes':<28}{sequential:8.2f}s  ({len(singles)} run, mean "
          f"{sum(singles) / len(singles):.2f}s each, × {args.domains})")
    print(f"{'speed-up':<28}{sequential / workers.wall:8.1f}x  (workers vs sequential; target >= 5x)")
    print(f"{'floor':<28}{best[0]:8.2f}s  ({best[1]}); the workers' run is {workers.wall / best[0]:.1f}x the floor, "
          f"one process {alone.wall / best[0]:.1f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
