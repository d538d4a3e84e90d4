"""The probes' network backend on asyncio streams (validators/web/streams.py): an idle connection the
server closed is not reused, and a failed or silent TLS handshake is httpx's connect error or timeout,
on asyncio's loop and on uvloop (validators.runner picks it)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from validators import runner
from validators.endpoints import parse_connect_to
from validators.web.routing import probe_client, probe_tls_context

ANSWER = b"HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"


@contextmanager
def listener(serve: str) -> Iterator[tuple[int, list[int]]]:
    """A loopback server: `answer-then-close` answers one request per connection and hangs up (after
    promising keep-alive); `plain` answers anything with HTTP bytes; `silent` reads and never writes.
    Yields the port and how many connections it accepted."""
    sock = socket.create_server(("127.0.0.1", 0))
    accepted: list[int] = []

    def handle(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            if serve == "silent":
                conn.recv(65536)  # until the client gives up
            else:
                conn.sendall(ANSWER)

    def loop() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            accepted.append(1)
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    try:
        yield sock.getsockname()[1], accepted
    finally:
        sock.close()


def get_twice(url: str, port: int, timeout: float) -> list[int]:
    rules = (parse_connect_to(f"::127.0.0.1:{port}"),)

    async def probe() -> list[int]:
        async with probe_client(rules, probe_tls_context(), timeout=timeout) as client:
            first = await client.get(url)
            await asyncio.sleep(0.2)  # the server hangs up meanwhile
            second = await client.get(url)
        return [first.status_code, second.status_code]

    return runner.run_loop(probe())


@pytest.fixture(params=["uvloop", "asyncio"])
def loop(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "asyncio":
        monkeypatch.setattr(runner, "loop_factory", lambda: None)
    return str(request.param)


def test_an_idle_connection_the_server_closed_is_not_reused(loop: str) -> None:
    with listener("answer-then-close") as (port, accepted):
        assert get_twice("http://example.net/", port, timeout=2.0) == [204, 204]
    assert len(accepted) == 2


def test_tls_to_a_server_that_is_not_tls_is_a_connect_error(loop: str) -> None:
    with listener("plain") as (port, _), pytest.raises(httpx.ConnectError):
        get_twice("https://example.net/", port, timeout=2.0)


def test_a_silent_tls_handshake_is_a_connect_timeout(loop: str) -> None:
    with listener("silent") as (port, _), pytest.raises(httpx.ConnectTimeout):
        get_twice("https://example.net/", port, timeout=0.3)
