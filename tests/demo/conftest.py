"""Helpers for the demo tests: run `launchready demo` in-process or as the console script, read the ports
its intro printed, and check that every one of them is closed again."""

from __future__ import annotations

import contextlib
import re
import socket
from dataclasses import dataclass
from typing import Any

from tests.clirun import CliRun, invoke
from tests.conftest import ROOT

ENDPOINT = re.compile(r"127\.0\.0\.1:(\d+)")


@dataclass(frozen=True)
class Run(CliRun):
    @property
    def ports(self) -> dict[str, list[int]]:
        """The ports the intro announced: {"resolvers": [...], "nameservers": [...], "edge": [http, https]} and,
        when DNSSEC is checked, {"parent": [...]}."""
        found: dict[str, list[int]] = {}
        for line in self.stderr.splitlines():
            role = line.split()[0] if line.startswith("  ") and line.split() else ""
            if role in ("resolvers", "nameservers", "edge", "parent"):
                found[role] = [int(port) for port in ENDPOINT.findall(line)]
        return found


def demo(*args: str) -> Run:
    run = invoke("demo", "--project-dir", str(ROOT), *args)
    return Run(run.code, run.stdout, run.stderr)


def tcp_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def udp_bound(port: int) -> bool:
    """True when something still holds the UDP port (binding it fails)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def still_listening(ports: dict[str, list[int]]) -> list[str]:
    """Every announced port something still answers on: TCP for all, UDP for the DNS servers."""
    left = [f"tcp {port}" for group in ports.values() for port in group if tcp_open(port)]
    dns_ports = ports.get("resolvers", []) + ports.get("nameservers", []) + ports.get("parent", [])
    return left + [f"udp {port}" for port in dns_ports if udp_bound(port)]


@contextlib.contextmanager
def no_leftovers() -> Any:
    """Asserts no thread started inside the block outlives it."""
    import threading

    before = set(threading.enumerate())
    yield
    extra = [t.name for t in threading.enumerate() if t not in before and t.is_alive()]
    assert extra == [], f"threads left running: {extra}"
