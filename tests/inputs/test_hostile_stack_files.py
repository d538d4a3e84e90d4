"""Every command that reads a stack file answers a hostile one with exit 2 and a message: no traceback,
no hang, no memory blow-up (measured in-process, under a time bound)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.inputs.hostile import HOSTILE, committed, run, stack_commands

COMMANDS = sorted(stack_commands(Path("x"), Path("y")))


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("command", COMMANDS)
def test_a_hostile_stack_file_is_bad_input(tmp_path: Path, case: str, command: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = committed(tmp_path / "project", "Pulumi.hostile.yaml", HOSTILE[case])
    monkeypatch.chdir(path.parent)  # preflight scans the tracked files of the repository it runs in
    started = time.monotonic()
    result = run(stack_commands(path, tmp_path)[command])
    assert time.monotonic() - started < 10
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    if command == "preflight" and result.exit_code == 1:  # preflight reports a spec problem as a finding
        assert "preflight.spec" in result.stdout, result.stdout
    else:
        assert result.exit_code == 2 and result.stderr.startswith("error: "), (result.stdout, result.stderr)
    assert "\x1b" not in result.stdout + result.stderr


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "directory"])
@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "diff"])
def test_a_special_file_is_named_not_read(tmp_path: Path, special: str, command: str) -> None:
    path = {"fifo": tmp_path / "pipe.yaml", "/dev/zero": Path("/dev/zero"), "directory": tmp_path}[special]
    if special == "fifo":
        os.mkfifo(path)
    started = time.monotonic()
    result = run(stack_commands(path, tmp_path)[command])
    assert time.monotonic() - started < 10
    assert result.exit_code == 2 and "Traceback" not in result.stdout + result.stderr, result.stderr
    assert any(word in result.stderr for word in ("named pipe", "character device", "directory")), result.stderr


def test_ssl_off_is_the_documented_string_not_false(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.off.yaml"
    path.write_text("config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"
                    "    tls: {ssl: off, always_use_https: false, hsts: {enabled: false}}\n")
    result = run(["plan", "--stack-file", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"ssl": "off"' in result.stdout


def test_demo_serves_a_null_mx(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.nullmx.yaml"
    path.write_text("config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"
                    "    email: {sends_mail: false}\n")
    result = run(["demo", "--stack-file", str(path)])
    assert result.exit_code in (0, 1) and "Traceback" not in result.stdout + result.stderr, result.stderr
    assert "EmptyLabel" not in result.stdout + result.stderr


@pytest.mark.parametrize("flag", ["--ca-bundle", "--cloudflare-ranges", "--results", "preview", "--zone-file"])
def test_every_other_input_file_refuses_a_fifo(tmp_path: Path, flag: str) -> None:
    from tests.conftest import ROOT

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    stack = ["--stack-file", str(ROOT / "Pulumi.staging.yaml")]
    args = {"--ca-bundle": ["validate", *stack, "--ca-bundle", str(fifo)],
            "--cloudflare-ranges": ["validate", *stack, "--cloudflare-ranges", str(fifo), "--only", "dns",
                                    "--resolver", "127.0.0.1:9", "--timeout", "0.1", "--deadline", "0.5"],
            "--results": ["report", *stack, "--results", str(fifo)],
            "preview": ["preview-summary", str(fifo)],
            "--zone-file": ["adopt", *stack, "--zone-file", str(fifo)]}[flag]
    started = time.monotonic()
    result = run(args)
    assert time.monotonic() - started < 10
    assert result.exit_code == 2 and "named pipe (FIFO)" in result.stderr, result.stdout + result.stderr
