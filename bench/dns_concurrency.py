"""How much concurrency buys the DNS validator: run it against slow local servers and compare its wall
time with what a sequential loop over the same queries would pay.

    .venv/bin/python bench/dns_concurrency.py [--latency 0.2] [--resolvers 5] [--authoritative 2]

Every server is the loopback sandbox (launchready.sandbox.dns) serving the staging zone as Cloudflare
would, each reply delayed by --latency seconds. Case 1 is the staging stack; case 2 adds 200 proxied
domain names to it, once with the default in-flight limit (512) and once with 64, to show that
time grows with (queries / in-flight limit) × latency, not with the sum of all latencies. The servers
run in a child process so their CPU time does not compete with the validator's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import multiprocessing.synchronize
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from launchready.core.plan import DomainPlan, build_plan  # noqa: E402
from launchready.core.spec import DomainSpec  # noqa: E402
from launchready.core.spec.models import HostSpec  # noqa: E402
from launchready.core.stack import load_stack  # noqa: E402
from launchready.sandbox.dns import DnsServer, zone_from_plan  # noqa: E402
from validators.context import CheckContext  # noqa: E402
from validators.dns import observe, verdicts  # noqa: E402
from validators.dns.budget import IN_FLIGHT  # noqa: E402
from validators.endpoints import Endpoint  # noqa: E402


@dataclass(frozen=True)
class Result:
    label: str
    names: int
    queries: int
    wall: float
    sequential: float
    errors: int

    def row(self) -> str:
        ratio = self.sequential / self.wall if self.wall else 0.0
        return (f"{self.label:<38} {self.names:>6} {self.queries:>8} {self.wall:>9.2f}s {self.sequential:>12.1f}s "
                f"{ratio:>8.0f}x {self.errors:>7}")


def with_domains(spec: DomainSpec, count: int) -> DomainSpec:
    """The spec plus `count` proxied web hosts (site0 … siteN) pointing at the origin."""
    hosts = {**spec.hosts, **{f"site{i}": HostSpec() for i in range(count)}}
    return spec.model_copy(update={"hosts": hosts})


def serve(plan: DomainPlan, count: int, latency: float, ports: multiprocessing.Queue[int],
          stop: multiprocessing.synchronize.Event) -> None:
    """Child process: `count` sandbox servers, so their CPU time does not compete with the validator's."""
    zone = zone_from_plan(plan)
    with contextlib.ExitStack() as stack:
        for _ in range(count):
            ports.put(stack.enter_context(DnsServer(zone, latency=latency)).port)
        stop.wait()


@contextlib.contextmanager
def servers_in_child(plan: DomainPlan, count: int, latency: float) -> Iterator[tuple[Endpoint, ...]]:
    context = multiprocessing.get_context("spawn")
    ports, stop = context.Queue(), context.Event()
    child = context.Process(target=serve, args=(plan, count, latency, ports, stop), daemon=True)
    child.start()
    try:
        yield tuple(Endpoint("127.0.0.1", ports.get(timeout=30)) for _ in range(count))
    finally:
        stop.set()
        child.join(10)


def measure(label: str, spec: DomainSpec, plan: DomainPlan, args: argparse.Namespace, in_flight: int) -> Result:
    with servers_in_child(plan, args.resolvers + args.authoritative, args.latency) as endpoints:
        ctx = CheckContext(plan=plan, spec=spec, resolvers=endpoints[:args.resolvers],
                           authoritative=endpoints[args.resolvers:], timeout=10.0, deadline=600.0,
                           max_in_flight=in_flight)
        started = time.monotonic()
        run = asyncio.run(observe(replace(ctx, started=time.monotonic())))
        findings = verdicts(run)
        wall = time.monotonic() - started
    names = len({obs.expectation.name for obs in run.observations})
    errors = sum(f.severity.value == "error" for f in findings)
    return Result(f"{label} (in flight {in_flight})", names, len(run.observations), wall,
                  sum(obs.answer.seconds for obs in run.observations), errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds each reply is delayed")
    parser.add_argument("--resolvers", type=int, default=5)
    parser.add_argument("--authoritative", type=int, default=2)
    parser.add_argument("--domains", type=int, default=200)
    args = parser.parse_args()
    staging = load_stack(ROOT / "Pulumi.staging.yaml")
    big = with_domains(staging.spec, args.domains)
    default = IN_FLIGHT
    cases = [("staging", staging.spec, default), (f"staging + {args.domains} names", big, default),
             (f"staging + {args.domains} names", big, 64)]
    print(f"{args.resolvers} resolvers + {args.authoritative} authoritative servers on loopback, "
          f"{args.latency * 1000:.0f} ms per reply")
    print(f"{'case':<38} {'names':>6} {'queries':>8} {'wall':>10} {'sequential':>13} {'speedup':>9} {'errors':>7}")
    for label, spec, in_flight in cases:
        print(measure(label, spec, build_plan(spec, "staging"), args, in_flight).row(), flush=True)


if __name__ == "__main__":
    main()
