"""`validate --jobs N` over several stacks: the stacks are shared out over forked worker processes, the
report is the one a single process writes, each worker keeps to its share of the run's politeness limits,
and a worker that dies or hangs costs its own stacks only (exit code 3), leaving no process behind."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from launchready.core.plan import build_plan
from launchready.core.stack import load_stack
from launchready.portfolio import checks, shards
from launchready.portfolio.shards import deal
from launchready.sandbox.dns import zone_from_plan
from launchready.sandbox.dns_portfolio import PortfolioDnsServer
from tests.clirun import CliRun, invoke
from tests.conftest import ROOT
from tests.diff.conftest import stack_yaml
from tests.portfolio import stopping_family
from tests.portfolio.conftest import ZONES, spec_for
from validators import runner
from validators.dns.budget import FIRST_WINDOW, IN_FLIGHT, MIN_WINDOW, QueryBudget, descriptor_cap, worker_share
from validators.dns.ratecaps import PUBLIC_RATE_CAPS
from validators.endpoints import Endpoint

pytestmark = pytest.mark.skipif(not shards.can_fork(), reason="workers are forked (Linux)")


@pytest.fixture
def server(project: Path) -> Iterator[PortfolioDnsServer]:
    """One loopback server answering for every stack of the project, as resolver and nameserver."""
    zones = [zone_from_plan(build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n)) for n in ZONES]
    running = PortfolioDnsServer(zones)
    with running:
        yield running


def validate(project: Path, server: PortfolioDnsServer, *options: str, only: str = "dns") -> CliRun:
    return invoke("validate", "--project-dir", str(project), "--all-stacks", "--only", only, "--timeout", "1",
                  "--resolver", server.endpoint, "--authoritative", server.endpoint, *options)


def untimed(value: Any) -> Any:
    """The document without what differs from run to run: wall times, rounds (how many queries waited for a
    free slot depends on timing) and how many workers ran."""
    if isinstance(value, dict):
        return {k: untimed(v) for k, v in value.items() if k not in ("elapsed_seconds", "dns_rounds", "workers")}
    return [untimed(v) for v in value] if isinstance(value, list) else value


@pytest.fixture(autouse=True)
def no_process_left() -> Iterator[None]:
    yield
    assert multiprocessing.active_children() == [], "a worker outlived the run"


@pytest.fixture
def stopping(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The `stopping` check family registered for this test (validators.runner.FAMILIES)."""
    monkeypatch.setitem(runner.FAMILIES, "stopping", stopping_family.__name__)
    monkeypatch.setattr(stopping_family, "STOP", {})
    return stopping_family.STOP


@pytest.mark.parametrize("options", [(), ("--wait", "30")], ids=["one-pass", "wait"])
def test_two_workers_write_the_report_one_process_writes(project: Path, server: PortfolioDnsServer,
                                                         options: tuple[str, ...]) -> None:
    (project / "Pulumi.delta.yaml").write_text("config: [broken\n")  # bad input stays in its section
    one = validate(project, server, "--jobs", "1", "--format", "json", *options)
    two = validate(project, server, "--jobs", "2", "--format", "json", *options)
    assert (one.code, two.code) == (2, 2), two.stdout
    alone, shared = json.loads(one.stdout), json.loads(two.stdout)
    assert untimed(shared) == untimed(alone)
    assert list(shared["stacks"]) == ["alpha", "beta", "delta", "gamma"] and shared["stacks"]["beta"]["ok"]
    assert shared["summary"]["workers"] == 2 and "workers" not in alone["summary"]
    rounds = [s["summary"]["dns_rounds"] for s in shared["stacks"].values() if "summary" in s]
    assert shared["summary"]["dns_rounds"] == max(rounds) >= 1
    assert shared["summary"]["dns_queries"] == sum(s["summary"]["dns_queries"] for s in alone["stacks"].values()
                                                   if "summary" in s) > 0


def test_sarif_from_workers_points_at_the_same_lines(project: Path, server: PortfolioDnsServer) -> None:
    (project / "Pulumi.gamma.yaml").write_text(stack_yaml(spec_for("other.test")))  # nobody serves it: errors
    one = validate(project, server, "--jobs", "1", "--format", "sarif")
    two = validate(project, server, "--jobs", "2", "--format", "sarif")
    assert one.code == two.code == 1 
    assert two.stdout == one.stdout and '"startLine"' in two.stdout


def test_more_jobs_than_stacks_start_one_worker_per_stack(project: Path, server: PortfolioDnsServer) -> None:
    run = validate(project, server, "--jobs", "8", "--format", "json")
    assert run.code == 0, run.stdout
    assert json.loads(run.stdout)["summary"]["workers"] == 3


@pytest.mark.parametrize(("how", "why"), [("exit", "exit status 70"), ("kill", "killed by SIGKILL")])
def test_a_worker_that_dies_fails_its_own_stacks_only(project: Path, server: PortfolioDnsServer,
                                                      stopping: dict[str, str], how: str, why: str) -> None:
    stopping["beta.test"] = how  # beta is checked alone: alpha and gamma share the other worker
    run = validate(project, server, "--jobs", "2", "--format", "json", only="dns,stopping")
    stacks = json.loads(run.stdout)["stacks"]
    assert run.code == 3 and "Traceback" not in run.stderr
    assert {key: s["exit_code"] for key, s in stacks.items()} == {"alpha": 0, "beta": 3, "gamma": 0}
    [finding] = stacks["beta"]["findings"]
    assert finding["check"] == "validate.internal_error" and finding["name"] == "beta.test"
    assert "for the stack beta, checked in one worker process" in finding["message"] and why in finding["message"]
    assert "--jobs 1" in finding["message"]


def test_a_report_that_does_not_pickle_fails_its_own_stack_only(project: Path, server: PortfolioDnsServer,
                                                                 stopping: dict[str, str]) -> None:
    stopping["alpha.test"] = "unpicklable"  # alpha shares its worker with gamma, whose report still arrives
    run = validate(project, server, "--jobs", "2", "--format", "json", only="dns,stopping")
    stacks = json.loads(run.stdout)["stacks"]
    assert run.code == 3 and "Traceback" not in run.stderr
    assert {key: s["exit_code"] for key, s in stacks.items()} == {"alpha": 3, "beta": 0, "gamma": 0}
    [finding] = stacks["alpha"]["findings"]
    assert "for the stack alpha," in finding["message"] and "could not be sent back (TypeError)" in finding["message"]


def test_a_worker_that_hangs_is_stopped_after_wait_and_deadline(
        project: Path, server: PortfolioDnsServer, stopping: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "GRACE", 0.5)
    stopping["alpha.test"] = "hang"
    run = validate(project, server, "--jobs", "2", "--deadline", "0.5", "--format", "json", only="dns,stopping")
    stacks = json.loads(run.stdout)["stacks"]
    assert run.code == 3
    assert {key: s["exit_code"] for key, s in stacks.items()} == {"alpha": 3, "beta": 0, "gamma": 3}
    assert "stacks alpha, gamma" in stacks["gamma"]["findings"][0]["message"]
    assert "did not report within --wait + --deadline + 0.5s" in stacks["alpha"]["findings"][0]["message"]


def test_each_worker_takes_its_share_of_every_limit_of_the_run() -> None:
    whole = QueryBudget()
    halves = [worker_share(2) for _ in range(2)]
    assert whole.limit == min(IN_FLIGHT, descriptor_cap()) and sum(h.limit for h in halves) == whole.limit
    assert whole.rate_caps == PUBLIC_RATE_CAPS and whole.rate_caps["8.8.8.8"] == 1000
    for address, rate in PUBLIC_RATE_CAPS.items():
        assert sum(h.rate_caps[address] for h in halves) == rate  # the run stays within each resolver's rate
    assert worker_share(3, limit=2).limit == 1 and worker_share(3).rate_caps["8.8.8.8"] == pytest.approx(1000 / 3)
    server = Endpoint("192.0.2.53", 53)  # what a server is sent before it answers: FIRST_WINDOW for the run
    assert whole.window(server).size == FIRST_WINDOW == sum(h.window(server).size for h in halves)
    assert worker_share(64).window(server).size == MIN_WINDOW
    assert (checks.probe_hosts(1), checks.probe_hosts(2), checks.probe_hosts(64)) == (32, 16, 1)


def test_shards_are_balanced_by_size() -> None:
    assert deal([5, 100, 7, 90, 1], 2) == [(1, 2, 4), (0, 3)]
    assert deal([1, 1, 1], 5) == [(0,), (1,), (2,)]


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_below_one_is_bad_input(project: Path, jobs: str) -> None:
    run = invoke("validate", "--project-dir", str(project), "--all-stacks", "--jobs", jobs)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert f"--jobs {jobs}: give the number of worker processes, 1 or more" in run.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_stacks_line_counts_what_the_workers_finish(project: Path, server: PortfolioDnsServer,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from launchready.render.progress import StacksLine

    terminal = Terminal()
    monkeypatch.setattr(checks, "StacksLine", lambda total: StacksLine(total, terminal))
    run = validate(project, server, "--jobs", "2", "--format", "json")
    assert run.code == 0
    assert terminal.getvalue().split("\r\033[K")[1:] == [f"validated {n} of 3 stacks" for n in (1, 2, 3)] + [""]


def test_ctrl_c_ends_the_run_and_every_worker(project: Path) -> None:
    """As a terminal does: SIGINT to the whole process group while the workers wait on a server that never
    answers; the run ends at once, without a traceback, and leaves no worker behind."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{silent.getsockname()[1]}"
        command = [sys.executable, "-c", "from launchready.cli import main; main()", "validate", "--project-dir",
                   str(project), "--all-stacks", "--only", "dns", "--timeout", "30", "--deadline", "60",
                   "--resolver", address, "--authoritative", address, "--jobs", "2"]
        with subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True) as run:
            workers = started_workers(run.pid, 2)
            os.killpg(run.pid, signal.SIGINT)
            _, stderr = run.communicate(timeout=30)
    assert run.returncode == 130 and "Traceback" not in stderr
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def started_workers(pid: int, count: int) -> list[str]:
    """The process's children once `count` have started (Linux /proc), waiting up to 60 s."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for _ in range(600):
        found = children.read_text().split() if children.exists() else []
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{count} workers did not start")
