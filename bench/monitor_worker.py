"""The monitor Worker in workerd: wall time and CPU per scheduled run and checks per run, side by side
with an empty run (the runtime's own cost) and the plan-time CPU bound (launchready.core.spec.monitor_rules).

Wall time includes the loopback sites (a Python server) and the driver call. The CPU column is what
the whole workerd process spent per run (every thread, /proc/<pid>/task/*/schedstat, in ns): the
Worker's JavaScript plus the runtime's HTTP, KV and driver work, so an upper bound on the CPU time
Cloudflare counts against Workers Free's 10 ms. The machine is shared, so figures move between runs.
Needs workerd: npm install --prefix .venv/node workerd@<WORKERD_VERSION>, as .ci/run does.
Run: .venv/bin/python bench/monitor_worker.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from launchready.core.plan import build_plan  # noqa: E402
from launchready.core.plan.monitor_model import MonitorWorker  # noqa: E402
from launchready.core.spec import parse_spec  # noqa: E402
from launchready.core.spec.monitor_rules import CPU_MS_BASE, CPU_MS_PER_BODY, CPU_MS_PER_CHECK  # noqa: E402
from launchready.core.stack import load_stack  # noqa: E402
from launchready.sandbox.workerd import WORKERD_VERSION, start_monitor, workerd_binary  # noqa: E402
from launchready.sandbox.world import Site, World, serve_world  # noqa: E402

RUNS = 20
HOOKS = {"slack_webhook_url": "https://hooks.slack.test/services/BENCH", "webhook_url": "https://hooks.test/b",
         "discord_webhook_url": "https://discord.test/api/webhooks/BENCH"}


def worker_of(domain: dict[str, Any]) -> MonitorWorker:
    plan = build_plan(parse_spec(domain), "bench")
    assert plan.monitoring is not None and plan.monitoring.worker is not None
    return plan.monitoring.worker


def staging() -> MonitorWorker:
    spec = load_stack(ROOT / "Pulumi.staging.yaml").spec
    plan = build_plan(spec, "staging")
    assert plan.monitoring is not None and plan.monitoring.worker is not None
    return plan.monitoring.worker


def monitoring_of(checks: int, bodies: int) -> dict[str, Any]:
    paths = ["/"] + [f"/p{i}" for i in range(checks - 1)]
    return {"alerts": ["ops@example.com"], "checks": paths, **HOOKS,
            "body_contains": {f"/p{i}": "needle" for i in range(bodies)}}


def sized(checks: int, bodies: int) -> MonitorWorker:
    return worker_of({"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}},
                      "monitoring": monitoring_of(checks, bodies)})


def sites_for(worker: MonitorWorker) -> dict[str, Site]:
    body = b"x" * 65000 + b"needle"
    return {check.url.removeprefix("https://"): Site(200, body if check.body_contains else b"ok")
            for check in worker.checks}


def cpu_seconds(pid: int) -> float:
    """On-CPU time of every thread of a process (Linux schedstat, first field, nanoseconds)."""
    tasks = Path(f"/proc/{pid}/task")
    return sum(int((task / "schedstat").read_text().split()[0]) for task in tasks.iterdir()) / 1e9


def timed_runs(binary: Path, worker: MonitorWorker, config: dict[str, Any]) -> tuple[list[float], float]:
    world = World(sites=sites_for(worker), receivers={"hooks.slack.test": 200, "hooks.test": 200,
                                                        "discord.test": 204, "mail.test": 200})
    server = serve_world(world)
    secrets = {str(c.secret_binding): str(c.url) for c in worker.webhooks}
    with tempfile.TemporaryDirectory() as folder:
        runtime = start_monitor(binary, Path(folder), server.port, config, secrets)
        try:
            runtime.fire(1_800_000_000_000)  # warm the isolate
            times = []
            cpu_before = cpu_seconds(runtime.process.pid)
            for i in range(RUNS):
                started = time.perf_counter()
                runtime.fire(1_800_000_060_000 + i * 60_000)
                times.append(time.perf_counter() - started)
            cpu = (cpu_seconds(runtime.process.pid) - cpu_before) / RUNS
        finally:
            runtime.stop()
            server.shutdown()
            server.server_close()
    return times, cpu


def row(label: str, checks: int, measured: tuple[list[float], float], estimate: float) -> str:
    times, cpu = measured
    median = statistics.median(times) * 1000
    return (f"{label:<30}{checks:>3} checks/run  wall {median:6.1f} ms median {max(times) * 1000:6.1f} ms max  "
            f"workerd CPU {cpu * 1000:5.2f} ms/run  plan's bound {estimate:5.1f} ms")


def main() -> None:
    binary = workerd_binary(ROOT)
    if binary is None:
        sys.exit(f"workerd is not installed: npm install --prefix .venv/node workerd@{WORKERD_VERSION}")
    example = staging()
    scenarios = [("empty run (runtime, KV read)", example, {**example.config(), "checks": []}, 0, 0),
                 ("staging example checks", example, example.config(), len(example.checks), 0)]
    scenarios += [(f"{n} checks, {b} reading 64 KiB", sized(n, b), sized(n, b).config(), n, b)
                  for n, b in ((20, 0), (42, 0), (18, 8))]
    print(f"workerd {WORKERD_VERSION}, {RUNS} scheduled runs each against loopback sites; Workers Free allows "
          "10 ms CPU a run")
    for label, worker, config, checks, bodies in scenarios:
        estimate = CPU_MS_BASE + CPU_MS_PER_CHECK * checks + CPU_MS_PER_BODY * bodies
        print(row(label, len(config["checks"]), timed_runs(binary, worker, config), estimate))


if __name__ == "__main__":
    main()
