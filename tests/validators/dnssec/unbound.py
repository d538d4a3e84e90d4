"""Unbound (Debian package unbound) on a loopback port as a validating resolver: its trust anchor is the
test parent's key, and stub zones send it to the test parent and the zone's server, never the internet.

Everything lives in a temporary directory; the process is always killed.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dns.exception
import dns.message
import dns.query

from tests.conftest import stop
from tests.validators.dns.knot import free_port
from validators.endpoints import Endpoint

CONFIG = """\
server:
    interface: 127.0.0.1
    port: {port}
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "{dir}"
    pidfile: "{dir}/unbound.pid"
    use-syslog: no
    logfile: ""
    verbosity: 1
    val-log-level: 2
    do-ip6: no
    do-not-query-localhost: no
    qname-minimisation: no
    module-config: "validator iterator"
    trust-anchor: "{anchor}"
    cache-max-ttl: 0
    cache-max-negative-ttl: 0
remote-control:
    control-enable: no
stub-zone:
    name: "{parent}"
    stub-addr: {parent_addr}
stub-zone:
    name: "{zone}"
    stub-addr: {zone_addr}
"""
"""RFC 4033 §3: a validating resolver trusts from its anchor down; `trust-anchor` takes a DS in
presentation form (unbound.conf(5)). Caching is off so every query is validated afresh."""


@dataclass
class Unbound:
    process: subprocess.Popen[bytes]
    endpoint: Endpoint


def unbound_address(endpoint: Endpoint) -> str:
    return f"{endpoint.address}@{endpoint.port}"


def wait_until_answering(server: Unbound, zone: str, seconds: float = 10.0) -> None:
    query = dns.message.make_query(zone, "SOA")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"unbound exited with {server.process.returncode}")
        with contextlib.suppress(dns.exception.DNSException, OSError):
            dns.query.udp(query, server.endpoint.address, port=server.endpoint.port, timeout=0.3)
            return
        time.sleep(0.05)
    raise RuntimeError(f"unbound did not answer within {seconds:g}s")


@contextlib.contextmanager
def unbound(binary: str, workdir: Path, *, anchor: str, parent: tuple[str, Endpoint],
            zone: tuple[str, Endpoint]) -> Iterator[Unbound]:
    """Run `binary` validating from `anchor` (a DS line), with stub zones for the parent and the zone."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = workdir / "unbound.conf"
    config.write_text(CONFIG.format(port=port, dir=workdir, anchor=anchor, parent=parent[0],
                                    parent_addr=unbound_address(parent[1]), zone=zone[0],
                                    zone_addr=unbound_address(zone[1])))
    log = (workdir / "unbound.log").open("wb")
    process = subprocess.Popen([binary, "-d", "-c", str(config)], stdout=log, stderr=subprocess.STDOUT)
    server = Unbound(process, Endpoint("127.0.0.1", port))
    try:
        wait_until_answering(server, zone[0])
        yield server
    finally:
        stop(process, timeout=5)
        log.close()
