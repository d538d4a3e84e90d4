"""httpcore's network backend on asyncio's own streams, so TLS runs in the event loop's transport.

httpcore's default backend goes through AnyIO, whose TLS stream drives `ssl.SSLObject` from Python for
every record. asyncio's streams hand TLS to the loop's transport (on uvloop, its C implementation), the
documented extension point being httpcore's `AsyncNetworkBackend` (httpcore docs, "Network Backends").
Measured on a 40-domain portfolio run (bench/portfolio.py's set-up, two runs each): 5.18-5.19 s of CPU
against 5.50-5.91 s through AnyIO, the same findings.

Errors become httpcore's exceptions as its AnyIO backend maps them (a timeout on connect, read, write or
handshake; a refused or reset connection; a failed handshake), so httpx raises what callers catch.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


class StreamPair(httpcore.AsyncNetworkStream):
    """One TCP connection as asyncio's reader and writer; start_tls upgrades it in place."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self.reader.read(max_bytes)
        except TimeoutError:
            raise httpcore.ReadTimeout(f"nothing to read within {timeout} s") from None
        except (OSError, ssl.SSLError) as error:
            raise httpcore.ReadError(str(error) or type(error).__name__) from error

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            async with asyncio.timeout(timeout):
                self.writer.write(buffer)
                await self.writer.drain()
        except TimeoutError:
            raise httpcore.WriteTimeout(f"could not write within {timeout} s") from None
        except (OSError, ssl.SSLError) as error:
            raise httpcore.WriteError(str(error) or type(error).__name__) from error

    async def aclose(self) -> None:
        """Close without waiting for the peer: a hostile server must not hold a probe open."""
        self.writer.close()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self.writer.start_tls(ssl_context, server_hostname=server_hostname,
                                            ssl_handshake_timeout=timeout)
        except TimeoutError:
            self.writer.close()
            raise httpcore.ConnectTimeout(f"no TLS handshake within {timeout} s") from None
        except (OSError, ssl.SSLError, EOFError) as error:
            self.writer.close()
            raise httpcore.ConnectError(str(error) or type(error).__name__) from error
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # httpcore asks before reusing an idle pooled connection
            return self.writer.is_closing() or self.reader.at_eof()
        names = {"ssl_object": "ssl_object", "client_addr": "sockname", "server_addr": "peername",
                 "socket": "socket"}
        return self.writer.get_extra_info(names[info]) if info in names else None


class StreamsBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections with asyncio.open_connection."""

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[SocketOption] | None = None) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, local_addr=(local_address, 0) if local_address else None)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"no connection to {host}:{port} within {timeout} s") from None
        except OSError as error:
            raise httpcore.ConnectError(error.strerror or str(error)) from error
        for option in socket_options or ():
            writer.get_extra_info("socket").setsockopt(*option)
        return StreamPair(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
