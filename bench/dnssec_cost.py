"""What the DNSSEC and delegation checks add to `launchready validate`: the staging stack with
`dnssec: true`, validated with the dns family alone and with dns + dnssec, against slow local servers.

    .venv/bin/python bench/dnssec_cost.py [--latency 0.2] [--runs 3]

Every server is the loopback sandbox (launchready.sandbox.dns): 5 resolvers and 2 nameservers serving
the zone signed with dnspython (launchready.sandbox.dns_chain, keys made per run) and 1 parent server
holding the DS, each reply delayed by --latency seconds. The dnssec family runs concurrently with the
dns family, so it should cost at most one round trip (one --latency) more. The servers run in a child
process so their CPU time does not compete with the validator's. Figures are the median of --runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import multiprocessing.synchronize
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from launchready.core.plan import DomainPlan, build_plan  # noqa: E402
from launchready.core.spec import DomainSpec  # noqa: E402
from launchready.core.stack import load_stack  # noqa: E402
from launchready.sandbox.dns import DnsServer, zone_from_plan  # noqa: E402
from launchready.sandbox.dns_chain import build_chain  # noqa: E402
from validators.context import CheckContext  # noqa: E402
from validators.endpoints import Endpoint  # noqa: E402
from validators.runner import run_checks  # noqa: E402

RESOLVERS, NAMESERVERS = 5, 2


def serve(plan: DomainPlan, latency: float, ports: multiprocessing.Queue[int],
          stop: multiprocessing.synchronize.Event) -> None:
    """Child process: resolvers and nameservers serving the signed zone, then the parent."""
    chain = build_chain(zone_from_plan(plan), True)
    with contextlib.ExitStack() as stack:
        for _ in range(RESOLVERS + NAMESERVERS):
            ports.put(stack.enter_context(DnsServer(chain.child, latency=latency)).port)
        ports.put(stack.enter_context(DnsServer(chain.parent, latency=latency)).port)
        stop.wait()


@contextlib.contextmanager
def servers_in_child(plan: DomainPlan, latency: float) -> Iterator[tuple[Endpoint, ...]]:
    context = multiprocessing.get_context("spawn")
    ports, stop = context.Queue(), context.Event()
    child = context.Process(target=serve, args=(plan, latency, ports, stop), daemon=True)
    child.start()
    try:
        yield tuple(Endpoint("127.0.0.1", ports.get(timeout=30)) for _ in range(RESOLVERS + NAMESERVERS + 1))
    finally:
        stop.set()
        child.join(10)


def timed(ctx: CheckContext, families: tuple[str, ...]) -> tuple[float, int]:
    """Wall seconds of one validation pass through the runner, and its error count."""
    started = time.monotonic()
    report = asyncio.run(run_checks(ctx, families))
    return time.monotonic() - started, report.summary()["errors"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds each reply is delayed")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    staging = load_stack(ROOT / "Pulumi.staging.yaml")
    spec: DomainSpec = staging.spec.model_copy(update={"dnssec": True})
    plan = build_plan(spec, "staging")
    families = (("dns",), ("dns", "dnssec"))
    walls: dict[tuple[str, ...], list[float]] = {f: [] for f in families}
    errors: dict[tuple[str, ...], int] = {}
    with servers_in_child(plan, args.latency) as endpoints:
        ctx = CheckContext(plan=plan, spec=spec, resolvers=endpoints[:RESOLVERS],
                           authoritative=endpoints[RESOLVERS:-1], parent=endpoints[-1:], timeout=10.0,
                           deadline=600.0)
        for _ in range(args.runs):
            for chosen in families:
                wall, errors[chosen] = timed(ctx, chosen)
                walls[chosen].append(wall)
    print(f"staging with dnssec: true; {RESOLVERS} resolvers + {NAMESERVERS} nameservers + 1 parent on loopback, "
          f"{args.latency * 1000:.0f} ms per reply, median of {args.runs}")
    print(f"{'families':<14} {'wall':>8} {'round trips':>12} {'errors':>7}")
    for chosen in families:
        wall = statistics.median(walls[chosen])
        print(f"{','.join(chosen):<14} {wall:>7.2f}s {wall / args.latency:>12.1f} {errors[chosen]:>7}")
    extra = statistics.median(walls[families[1]]) - statistics.median(walls[families[0]])
    print(f"dnssec adds {extra:+.2f}s = {extra / args.latency:+.1f} round trips (target: at most +1)")


if __name__ == "__main__":
    main()
