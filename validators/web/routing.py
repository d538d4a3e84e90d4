"""curl's --connect-to for httpx: dial ADDR:PORT for HOST:PORT, keep the URL's host for Host and SNI.

httpx has no option for this, but httpcore's connection pool takes a `network_backend`, the object that
opens TCP connections. `RoutedBackend` maps (host, port) through the --connect-to rules and leaves the
rest to httpcore's own AnyIO backend. The URL is never rewritten, so the Host header, the TLS
server_hostname (SNI and certificate check) and the connection-pool key all stay the real host's.
`ProbeTransport` is the small httpx transport around that pool (httpx.AsyncBaseTransport is the
documented extension point; httpx's own HTTPTransport offers no way to pass a backend).
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from typing import cast

import httpcore
import httpx

from validators.endpoints import ConnectTo, route

SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


class RoutedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections, sending HOST:PORT to the address a --connect-to rule names."""

    def __init__(self, rules: tuple[ConnectTo, ...]) -> None:
        self.rules = rules
        self.inner = httpcore.AnyIOBackend()

    def address(self, host: str, port: int) -> tuple[str, int]:
        target = route(self.rules, host, port)
        return (target.address, target.port) if target else (host, port)

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[SocketOption] | None = None) -> httpcore.AsyncNetworkStream:
        address, real_port = self.address(host, port)
        return await self.inner.connect_tcp(address, real_port, timeout=timeout, local_address=local_address,
                                            socket_options=socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[SocketOption] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        return await self.inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)
"""httpcore exceptions as the httpx ones callers catch (most specific first)."""


def as_httpx(error: Exception) -> Exception:
    return next((mapped(str(error)) for raw, mapped in ERRORS if isinstance(error, raw)), error)


class ResponseStream(httpx.AsyncByteStream):
    """httpcore's response body as the stream an httpx.Response reads (and closes)."""

    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self.stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.stream:
            yield chunk

    async def aclose(self) -> None:
        close = getattr(self.stream, "aclose", None)
        if close is not None:
            await close()


class ProbeTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an httpcore pool whose connections go where --connect-to says."""

    def __init__(self, rules: tuple[ConnectTo, ...], tls: ssl.SSLContext, max_connections: int = 64) -> None:
        self.pool = httpcore.AsyncConnectionPool(
            ssl_context=tls, max_connections=max_connections, network_backend=RoutedBackend(rules))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                           target=request.url.raw_path)
        core = httpcore.Request(method=request.method, url=url, headers=request.headers.raw,
                                content=request.stream, extensions=request.extensions)
        try:
            response = await self.pool.handle_async_request(core)
        except Exception as error:
            raise as_httpx(error) from error
        body = ResponseStream(cast(AsyncIterable[bytes], response.stream))
        return httpx.Response(status_code=response.status, headers=response.headers, stream=body,
                              extensions=response.extensions)

    async def aclose(self) -> None:
        await self.pool.aclose()


def probe_tls_context(ca_bundle: str | None = None, verify: bool = False) -> ssl.SSLContext:
    """TLS for HTTP probes. Unverified by default: the http family judges redirects and headers even
    behind a broken certificate, and the tls family says what is wrong with the certificate."""
    if verify:
        return ssl.create_default_context(cafile=ca_bundle)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # no trust store to load (~20 ms) for a client that
    context.check_hostname = False                    # never consults one
    context.verify_mode = ssl.CERT_NONE
    return context


def probe_client(rules: tuple[ConnectTo, ...], tls: ssl.SSLContext, timeout: float) -> httpx.AsyncClient:
    """An httpx client that never follows redirects itself: the checks look at every hop."""
    return httpx.AsyncClient(transport=ProbeTransport(rules, tls), follow_redirects=False,
                             timeout=httpx.Timeout(timeout), headers={"User-Agent": USER_AGENT})


USER_AGENT = "launchready-validate"
