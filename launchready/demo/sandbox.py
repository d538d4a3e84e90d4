"""The demo's stand-in for the internet: DNS servers and an HTTPS edge on loopback, started and stopped together.

    with Sandbox(plan, faults) as box:
        box.resolvers, box.nameservers       # Endpoints of the loopback DNS servers
        box.edge.http_port, box.ca_bundle    # the edge and the throwaway CA that signed its certificate

The servers are the package's own (launchready.sandbox.dns, launchready.sandbox.edge), the ones the
test suite uses. Everything binds 127.0.0.1 on ports the kernel picks, so it needs no root and runs on
Linux and macOS alike. The only file is the CA bundle, in a temporary folder removed on stop.
"""

from __future__ import annotations

import contextlib
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from launchready.core.plan import DomainPlan
from launchready.demo import world
from launchready.demo.faults import DemoFault, Where
from launchready.sandbox.certs import SandboxCA
from launchready.sandbox.dns import DnsServer, Fault, ZoneData, zone_from_plan
from launchready.sandbox.dns_chain import ChainFault, build_chain
from launchready.sandbox.edge import Edge
from validators.endpoints import Endpoint

RESOLVERS = 3
NAMESERVERS = 2
"""Cloudflare assigns two nameservers per zone; three resolvers are enough to show one disagreeing."""
LOOPBACK = "127.0.0.1"  # macOS has only this address of 127/8 configured by default
CA_NAME = "launchready sandbox CA"


def resolver_faults(faults: tuple[DemoFault, ...]) -> list[Fault]:
    """Per resolver: with `stale-resolver` the last one keeps answering from the zone as it was before
    the plan was applied (its cache has not expired yet)."""
    stale = any(fault.name == "stale-resolver" for fault in faults)
    return [Fault.STALE if stale and i == RESOLVERS - 1 else Fault.NONE for i in range(RESOLVERS)]


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    """SIGINT and SIGTERM ignored for the duration (main thread only: signals are handled there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            if handler is not None:  # None: set outside Python, nothing to restore
                signal.signal(sig, handler)


def checks_chain(plan: DomainPlan, faults: tuple[DemoFault, ...]) -> bool:
    """DNSSEC and the delegation are validated (a parent server started) when the stack signs its zone
    or a fault breaks the chain."""
    return plan.dnssec or any(fault.where is Where.CHAIN for fault in faults)


def chain_fault(faults: tuple[DemoFault, ...]) -> ChainFault:
    return next((ChainFault(f.name) for f in faults if f.where is Where.CHAIN), ChainFault.NONE)


def endpoint(server: DnsServer) -> Endpoint:
    return Endpoint(server.address, server.port)


class Sandbox:
    """DNS resolvers, the zone's nameservers and the edge for one plan, broken as `faults` say."""

    def __init__(self, plan: DomainPlan, faults: tuple[DemoFault, ...] = ()) -> None:
        self.plan, self.faults = plan, faults
        self.published = world.drifted(plan, tuple(f for f in faults if f.where is Where.ZONE))
        self.ca = SandboxCA(CA_NAME)
        self.edge = Edge(plan, self.ca, faults=[f.name for f in faults if f.where is Where.EDGE], address=LOOPBACK)
        self.resolver_servers: list[DnsServer] = []
        self.nameserver_servers: list[DnsServer] = []
        self.parent_servers: list[DnsServer] = []
        self.workdir: Path | None = None
        self._stack = contextlib.ExitStack()

    @property
    def resolvers(self) -> tuple[Endpoint, ...]:
        return tuple(endpoint(s) for s in self.resolver_servers)

    @property
    def nameservers(self) -> tuple[Endpoint, ...]:
        return tuple(endpoint(s) for s in self.nameserver_servers)

    @property
    def parents(self) -> tuple[Endpoint, ...]:
        """The parent zone's server (holding the DS and NS sets), when the chain is checked."""
        return tuple(endpoint(s) for s in self.parent_servers)

    @property
    def ca_bundle(self) -> Path:
        assert self.workdir is not None, "start the sandbox first"
        return self.workdir / "sandbox-ca.pem"

    def start(self) -> Sandbox:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self.workdir = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="launchready-demo-")))
        self.ca.write_bundle(self.ca_bundle)
        zone = zone_from_plan(self.published)
        served = self._signed(zone)
        for _ in range(NAMESERVERS):
            self.nameserver_servers.append(self._serve(DnsServer(served, address=LOOPBACK)))
        everything = world.resolver_zone(zone, self.published)
        for fault in resolver_faults(self.faults):
            self.resolver_servers.append(self._serve(DnsServer(everything, fault, address=LOOPBACK)))
        self._stack.enter_context(self.edge)

    def _signed(self, zone: ZoneData) -> ZoneData:
        """The zone as the nameservers serve it: when the chain is checked, signed with keys made for this
        run (or broken as the fault says), and the parent zone holding its DS served too."""
        if not checks_chain(self.plan, self.faults):
            return zone
        chain = build_chain(zone, self.plan.dnssec, chain_fault(self.faults))
        self.parent_servers.append(self._serve(DnsServer(chain.parent, address=LOOPBACK)))
        return chain.child

    def _serve(self, server: DnsServer) -> DnsServer:
        return self._stack.enter_context(server)

    def stop(self) -> None:
        """Stop every server (joining its threads) and remove the temporary folder; safe to call twice.
        A second Ctrl-C meanwhile is ignored: cut short, the stop could leave the edge's threads running."""
        with signals_ignored():
            self._stack.close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
