"""Knot DNS (Debian package knot) on a loopback port, serving a zone file written by the test.

An independent authoritative server, so the DNS validator is not only proven against the sandbox
server written here. Everything lives in a temporary directory; the process is always killed.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dns.exception
import dns.message
import dns.query

from tests.conftest import stop
from validators.endpoints import Endpoint

CONFIG = """\
server:
    rundir: "{dir}"
    listen: 127.0.0.1@{port}
database:
    storage: "{dir}/db"
control:
    listen: "{dir}/knot.sock"
log:
  - target: stderr
    any: warning
template:
  - id: default
    storage: "{dir}"
    file: "%s.zone"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: {zone}
"""
SIGNING = """\
policy:
  - id: like-cloudflare
    algorithm: ecdsap256sha256
    single-type-signing: on
    nsec3: off
"""
SIGNED_ZONE = """\
    dnssec-signing: on
    dnssec-policy: like-cloudflare
"""
"""Knot's automatic signing (knot.readthedocs.io "Automatic DNSSEC signing"): one key (CSK) of algorithm 13,
as Cloudflare signs, made by Knot itself on first load; NSEC for denial."""


@dataclass
class Knot:
    process: subprocess.Popen[bytes]
    endpoint: Endpoint


def free_port() -> int:
    """A port free for both UDP and TCP right now (Knot binds both)."""
    for _ in range(20):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, \
                socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            udp.bind(("127.0.0.1", 0))
            port: int = udp.getsockname()[1]
            try:
                tcp.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise OSError("no free port for Knot")


def wait_until_serving(knot: Knot, zone: str, seconds: float = 10.0, rdtype: str = "SOA") -> None:
    query = dns.message.make_query(zone, rdtype)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if knot.process.poll() is not None:
            raise RuntimeError(f"knotd exited with {knot.process.returncode}")
        with contextlib.suppress(dns.exception.DNSException, OSError):
            if dns.query.udp(query, knot.endpoint.address, port=knot.endpoint.port, timeout=0.2).answer:
                return
        time.sleep(0.05)
    raise RuntimeError(f"knotd did not serve {zone} within {seconds:g}s")


@contextlib.contextmanager
def knotd(binary: str, workdir: Path, zone: str, zone_text: str, *, signing: bool = False) -> Iterator[Knot]:
    """Run `binary` serving `zone_text` for `zone` on 127.0.0.1:<free port>; killed on exit. With `signing`,
    Knot signs the zone itself, and it counts as serving once it answers DNSKEY."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / f"{zone}.zone").write_text(zone_text)
    (workdir / "db").mkdir(exist_ok=True)  # the key store (KASP database) lives here when Knot signs
    port = free_port()
    config = workdir / "knot.conf"
    config.write_text((SIGNING if signing else "") + CONFIG.format(dir=workdir, port=port, zone=zone)
                      + (SIGNED_ZONE if signing else ""))
    log = (workdir / "knotd.log").open("wb")
    process = subprocess.Popen([binary, "-c", str(config)], stdout=log, stderr=subprocess.STDOUT)
    knot = Knot(process, Endpoint("127.0.0.1", port))
    try:
        wait_until_serving(knot, zone, rdtype="DNSKEY" if signing else "SOA")
        yield knot
    finally:
        stop(process, timeout=5)
        log.close()
