"""curl's --connect-to for httpx: dial ADDR:PORT for HOST:PORT, keep the URL's host for Host and SNI.

httpx has no option for this, but httpcore's connection pool takes a `network_backend`, the object that
opens TCP connections. `RoutedBackend` maps (host, port) through the --connect-to rules and leaves the
rest to the asyncio-streams backend (validators/web/streams.py), after resolving the host itself and
refusing any address that is not public (validators.web.policy): the check applies to the address
actually dialled, so a name that resolves to 169.254.169.254 or 127.0.0.1 (DNS rebinding) is refused
like the literal. A --connect-to rule is the user's own choice and is dialled as given (tests and the
demo map hosts to loopback). The URL is never rewritten, so the Host header, the TLS server_hostname
(SNI and certificate check) and the connection-pool key all stay the real host's. `ProbeTransport` is
the small httpx transport around that pool (httpx.AsyncBaseTransport is the documented extension point;
httpx's own HTTPTransport offers no way to pass a backend).
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from typing import cast

import anyio
import httpcore
import httpx

from validators.endpoints import ConnectTo, route
from validators.web.policy import address_problem
from validators.web.streams import SocketOption, StreamsBackend


class RoutedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections, sending HOST:PORT to the address a --connect-to rule names."""

    def __init__(self, rules: tuple[ConnectTo, ...]) -> None:
        self.rules = rules
        self.inner = StreamsBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[SocketOption] | None = None) -> httpcore.AsyncNetworkStream:
        target = route(self.rules, host, port)
        if target is not None:
            return await self.inner.connect_tcp(target.address, target.port, timeout=timeout,
                                                local_address=local_address, socket_options=socket_options)
        with anyio.fail_after(timeout):
            addresses = await public_addresses(host, port)
        return await self.dial_first(addresses, port, timeout, local_address, socket_options)

    async def dial_first(self, addresses: list[str], port: int, timeout: float | None, local_address: str | None,
                         socket_options: Iterable[SocketOption] | None) -> httpcore.AsyncNetworkStream:
        """The first of the checked addresses that accepts, each given its share of the timeout (so a dead
        first address leaves time for the next); the addresses are never resolved again."""
        share = timeout / len(addresses) if timeout else None
        error: Exception = httpcore.ConnectError("no address")
        for address in addresses:
            try:
                return await self.inner.connect_tcp(address, port, timeout=share, local_address=local_address,
                                                    socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failure:
                error = failure
        raise error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[SocketOption] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        return await self.inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


async def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, refused unless every one is public (a mix is how DNS rebinding
    starts); each is checked as dialled, never re-resolved."""
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise httpcore.ConnectError(f"{host} does not resolve ({error})") from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    refused = [problem for address in addresses if (problem := address_problem(address))]
    if refused or not addresses:
        raise httpcore.ConnectError(f"not connecting to {host}: {'; '.join(refused) or 'no address'} "
                                    "(probes only go to public addresses unless --connect-to maps the host)")
    return addresses


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


LOCATION = "launchready.location"
"""Response extension holding every raw Location header value (a tuple of bytes, in the order sent)."""


def without_location(headers: list[tuple[bytes, bytes]]) -> tuple[list[tuple[bytes, bytes]], tuple[bytes, ...]]:
    """The headers minus Location, and each of its values: httpx parses a redirect's Location inside the
    client (raising on a malformed one, before the caller sees the response), but here it is the server's
    hostile text that the follower parses and judges itself (validators.web.policy), every copy of it
    (two different ones are an error in browsers: validators.web.fetch)."""
    kept = [(name, value) for name, value in headers if name.lower() != b"location"]
    return kept, tuple(value for name, value in headers if name.lower() == b"location")


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
        headers, location = without_location(response.headers)
        return httpx.Response(status_code=response.status, headers=headers, stream=body,
                              extensions={**response.extensions, LOCATION: location})

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
