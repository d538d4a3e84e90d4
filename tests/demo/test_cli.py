"""The console script as a user runs it: `launchready demo` in a subprocess, from an empty directory, with
its own temporary folder, so the test can see every file, port and process it leaves behind."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dns.message
import dns.query
import pytest

from tests.conftest import ROOT
from tests.demo.conftest import Run, still_listening

LAUNCHREADY = Path(sys.executable).parent / "launchready"


@dataclass(frozen=True)
class Place:
    """Where the demo runs (an empty working directory) and the only temporary folder it may use."""

    cwd: Path
    tmp: Path

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "TMPDIR": str(self.tmp), "COLUMNS": "120"}

    def leftovers(self) -> list[str]:
        return sorted(str(p) for p in (*self.cwd.iterdir(), *self.tmp.iterdir()))


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Place]:
    cwd, tmp = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    tmp.mkdir()
    yield Place(cwd, tmp)


def launch(place: Place, *args: str) -> subprocess.Popen[str]:
    """The demo in its own session (process group), so any child it left would still be findable."""
    return subprocess.Popen([str(LAUNCHREADY), "demo", "--project-dir", str(ROOT), *args], cwd=place.cwd,
                            env=place.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def finish(process: subprocess.Popen[str], place: Place, stderr_read: str = "") -> Run:
    stdout, stderr = process.communicate(timeout=60)
    run = Run(process.returncode, stdout, stderr_read + stderr)
    assert group_gone(process.pid), "a process of the demo's group is still running"
    assert still_listening(run.ports) == [], "a port the demo announced is still open"
    assert place.leftovers() == [], "the demo left files behind"
    return run


def test_make_demo_command_passes_on_staging(place: Place) -> None:
    started = time.monotonic()
    run = finish(launch(place), place)
    took = time.monotonic() - started
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1].startswith("PASS stack staging: 0 errors, 5 warnings")
    assert run.stderr.startswith("launchready demo: stack staging, zone example.net")
    assert len(run.ports["resolvers"]) == 3 and len(run.ports["edge"]) == 2
    assert took < 10, f"the demo took {took:.1f}s"


def test_www_first_fails_with_https_redirect(place: Place) -> None:
    run = finish(launch(place, "--fault", "www-first", "--format", "json"), place)
    assert run.code == 1
    assert run.ids("error") == {"http.https_redirect"}
    assert json.loads(run.stdout)["ok"] is False


def read_until_prompt(process: subprocess.Popen[str]) -> str:
    """stderr up to the Ctrl-C prompt and the commands after it (the last is `launchready validate`)."""
    assert process.stderr is not None
    lines: list[str] = []
    while not lines or not lines[-1].lstrip().startswith("launchready validate"):
        line = process.stderr.readline()
        assert line, "the demo ended before printing how to poke it: " + "".join(lines)
        lines.append(line)
    return "".join(lines)


def commands(text: str, program: str) -> list[list[str]]:
    return [shlex.split(line) for line in text.splitlines() if line.lstrip().startswith(program + " ")]


def dig_with_dnspython(args: list[str]) -> dns.message.Message:
    """The printed `dig @ADDR -p PORT [+norecurse] NAME TYPE`, sent with dnspython (dig may not be installed)."""
    address, port = args[1].lstrip("@"), int(args[args.index("-p") + 1])
    name, rdtype = args[-2], args[-1]
    query = dns.message.make_query(name, rdtype)
    return dns.query.udp(query, address, port=port, timeout=2)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_keep_running_prints_working_commands_then_stops_cleanly(place: Place, stop: signal.Signals) -> None:
    process = launch(place, "--keep-running", "--fault", "no-hsts")
    try:
        poke = read_until_prompt(process)
        digs = commands(poke, "dig")
        answers = [dig_with_dnspython(args) for args in digs]
        assert all(answer.answer for answer in answers), [a.to_text() for a in answers]
        assert "104.18." in answers[0].answer[0].to_text(), "a proxied name answers with Cloudflare's addresses"
        [validate] = commands(poke, "launchready validate")
        again = subprocess.run([str(LAUNCHREADY), *validate[1:], "--format", "json"],
                               capture_output=True, text=True, timeout=60, env=place.env)
        assert again.returncode == 1 and {f["check"] for f in json.loads(again.stdout)["findings"]
                                          if f["severity"] == "error"} == {"http.hsts"}
        if shutil.which("curl"):
            for args in commands(poke, "curl"):
                shown = subprocess.run(args, capture_output=True, text=True, timeout=20)
                assert shown.returncode == 0 and "HTTP/1.1 200" in shown.stdout, shown.stderr
        process.send_signal(stop)
        run = finish(process, place, poke)
    finally:
        if process.poll() is None:
            process.kill()
    assert run.code == 1, "the exit code is the validator's, however the sandbox was stopped"
    assert "stopping the sandbox" in run.stderr
    assert run.stdout.splitlines()[-1].startswith("FAIL stack staging")
