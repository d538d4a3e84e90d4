"""`--output` is written whole or not at all: a `launchready plan --output` process killed in the middle of
its write (held there by a stand-in fsync that waits) leaves the previous file byte for byte, and after
SIGTERM no temporary file either."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

HELD_WRITE = """
import os, sys, time
from pathlib import Path
READY = Path(sys.argv[1])
def held(fd):
    READY.touch()   # the new bytes are in the temporary file: now is mid-write
    time.sleep(60)
os.fsync = held
sys.argv = ["launchready", *sys.argv[2:]]
from launchready.cli import main
main()
"""


def start_held_plan(tmp_path: Path, output: Path) -> tuple[subprocess.Popen[bytes], Path]:
    ready = tmp_path / "ready"
    command = [sys.executable, "-c", HELD_WRITE, str(ready), "plan", "--stack-file",
               str(ROOT / "Pulumi.staging.yaml"), "--format", "json", "--output", str(output)]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the write never started"
        time.sleep(0.02)
    return process, ready


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_kill_mid_write_leaves_the_old_output_whole(tmp_path: Path, signum: int) -> None:
    output = tmp_path / "plan.json"
    old = b'{"the": "previous plan, which must survive"}\n'
    output.write_bytes(old)
    process, _ = start_held_plan(tmp_path, output)
    temporaries = [p for p in tmp_path.iterdir() if p.name.startswith(".plan.json.")]
    assert temporaries and temporaries[0].stat().st_size > 0  # the new plan was being written
    process.send_signal(signum)
    process.communicate(timeout=30)
    assert output.read_bytes() == old
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".plan.json.")]
    assert left == [] if signum == signal.SIGTERM else len(left) <= 1
    assert process.returncode in (-signum, 128 + signum)
