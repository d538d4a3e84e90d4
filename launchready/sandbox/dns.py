"""A small authoritative DNS server on loopback (UDP and TCP on one port) for tests and the demo.

    zone = zone_from_plan(plan)
    with DnsServer(zone, fault=Fault.STALE, latency=0.2) as server:
        print(server.endpoint)          # 127.0.0.1:PORT (port 0 asks the kernel for a free one)
        server.fault = Fault.NONE       # catches up: later queries get the current zone

One background thread runs an asyncio loop; replies are built with dnspython's message handling
(launchready.sandbox.dns_answer), never by hand. Latency is injected per reply without blocking other
queries, so a hundred queries in flight cost one latency, as with a real server. Leaving the `with`
block closes both sockets and joins the thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import threading
from types import TracebackType
from typing import cast

import dns.exception
import dns.message

from launchready.sandbox.dns_answer import Fault, respond, to_wire
from launchready.sandbox.dns_zone import ZoneData, zone_from_plan

__all__ = ["DnsServer", "Fault", "ZoneData", "zone_from_plan"]

BIND_ATTEMPTS = 20


class DnsServer:
    """Serves `zone` on `address`:`port` over UDP and TCP. `zone`, `fault` and `latency` may be changed
    while it runs; each query reads them once."""

    def __init__(self, zone: ZoneData, fault: Fault | str = Fault.NONE, *, address: str = "127.0.0.1",
                 port: int = 0, latency: float = 0.0) -> None:
        self.zone = zone
        self.fault = Fault(fault)
        self.latency = latency
        self.address = address
        self.port = port
        self.queries = 0
        self._requested_port = port
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    @property
    def endpoint(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"

    def start(self) -> DnsServer:
        self._thread = threading.Thread(target=self._run, name=f"dns-sandbox-{self.address}", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            self._thread.join(5)
            raise OSError(f"the sandbox DNS server could not bind {self.address}: {self._error}")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None and self._thread is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join(10)
        self._loop = None

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported to start(); a server thread must never die silently
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        udp, tcp = await self._bind()
        self._ready.set()
        try:
            await self._stopping.wait()
        finally:
            udp.close()
            tcp.close()
            await tcp.wait_closed()

    async def _bind(self) -> tuple[asyncio.DatagramTransport, asyncio.Server]:
        """UDP on the requested port (0: any), then TCP on the same number; retry if TCP's is taken."""
        loop = asyncio.get_running_loop()
        for _ in range(BIND_ATTEMPTS):
            udp, _protocol = await loop.create_datagram_endpoint(
                lambda: UdpProtocol(self), local_addr=(self.address, self._requested_port))
            port = udp.get_extra_info("sockname")[1]
            try:
                tcp = await asyncio.start_server(self._serve_tcp, self.address, port)
            except OSError:
                udp.close()
                if self._requested_port:
                    raise
                continue
            self.port = port
            return udp, tcp
        raise OSError(f"no port free for both UDP and TCP after {BIND_ATTEMPTS} attempts")

    def zone_for(self, query: dns.message.Message) -> ZoneData:
        """The zone that answers `query` (one here; PortfolioDnsServer picks among several)."""
        return self.zone

    def reply(self, wire: bytes, over_tcp: bool) -> bytes | None:
        """The reply to one query in wire form, or None (silent, or not a DNS message)."""
        self.queries += 1
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        response = respond(self.zone_for(query), query, self.fault, over_tcp)
        return None if response is None else to_wire(response, query, over_tcp)

    async def _serve_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """RFC 1035 §4.2.2 framing: a two-byte length before each message."""
        try:
            while True:
                size = struct.unpack("!H", await reader.readexactly(2))[0]
                wire = self.reply(await reader.readexactly(size), over_tcp=True)
                if wire is None:
                    continue
                await asyncio.sleep(self.latency)
                writer.write(struct.pack("!H", len(wire)) + wire)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


class UdpProtocol(asyncio.DatagramProtocol):
    def __init__(self, server: DnsServer) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        wire = self.server.reply(data, over_tcp=False)
        if wire is None or self.transport is None:
            return
        if self.server.latency > 0:
            asyncio.get_running_loop().call_later(self.server.latency, self.send, wire, addr)
        else:
            self.send(wire, addr)

    def send(self, wire: bytes, addr: tuple[str | int, ...]) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.sendto(wire, addr)
