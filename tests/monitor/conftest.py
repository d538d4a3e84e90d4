"""The monitor Worker in real workerd on loopback: a world server (sites, webhook receivers, KV) and a
factory that starts workerd with the Worker configured from a real plan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from launchready.core.plan import build_plan
from launchready.core.plan.monitor_model import MonitorWorker
from launchready.core.spec import parse_spec
from launchready.sandbox.workerd import WORKERD_VERSION, MonitorRuntime, start_monitor, workerd_binary
from launchready.sandbox.world import Site, World, WorldServer, serve_world
from tests.conftest import ROOT, missing_tool

SLACK, DISCORD, HOOK = "hooks.slack.test", "discord.test", "hooks.example.org"
CANARY = "T0CANARY/B0CANARY/zz9CanarySecretInThePath"
HOOKS = {"slack_webhook_url": f"https://{SLACK}/services/{CANARY}",
         "discord_webhook_url": f"https://{DISCORD}/api/webhooks/{CANARY}",
         "webhook_url": f"https://{HOOK}/launchready/{CANARY}"}
T0 = 1_800_000_000_000
"""A fixed scheduled time (ms since the epoch, 2027-01-15); runs are a minute apart from it."""


def require_workerd() -> Path:
    """workerd from npm under .venv/node. Skips with the install step on a developer machine without
    it; under CI=true a missing workerd fails, because .ci/run installs it."""
    found = workerd_binary(ROOT)
    if found:
        return found
    missing_tool(f"workerd is not installed: npm install --prefix .venv/node workerd@{WORKERD_VERSION} "
                 "(.ci/run does this)")


def monitor_worker(monitoring: dict[str, Any]) -> MonitorWorker:
    spec = parse_spec({"zone": "example.net", "origin": {"ipv4": ["192.0.2.10"]},
                       "hosts": {"apex": {}, "www": {}, "api": {"ipv4": ["192.0.2.11"]}}, "monitoring": monitoring})
    plan = build_plan(spec, "test")
    assert plan.monitoring is not None and plan.monitoring.worker is not None
    return plan.monitoring.worker


def secrets_of(worker: MonitorWorker) -> dict[str, str]:
    return {str(c.secret_binding): str(c.url) for c in worker.webhooks}


@pytest.fixture
def world() -> Iterator[tuple[World, WorldServer]]:
    state = World(sites={"example.net/": Site(200, b"<h1>Welcome</h1>"), "api.example.net/health": Site()},
                  receivers={SLACK: 200, DISCORD: 204, HOOK: 200, "mail.test": 200})
    server = serve_world(state)
    yield state, server
    server.shutdown()
    server.server_close()


Start = Callable[[MonitorWorker], MonitorRuntime]


@pytest.fixture
def start(world: tuple[World, WorldServer], tmp_path: Path) -> Iterator[Start]:
    """Starts workerd with a Worker (several times in one test: the KV state lives in the world)."""
    binary, started = require_workerd(), []

    def launch(worker: MonitorWorker) -> MonitorRuntime:
        workdir = tmp_path / f"workerd-{len(started)}"
        workdir.mkdir()
        runtime = start_monitor(binary, workdir, world[1].port, worker.config(), secrets_of(worker))
        started.append(runtime)
        return runtime

    yield launch
    for runtime in started:
        runtime.stop()
