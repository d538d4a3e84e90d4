"""One DNS question over UDP on a bare non-blocking socket, with the same rules as dnspython's
`dns.asyncquery.udp(..., ignore_unexpected=True, raise_on_truncation=True, ignore_errors=True)`:

- a datagram from another address or port is dropped (RFC 5452 §9.1: one spoofed packet must not fail it);
- garbage, and a reply to another id or question, is dropped and the wait goes on;
- a truncated reply to this question raises dns.message.Truncated (the caller retries over TCP, RFC 7766 §5);
- no reply within `timeout` raises dns.exception.Timeout;
- no reply within a second sends the same datagram again on the same socket, then after 2 s, 4 s and so on
  within `timeout` (RETRANSMIT), so one lost datagram costs a second, not the whole timeout.

dnspython builds an asyncio datagram transport and protocol for every query and renders the query to wire
form on every send; a validation of 1,000 records sends 7,000 queries, and those two cost more CPU than
parsing the replies. Here the socket is sent to and read directly, waiting on the loop's add_reader and
add_writer only when it would block (every asyncio loop has those; uvloop has no sock_sendto or
sock_recvfrom), and the wire form of each question is rendered once.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from contextvars import ContextVar

import dns.exception
import dns.inet
import dns.message

MAX_DATAGRAM = 65535
"""The largest UDP payload (RFC 768); the query advertises 1,232 (EDNS, RFC 6891), but nothing is cut short."""
RETRANSMIT = 1.0
"""Seconds without a reply before the query goes again (same id, same socket: a reply to either copy
answers it), doubling after each copy (RFC 1536 §1 asks for exponential back-off). One second is RFC
6298's initial retransmission timeout (§2.1) and the Windows DNS client's first wait; dig and glibc wait
the whole timeout. Measured: a 40-domain portfolio run whose sandbox dropped four queries waited out
--timeout 10 for them (14.8 s instead of 6.6 s)."""
RESEND_PACE: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar("resend_pace", default=None)
"""Awaited before each copy: the run's budget sets it to the server's rate cap (validators/dns/budget.py),
so a copy to a public resolver takes a token like any query, and a resolver that drops queries because it
is busy is not sent more than its documented rate."""


def same_address(family: int, received: tuple[str, int], destination: tuple[str, int]) -> bool:
    """Whether a datagram came from where the query went (the address compared as bytes, so that two
    spellings of one IPv6 address match), as dnspython's `_matches_destination` does."""
    try:
        return (dns.inet.inet_pton(family, received[0]) == dns.inet.inet_pton(family, destination[0])
                and received[1] == destination[1])
    except (ValueError, dns.exception.SyntaxError):
        return False


def reply_to(query: dns.message.Message, data: bytes) -> dns.message.Message | None:
    """The datagram as a reply to `query`, or None when it is garbage or answers something else; a truncated
    reply to this question raises dns.message.Truncated."""
    try:
        response = dns.message.from_wire(data, raise_on_truncation=True)
    except dns.message.Truncated as truncated:
        if query.is_response(truncated.message()):  # type: ignore[no-untyped-call]  # dnspython leaves it untyped
            raise
        return None
    except Exception:  # noqa: BLE001 - any unparsable datagram is dropped, as dnspython's ignore_errors does
        return None
    return response if query.is_response(response) else None


async def udp(query: dns.message.Message, wire: bytes, address: str, port: int,
              timeout: float) -> dns.message.Message:
    """Send `query` (`wire`: its wire form) to address:port and wait at most `timeout` seconds for its reply."""
    family = dns.inet.af_for_address(address)
    loop = asyncio.get_running_loop()
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.setblocking(False)
        try:
            async with asyncio.timeout(timeout):
                return await retransmitted(loop, sock, query, wire, (address, port))
        except TimeoutError:
            raise dns.exception.Timeout(timeout=timeout) from None  # type: ignore[no-untyped-call]


async def retransmitted(loop: asyncio.AbstractEventLoop, sock: socket.socket, query: dns.message.Message,
                        wire: bytes, destination: tuple[str, int]) -> dns.message.Message:
    """The first reply to `query`, sending it again after RETRANSMIT seconds of silence, then twice that;
    the caller's timeout ends the wait."""
    wait, pace = RETRANSMIT, RESEND_PACE.get()
    while True:
        await sendto(loop, sock, wire, destination)
        try:
            async with asyncio.timeout(wait):
                return await first_reply(loop, sock, query, destination)
        except TimeoutError:
            wait *= 2
            if pace is not None:
                await pace()


async def first_reply(loop: asyncio.AbstractEventLoop, sock: socket.socket, query: dns.message.Message,
                      destination: tuple[str, int]) -> dns.message.Message:
    while True:
        data, source = await recvfrom(loop, sock)
        if not same_address(sock.family, source, destination):
            continue
        response = reply_to(query, data)
        if response is not None:
            return response


async def sendto(loop: asyncio.AbstractEventLoop, sock: socket.socket, wire: bytes,
                 destination: tuple[str, int]) -> None:
    """Send one datagram, waiting for room in the socket's buffer only when it is full."""
    while True:
        try:
            sock.sendto(wire, destination)
            return
        except (BlockingIOError, InterruptedError):
            await ready(loop, sock, write=True)


async def recvfrom(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> tuple[bytes, tuple[str, int]]:
    """The next datagram on the socket and where it came from."""
    while True:
        try:
            data, source = sock.recvfrom(MAX_DATAGRAM)
            return data, source
        except (BlockingIOError, InterruptedError):
            await ready(loop, sock, write=False)


async def ready(loop: asyncio.AbstractEventLoop, sock: socket.socket, write: bool) -> None:
    """Until the socket can be read (or written). add_reader and add_writer are on every asyncio loop;
    sock_sendto and sock_recvfrom are not (uvloop has neither)."""
    waiter: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not waiter.done():  # level-triggered: it may fire again before the waiting task runs
            waiter.set_result(None)

    add, remove = (loop.add_writer, loop.remove_writer) if write else (loop.add_reader, loop.remove_reader)
    add(sock, wake)
    try:
        await waiter
    finally:
        remove(sock)
