"""A loopback stand-in for the internet a monitor Worker talks to: the sites it checks, the webhook
receivers its alerts go to, and the Workers KV service behind its state binding.

One threaded HTTP server answers by the Host header, because workerd sends every outbound request
of the Worker (its `globalOutbound`) to this one address with the original Host kept. workerd's KV
binding speaks plain HTTP to its backing service: GET/PUT/DELETE `https://fake-host/<key>?urlencoded=true`,
404 for a missing key (cloudflare/workerd src/workerd/api/kv.c++).
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

KV_HOST = "fake-host"
MAX_BODY = 1 << 20


@dataclass
class Site:
    """How a checked URL answers: status, body, and a delay before the answer."""

    status: int = 200
    body: bytes = b"ok"
    delay: float = 0.0


@dataclass(frozen=True)
class Delivery:
    """One request a webhook receiver got."""

    host: str
    path: str
    payload: Any


@dataclass
class World:
    """What the server answers; tests change it between scheduled runs."""

    sites: dict[str, Site] = field(default_factory=dict)
    """`host/path` → how it answers."""
    receivers: dict[str, int] = field(default_factory=dict)
    """webhook host → the status it answers (2xx accepted)."""
    kv: dict[str, bytes] = field(default_factory=dict)
    kv_refuses: int | None = None
    """A status KV answers every write with instead of storing it (429: Workers KV's daily limit)."""
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def received(self, host: str) -> list[Any]:
        with self.lock:
            return [d.payload for d in self.deliveries if d.host == host]


class WorldHandler(BaseHTTPRequestHandler):
    server: WorldServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        """Quiet: tests read deliveries, not access logs."""

    def host(self) -> str:
        return (self.headers.get("Host") or "").split(":")[0].lower()

    def path_only(self) -> str:
        return urlsplit(self.path).path

    def body(self) -> bytes:
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        return self.rfile.read(length) if length else b""

    def answer(self, status: int, body: bytes = b"", content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def kv_key(self) -> str:
        return unquote(self.path_only().lstrip("/"))

    def do_GET(self) -> None:  # noqa: N802 (http.server's method name)
        world = self.server.world
        if self.host() == KV_HOST:
            with world.lock:
                value = world.kv.get(self.kv_key())
            self.answer(404) if value is None else self.answer(200, value, "application/octet-stream")
            return
        site = world.sites.get(f"{self.host()}{self.path_only()}")
        if site is None:
            self.answer(404, b"no such page")
            return
        time.sleep(site.delay)
        self.answer(site.status, site.body)

    def do_PUT(self) -> None:  # noqa: N802
        world, value = self.server.world, self.body()
        with world.lock:
            refused = world.kv_refuses
            if refused is None:
                world.kv[self.kv_key()] = value
        self.answer(refused or 200)

    def do_DELETE(self) -> None:  # noqa: N802
        with self.server.world.lock:
            self.server.world.kv.pop(self.kv_key(), None)
        self.answer(200)

    def do_POST(self) -> None:  # noqa: N802
        world, raw = self.server.world, self.body()
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = raw.decode("utf-8", "replace")
        with world.lock:
            world.deliveries.append(Delivery(self.host(), self.path_only(), payload))
        self.answer(world.receivers.get(self.host(), 404), b"{}", "application/json")


class WorldServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, world: World) -> None:
        super().__init__(("127.0.0.1", 0), WorldHandler)
        self.world = world

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (the Worker's timeout) closes the socket mid-answer: not an error."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


def serve_world(world: World, tls: ssl.SSLContext | None = None) -> WorldServer:
    """Start the server in a daemon thread (HTTPS with `tls`); `shutdown()` and `server_close()` stop it."""
    server = WorldServer(world)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, name="monitor-world", daemon=True).start()
    return server
