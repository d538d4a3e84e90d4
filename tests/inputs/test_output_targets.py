"""`--output` at something that is not a regular file: a character device or a FIFO is written through and
stays what it was, anything else is refused (exit 2); a regular file is still replaced atomically.

Every device here is a private node made in the test's own folder (mknod(2), root only), never the
system's /dev/null or /dev/full: a writer that replaced its target would replace only the private node."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

from launchready.core.files import write_all
from tests.clirun import invoke
from tests.conftest import ROOT, missing_tool

STAGING = str(ROOT / "Pulumi.staging.yaml")
NULL, FULL = os.makedev(1, 3), os.makedev(1, 7)


def device(path: Path, number: int) -> Path:
    """A private character device node (Linux: 1,3 is null, 1,7 is full); skipped where mknod is not allowed."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, number)
    except PermissionError:
        missing_tool("making a device node needs root (CAP_MKNOD), which .ci/run has")
    return path


def still_device(path: Path, number: int) -> bool:
    status = path.stat()
    return stat.S_ISCHR(status.st_mode) and status.st_rdev == number


def plan_to(output: Path | str) -> subprocess.CompletedProcess[str]:
    """`launchready plan -o OUTPUT` in its own process, bounded in time so a writer that blocks fails the test."""
    command = [sys.executable, "-c", "from launchready.cli import main; main()", "plan", "--stack-file", STAGING,
               "--output", str(output)]
    return subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=30)


def test_a_character_device_is_written_through_and_stays_a_device(tmp_path: Path) -> None:
    null = device(tmp_path / "null", NULL)
    run = invoke("plan", "--stack-file", STAGING, "--output", str(null))
    assert run.code == 0, run.stderr
    assert still_device(null, NULL)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temporary file left beside it


def test_a_link_to_a_device_is_followed_and_both_stay(tmp_path: Path) -> None:
    null = device(tmp_path / "null", NULL)
    (tmp_path / "stdout").symlink_to(null)
    run = invoke("plan", "--stack-file", STAGING, "--output", str(tmp_path / "stdout"))
    assert run.code == 0, run.stderr
    assert (tmp_path / "stdout").is_symlink() and still_device(null, NULL)


def test_a_full_device_is_a_clear_exit_2_and_stays_a_device(tmp_path: Path) -> None:
    full = device(tmp_path / "full", FULL)
    run = plan_to(full)
    assert run.returncode == 2, run.stderr
    assert run.stderr == f"error: cannot write {full}: No space left on device; give --output a file in a " \
                         "folder you can write to\n"
    assert still_device(full, FULL)


def test_a_fifo_with_a_reader_gets_the_whole_plan(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # open at once, before any writer
    try:
        received = bytearray()
        thread = threading.Thread(target=drain, args=(reader, received), daemon=True)
        thread.start()
        run = plan_to(fifo)
        thread.join(timeout=30)
    finally:
        os.close(reader)
    assert run.returncode == 0, run.stderr
    assert received.decode() == invoke("plan", "--stack-file", STAGING).stdout
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def drain(reader: int, received: bytearray) -> None:
    """Read until a writer has come and gone (a FIFO reads as empty before its first writer, too)."""
    os.set_blocking(reader, True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        chunk = os.read(reader, 65536)
        if chunk:
            received.extend(chunk)
        elif received:
            return
        else:
            time.sleep(0.01)


def test_a_fifo_nobody_reads_is_exit_2_at_once_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    run = plan_to(fifo)
    assert run.returncode == 2, run.stderr
    assert "no process is reading it" in run.stderr and str(fifo) in run.stderr
    assert "give --output a file" not in run.stderr  # one fix, not two that disagree
    assert "Traceback" not in run.stderr and time.monotonic() - started < 20
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_standard_output_as_a_pipe_gets_the_plan() -> None:
    run = plan_to("/dev/stdout")  # stdout is subprocess's pipe here: a FIFO, never a device
    assert run.returncode == 0, run.stderr
    assert run.stdout == invoke("plan", "--stack-file", STAGING).stdout


def test_a_socket_is_refused_and_stays_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        run = invoke("plan", "--stack-file", STAGING, "--output", str(path))
    assert run.code == 2
    assert f"cannot write {path}: it is a socket, which launchready never writes into or replaces" in run.stderr
    assert stat.S_ISSOCK(path.stat().st_mode)


def test_a_regular_file_is_still_replaced_whole(tmp_path: Path) -> None:
    output = tmp_path / "plan.txt"
    output.write_text("old\n")
    inode = output.stat().st_ino
    assert invoke("plan", "--stack-file", STAGING, "--output", str(output)).code == 0
    assert output.read_text() == invoke("plan", "--stack-file", STAGING).stdout
    assert output.stat().st_ino != inode  # a new file renamed over the old one, not rewritten in place


def test_a_set_of_files_refuses_a_fifo_among_them_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "b")
    errors: list[BaseException] = []

    def write() -> None:
        try:
            write_all({tmp_path / "a": b"new", tmp_path / "b": b"new"})
        except BaseException as error:  # noqa: BLE001 - the test reads it
            errors.append(error)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "write_all blocked on the FIFO"
    assert isinstance(errors[0], OSError) and errors[0].filename == str(tmp_path / "b")
    assert errors[0].strerror == "it is a FIFO (a pipe), and a set of files is written only over regular files"
    assert not (tmp_path / "a").exists() and stat.S_ISFIFO((tmp_path / "b").stat().st_mode)


def test_output_to_dev_stdout_appends_to_the_file_the_shell_opened(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("earlier line\n")
    inode = log.stat().st_ino
    with log.open("a") as appended:
        done = subprocess.run([sys.executable, "-c", "from launchready.cli import main; main()", "plan",
                               "--stack-file", str(ROOT / "Pulumi.staging.yaml"), "-o", "/dev/stdout"],
                              stdout=appended, stderr=subprocess.PIPE, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.startswith("earlier line\n") and "example.net" in text
    assert log.stat().st_ino == inode  # the same file, not a replacement
