"""A loopback stand-in for Cloudflare's edge: HTTP and HTTPS on unprivileged ports, answering as the plan says.

    with Edge(plan, faults={"loop"}) as edge:
        launchready validate --only http,tls --ca-bundle CA.pem --connect-to ... (edge.cli_args(ca_pem))

Built on the standard library's http.server (no hand-written HTTP) with ssl, each server in its own
thread. Every web host shares one HTTP and one HTTPS port, told apart by the Host header and SNI, so
clients reach it through curl-style `--connect-to :80:127.0.0.1:PORT` rules. Answers come from
`launchready.sandbox.edge_rules`; the certificate from `launchready.sandbox.certs`.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import socketserver
import ssl
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import SandboxCA
from launchready.sandbox.edge_rules import EdgeRules, Fault, cert_variant

IDLE_TIMEOUT = 5.0
"""Seconds a connection may sit idle before the edge drops it (keeps shutdown prompt)."""


@dataclass(frozen=True)
class Seen:
    """One request the edge answered: what a test asserts SNI and Host forwarding with."""

    scheme: str
    sni: str | None
    host: str
    target: str
    status: int


class EdgeHandler(BaseHTTPRequestHandler):
    server: EdgeServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.answer(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.answer(with_body=False)

    def answer(self, with_body: bool) -> None:
        host = self.headers.get("Host", "")
        reply = self.server.rules.reply(self.server.scheme, host, self.path)
        body, coding = compressed(reply.body.encode(), reply.content_type, self.headers.get("Accept-Encoding", ""),
                                  Fault.NO_COMPRESSION not in self.server.rules.faults)
        self.send_response(reply.status)
        for name, value in (("Location", reply.location), ("Strict-Transport-Security", reply.hsts),
                            ("Content-Encoding", coding), ("Vary", "Accept-Encoding" if coding else None)):
            if value:
                self.send_header(name, value)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(body)))  # HTTP/1.1: the connection stays open, as Cloudflare's
        self.end_headers()
        if with_body:
            self.wfile.write(body)
        sni = getattr(self.connection, "sni", None)
        self.server.seen.append(Seen(self.server.scheme, sni, host, self.path, reply.status))

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: requests are recorded in `Edge.seen`, not printed."""


def compressed(body: bytes, content_type: str, accepted: str, enabled: bool) -> tuple[bytes, str | None]:
    """gzip a text reply of 1 KB or more when the client offers it, as Cloudflare's edge does (Cloudflare,
    "Content compression", read 2026-11); small and non-text replies go as they are."""
    offered = {part.split(";")[0].strip().lower() for part in accepted.split(",")}
    text = content_type.startswith(("text/", "application/json", "application/javascript"))
    if not (enabled and text and "gzip" in offered and len(body) >= 1024):
        return body, None
    return gzip.compress(body, mtime=0), "gzip"


class SilentHandler(socketserver.BaseRequestHandler):
    """Accepts the connection and says nothing until the edge stops: a hung origin or a black hole."""

    server: EdgeServer

    def handle(self) -> None:
        self.server.stopping.wait()


class EdgeServer(ThreadingHTTPServer):
    """One listening port; TLS (when configured) is negotiated in the connection's own thread, so a
    client that never finishes its handshake cannot block the accept loop."""

    daemon_threads = False  # joined on close: no thread outlives the edge
    request_queue_size = 128  # a validator opens dozens of connections at once; 5 would drop SYNs

    def __init__(self, address: tuple[str, int], handler: type[socketserver.BaseRequestHandler],
                 rules: EdgeRules, scheme: str, tls: ssl.SSLContext | None) -> None:
        super().__init__(address, handler)
        self.rules, self.scheme, self.tls = rules, scheme, tls
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self.errors: list[BaseException] = []
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(IDLE_TIMEOUT)
        if self.tls is not None and self.RequestHandlerClass is EdgeHandler:
            request = self.tls.wrap_socket(request, server_side=True, do_handshake_on_connect=False)
        with self.lock:
            self.open.add(request)
        try:
            if isinstance(request, ssl.SSLSocket):
                request.do_handshake()
            super().finish_request(request, client_address)
        finally:
            with self.lock:
                self.open.discard(request)
            super().shutdown_request(request)

    def shutdown_request(self, request: Any) -> None:
        """Closed in `finish_request`, where the (possibly TLS-wrapped) connection is known."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Handshake failures and aborted probes are expected here; keep them for tests, print nothing."""
        import sys

        error = sys.exc_info()[1]
        if error is not None:
            self.errors.append(error)

    def drop_connections(self) -> None:
        with self.lock:
            for conn in list(self.open):
                with contextlib.suppress(OSError):
                    # the plain socket's shutdown: SSLSocket.shutdown would race the handshake's thread
                    socket.socket.shutdown(conn, socket.SHUT_RDWR)


def record_sni(sock: Any, server_name: str | None, context: ssl.SSLContext) -> None:
    """SNI callback: remember the name the client asked for on its connection."""
    sock.sni = server_name


def tls_context(rules: EdgeRules, ca: SandboxCA) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    faults = rules.faults
    if Fault.LEGACY_TLS_ONLY in faults or Fault.LEGACY_TLS_TOO in faults:
        allow_legacy(context, only=Fault.LEGACY_TLS_ONLY in faults)
    hostnames = tuple(host.fqdn for host in rules.plan.web_hosts) or (rules.plan.zone,)
    ca.issue(hostnames, cert_variant(faults)).load_into(context)
    context.sni_callback = record_sni
    return context


def allow_legacy(context: ssl.SSLContext, only: bool) -> None:
    """Offer TLS 1.0/1.1 (and with `only`, nothing newer). OpenSSL 3 refuses them at its default
    security level, and Python deprecates the versions; both are lifted on purpose, for this server."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1
        if only:
            context.maximum_version = ssl.TLSVersion.TLSv1_1
    context.set_ciphers("DEFAULT:@SECLEVEL=0")


class Edge:
    """The sandbox edge for one plan: start it (or use it as a context manager), point clients at
    `http_port`/`https_port` (or `connect_to()`), stop it. Faults are `Fault` members or their names."""

    def __init__(self, plan: DomainPlan, ca: SandboxCA | None = None, faults: Iterable[Fault | str] = (),
                 address: str = "127.0.0.1") -> None:
        self.plan, self.address = plan, address
        self.ca = ca or SandboxCA()
        self.faults = frozenset(Fault(f) for f in faults)
        self.rules = EdgeRules(plan, self.faults)
        self.servers: list[EdgeServer] = []
        self.threads: list[threading.Thread] = []

    @property
    def http_port(self) -> int:
        return self.servers[0].server_address[1]

    @property
    def https_port(self) -> int:
        return self.servers[1].server_address[1]

    @property
    def seen(self) -> list[Seen]:
        return [s for server in self.servers for s in server.seen]

    def connect_to(self) -> tuple[str, str]:
        """curl-style rules sending every host's port 80 and 443 here."""
        return (f":80:{self.address}:{self.http_port}", f":443:{self.address}:{self.https_port}")

    def cli_args(self, ca_bundle: Path | None = None) -> list[str]:
        """`launchready validate` arguments that aim the probes at this edge (and trust its CA)."""
        args = [arg for rule in self.connect_to() for arg in ("--connect-to", rule)]
        return args + (["--ca-bundle", str(ca_bundle)] if ca_bundle else [])

    def start(self) -> Edge:
        handler: type[socketserver.BaseRequestHandler] = (
            SilentHandler if Fault.SILENT in self.faults else EdgeHandler)
        tls = tls_context(self.rules, self.ca)
        for scheme, context in (("http", None), ("https", tls)):
            server = EdgeServer((self.address, 0), handler, self.rules, scheme, context)
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"edge-{scheme}", daemon=True)
            self.servers.append(server)
            self.threads.append(thread)
            thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, unblock every open connection, and join every thread."""
        for server in self.servers:
            server.stopping.set()
            server.shutdown()
            server.drop_connections()
            server.server_close()
        for thread in self.threads:
            thread.join()

    def __enter__(self) -> Edge:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
