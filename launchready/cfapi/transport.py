"""Each request to the Cloudflare API has a deadline as a whole, not only per read.

httpx's `timeout` bounds each network operation: a read may wait 20 s, but a server that sends one byte
a second never makes one wait that long, so a dripped answer would take as long as the server likes
(httpx docs, "Timeouts": the read timeout is "the maximum duration to wait for a chunk of data to be
received", read 2026-11). Here every connect, write and read of a request is given at most the time left
until the request's deadline, so the whole request, headers and body, ends by then: the network backend
httpcore connects with (`httpcore.NetworkBackend`, httpcore 1.0) clamps each operation's timeout, and
the transport reads the whole body before the deadline is lifted. A body larger than any API answer is
cut off too, counted as decoded (decoding.py: a gzip bomb is small on the wire), so a wrong
--api-base-url cannot fill memory.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from launchready.cfapi.decoding import ACCEPTED, BoundedBody

REQUEST_DEADLINE = 60.0
"""Seconds one request may take in all; a page of 500 records is a few hundred kilobytes."""
MAX_BODY = 32 * 1024 * 1024
"""Bytes of one answer at most, decoded: a page of 500 DNS records is well under 1 MB."""
ENCODING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
"""What no longer describes a body handed on decoded and whole."""


class Deadline(threading.local):
    """The monotonic time the current thread's request must end by (None: no request under way)."""

    until: float | None = None


DEADLINE = Deadline()


def clamped(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout`, shortened to the time left until the deadline; `expired` once none is left."""
    if DEADLINE.until is None:
        return timeout
    left = DEADLINE.until - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation ends by the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, clamped(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, clamped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self.inner.start_tls(ssl_context, server_hostname,
                                                   clamped(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sync backend, its connections wrapped in DeadlineStream."""

    def __init__(self) -> None:
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self.inner.connect_tcp(host, port, clamped(timeout, httpcore.ConnectTimeout),
                                                     local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self.inner.connect_unix_socket(path, clamped(timeout, httpcore.ConnectTimeout),
                                                             socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
"""httpx's DEFAULT_LIMITS (httpx 0.28)."""


def deadline_pool(proxy: str | None) -> httpcore.ConnectionPool:
    """The pool httpx's HTTPTransport builds, direct or through an http(s) proxy (its `proxy=`; httpx 0.28),
    with the deadline backend: httpx builds its pool in __init__ and takes no network backend."""
    if proxy is None:
        return httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=LIMITS.max_connections,
            max_keepalive_connections=LIMITS.max_keepalive_connections, keepalive_expiry=LIMITS.keepalive_expiry,
            network_backend=DeadlineBackend())
    via = httpx.Proxy(proxy)  # its user and password become Proxy-Authorization, never part of a message
    return httpcore.HTTPProxy(
        proxy_url=httpcore.URL(scheme=via.url.raw_scheme, host=via.url.raw_host, port=via.url.port,
                               target=via.url.raw_path),
        proxy_auth=via.raw_auth, proxy_headers=via.headers.raw, ssl_context=httpx.create_ssl_context(),
        proxy_ssl_context=via.ssl_context, max_connections=LIMITS.max_connections,
        max_keepalive_connections=LIMITS.max_keepalive_connections, keepalive_expiry=LIMITS.keepalive_expiry,
        network_backend=DeadlineBackend())


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    DEADLINE.until = time.monotonic() + seconds
    try:
        yield
    finally:
        DEADLINE.until = None


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport over a pool whose connections keep the deadline (through `proxy` when one is given,
    proxies.py); each answer read whole."""

    def __init__(self, seconds: float = REQUEST_DEADLINE, max_body: int = MAX_BODY, proxy: str | None = None) -> None:
        super().__init__()
        self.seconds, self.max_body = seconds, max_body
        self._pool = deadline_pool(proxy)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["Accept-Encoding"] = ACCEPTED  # only what BoundedBody can decode within the cap
        with deadline(self.seconds):
            response = super().handle_request(request)
            try:
                body = self.body(response, request)
            finally:
                response.close()
        headers = [(name, value) for name, value in response.headers.multi_items()
                   if name.lower() not in ENCODING_HEADERS] + [("content-length", str(len(body)))]
        return httpx.Response(response.status_code, headers=headers, stream=httpx.ByteStream(body),
                              extensions=response.extensions, request=request)

    def body(self, response: httpx.Response, request: httpx.Request) -> bytes:
        """The decoded body, read before the deadline; at most `max_body` bytes decoded."""
        decoded = BoundedBody(response.headers.get("content-encoding", ""), self.max_body, request)
        for chunk in response.iter_raw():
            decoded.feed(chunk)
        return decoded.whole()
