"""`launchready monitoring test-alert` against a hostile webhook receiver on loopback: one that trickles its
status line and headers a byte at a time, one that answers 200 and then trickles its body, and one whose
chunked body never ends. A channel is judged by its status, its body left unread: the first is not
delivered within --timeout (naming the wait), the others are delivered without waiting for or reading
their bodies, and a well-behaved channel in the same run is still delivered."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.sandbox.certs import SandboxCA
from tests.monitor.conftest import CANARY, HOOK, HOOKS, SLACK
from tests.monitor.test_test_alert import stack_file

DRIP_SECONDS = 0.25
DRIPS = 40
"""A trickling receiver gives up after 10 s and closes: without a whole-exchange deadline, or reading the
body, the run would end there with an incomplete-answer error (rather than hanging the suite)."""
SLOW_HEAD = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * DRIPS
CHUNK = b"%x\r\n" % 65536 + b"a" * 65536 + b"\r\n"
ENDLESS_LIMIT = 64 * 1024 * 1024
"""The 'endless' body stops (properly terminated) at 64 MB, so a client that reads it all finishes and the
test fails on the byte count rather than running out of memory."""
READ_CAP = 8 * 1024 * 1024
"""What the endless receiver may get into the connection before test-alert hangs up: the first chunk
httpcore reads with the status line plus what the loopback socket buffers hold unread (measured 0.1-0.4 MB;
the kernel's send buffer may grow to 4 MB, tcp_wmem). Reading the body would take all 64 MB."""


class HostileReceiver:
    """HTTPS on loopback: SLACK answers 200 `ok` at once, HOOK misbehaves as `mode` says."""

    def __init__(self, mode: str, tls: ssl.SSLContext) -> None:
        self.mode, self.tls, self.sent, self.drips = mode, tls, 0, 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.accept, daemon=True)]
        self.threads[0].start()

    @property
    def port(self) -> int:
        return int(self.server.getsockname()[1])

    def accept(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self.serve, args=(connection,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def serve(self, connection: socket.socket) -> None:
        try:
            with self.tls.wrap_socket(connection, server_side=True) as tls:
                host = request_host(tls)
                if host == SLACK:
                    tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                elif self.mode == "slow-head":
                    self.trickle(tls, b"", SLOW_HEAD)
                elif self.mode == "slow-body":
                    self.trickle(tls, b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n", b"x" * DRIPS)
                else:
                    self.endless(tls)
        except OSError:
            return  # the client hung up: what the deadline and the unread body are for

    def trickle(self, tls: ssl.SSLSocket, head: bytes, drips: bytes) -> None:
        """`head` at once, then `drips` a byte each DRIP_SECONDS, counted as they go."""
        tls.sendall(head)
        for byte in drips:
            if self.stop.wait(DRIP_SECONDS):
                return
            tls.sendall(bytes([byte]))
            self.drips += 1

    def endless(self, tls: ssl.SSLSocket) -> None:
        tls.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        while self.sent < ENDLESS_LIMIT and not self.stop.is_set():
            tls.sendall(CHUNK)
            self.sent += len(CHUNK)
        tls.sendall(b"0\r\n\r\n")

    def close(self) -> None:
        self.stop.set()
        self.server.close()
        for thread in self.threads:
            thread.join(timeout=DRIP_SECONDS * 4)


def request_host(tls: ssl.SSLSocket) -> str:
    """Reads the whole request (headers and its Content-Length body); returns its Host."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += tls.recv(65536) or b"\r\n\r\n"
    head, _, body = data.partition(b"\r\n\r\n")
    fields = dict(line.split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)
    fields = {name.strip().lower(): value.strip() for name, value in fields.items()}
    length = int(fields.get(b"content-length", b"0"))
    while len(body) < length:
        body += tls.recv(65536) or b"x" * length
    return fields.get(b"host", b"").decode().split(":")[0]


@pytest.fixture
def ca(tmp_path: Path) -> tuple[ssl.SSLContext, Path]:
    authority = SandboxCA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue((SLACK, HOOK)).load_into(context)
    return context, authority.write_bundle(tmp_path / "ca.pem")


@pytest.fixture
def receiver(request: pytest.FixtureRequest, ca: tuple[ssl.SSLContext, Path]) -> Iterator[HostileReceiver]:
    server = HostileReceiver(request.param, ca[0])
    yield server
    server.close()


def run(receiver: HostileReceiver, bundle: Path, tmp_path: Path) -> tuple[int, str]:
    stack = stack_file(tmp_path, {"slack_webhook_url": HOOKS["slack_webhook_url"],
                                  "webhook_url": HOOKS["webhook_url"]})
    result = CliRunner().invoke(app, ["monitoring", "test-alert", "--stack-file", str(stack), "--ca-bundle",
                                      str(bundle), "--connect-to", f"::127.0.0.1:{receiver.port}", "--timeout", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.timeout(60)
@pytest.mark.parametrize("receiver", ["slow-head"], indirect=True)
def test_a_receiver_that_trickles_its_status_and_headers_is_not_delivered_within_the_timeout(
        receiver: HostileReceiver, ca: tuple[ssl.SSLContext, Path], tmp_path: Path) -> None:
    code, output = run(receiver, ca[1], tmp_path)
    assert code == 1, output
    assert "refused    webhook  hooks.example.org  no whole answer within 1s" in output
    assert "accepted   slack    hooks.slack.test   HTTP 200" in output
    assert output.rstrip().endswith("FAIL: webhook (hooks.example.org) refused the test alert")
    assert CANARY not in output


@pytest.mark.timeout(60)
@pytest.mark.parametrize("receiver", ["slow-body"], indirect=True)
def test_a_receiver_that_answers_200_then_trickles_its_body_is_delivered_without_waiting(
        receiver: HostileReceiver, ca: tuple[ssl.SSLContext, Path], tmp_path: Path) -> None:
    code, output = run(receiver, ca[1], tmp_path)
    assert code == 0, output
    assert "accepted   webhook  hooks.example.org  HTTP 200" in output
    assert "accepted   slack    hooks.slack.test   HTTP 200" in output
    assert receiver.drips < DRIPS, "test-alert waited for the whole trickled body"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("receiver", ["endless"], indirect=True)
def test_a_receiver_whose_body_never_ends_is_judged_by_its_status_unread(
        receiver: HostileReceiver, ca: tuple[ssl.SSLContext, Path], tmp_path: Path) -> None:
    code, output = run(receiver, ca[1], tmp_path)
    assert code == 0, output
    assert "accepted   webhook  hooks.example.org  HTTP 200" in output
    assert "accepted   slack    hooks.slack.test   HTTP 200" in output
    assert receiver.sent < READ_CAP, f"the receiver got {receiver.sent} bytes of its body taken"
