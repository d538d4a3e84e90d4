"""Hostile servers on loopback: an HTTP server that answers every request with what a test scripts (a
redirect anywhere, headers of any size), and a DNS server that sends garbage or a wrong-id reply before
the real answer. Each records what reached it, so a test can prove a connection never happened."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Callable
from types import TracebackType

import dns.message
import dns.rrset


class HostileHttp:
    """Answers each request with `respond(request_head)` as raw bytes, then closes."""

    def __init__(self, respond: Callable[[bytes], bytes]) -> None:
        self.requests: list[bytes] = []
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                head = b""
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    chunk = self.request.recv(4096)
                    if not chunk or chunk.startswith(b"\x16"):  # a TLS ClientHello: plain HTTP only here
                        return
                    head += chunk
                owner.requests.append(head)
                self.request.sendall(respond(head))

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def __enter__(self) -> HostileHttp:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hosts(self) -> list[str]:
        """The Host header of every request received."""
        return [line.split(b":", 1)[1].strip().decode() for head in self.requests
                for line in head.split(b"\r\n") if line.lower().startswith(b"host:")]


def redirect(location: str, status: int = 301, extra: bytes = b"") -> Callable[[bytes], bytes]:
    def respond(_head: bytes) -> bytes:
        return (f"HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n".encode("latin-1")
                + extra + b"Connection: close\r\n\r\n")
    return respond


def raw_redirect(*locations: bytes, status: int = 301) -> Callable[[bytes], bytes]:
    """A redirect with each of `locations` as its own Location header, byte for byte (UTF-8, a backslash,
    two different targets): what no well-behaved server library would send."""
    fields = b"".join(b"Location: " + location + b"\r\n" for location in locations)

    def respond(_head: bytes) -> bytes:
        return (f"HTTP/1.1 {status} Moved\r\n".encode() + fields
                + b"Content-Length: 0\r\nConnection: close\r\n\r\n")
    return respond


def page(html: bytes, content_type: bytes = b"text/html") -> Callable[[bytes], bytes]:
    """A 200 answer with `html` as its body."""
    def respond(_head: bytes) -> bytes:
        return (b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type + b"\r\nContent-Length: "
                + str(len(html)).encode() + b"\r\nConnection: close\r\n\r\n" + html)
    return respond


class HostileDns:
    """A UDP DNS server that, before each real answer, sends the datagrams `before(query)` returns."""

    def __init__(self, answer: str, before: Callable[[dns.message.Message], list[bytes]],
                 impostor: Callable[[dns.message.Message], list[bytes]] = lambda query: []) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.other.bind(("127.0.0.1", 0))
        self.impostor = impostor
        """Datagrams sent first from another port: a perfect-looking reply from the wrong source."""
        self.port = self.sock.getsockname()[1]
        self.answer, self.before = answer, before
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def serve(self) -> None:
        while True:
            try:
                wire, client = self.sock.recvfrom(65535)
            except OSError:
                return
            try:
                self.answer_query(dns.message.from_wire(wire), client)
            except OSError:  # closed at teardown while a late query was in flight
                return

    def answer_query(self, query: dns.message.Message, client: tuple[str, int]) -> None:
        for datagram in self.impostor(query):
            self.other.sendto(datagram, client)
        for datagram in self.before(query):
            self.sock.sendto(datagram, client)
        self.sock.sendto(self.reply(query).to_wire(), client)

    def reply(self, query: dns.message.Message, address: str | None = None) -> dns.message.Message:
        response = dns.message.make_response(query)
        question = query.question[0]
        response.answer.append(dns.rrset.from_text(question.name, 300, "IN", "A", address or self.answer))
        return response

    def __enter__(self) -> HostileDns:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.sock.close()
        self.other.close()


class Forgetful(HostileDns):
    """The hostile test server, ignoring the first `ignore` copies of each query; it records every copy."""

    def __init__(self, ignore: int) -> None:
        super().__init__("192.0.2.1", before=lambda query: [])
        self.ignore, self.seen = ignore, []

    def answer_query(self, query: dns.message.Message, client: tuple[str, int]) -> None:
        self.seen.append(query.to_wire())
        if len(self.seen) > self.ignore:
            super().answer_query(query, client)
