"""An answer's body decoded as it arrives, counted in decoded bytes and cut off at a cap.

A gzip bomb is small on the wire and gigabytes decoded: zlib reaches about 1,000 to 1 on repeated bytes
(zlib's FAQ, "What's the maximum compression ratio?", read 2026-11), so 32 MiB on the wire could be 32 GiB
in memory. httpx decodes a whole network chunk at once, with no limit on what one chunk becomes; here
zlib is asked for at most the bytes left under the cap (`Decompress.decompress(data, max_length)`,
Python's zlib docs, read 2026-11), and the rest waits in `unconsumed_tail` until it is asked for.

Only the codings launchready asks for (ACCEPTED, sent as Accept-Encoding; RFC 9110 §12.5.3) are
decoded: gzip (RFC 1952) and deflate, which RFC 9110 §8.4.1.2 defines as the zlib format (RFC 1950).
An answer in another coding (br, zstd) was not asked for and is refused, as is one that does not decode.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from functools import partial

import httpx

ACCEPTED = "gzip, deflate"
WINDOW_BITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
"""zlib's wbits for each coding: 16 + 15 reads a gzip header and trailer, 15 a zlib stream."""


class AnswerRefused(httpx.TransportError):
    """An answer the client will not read: too large, or in a coding it cannot decode."""


class AnswerTooLarge(AnswerRefused):
    """The server sent more than the cap, counted as decoded."""


class UnreadableAnswer(AnswerRefused):
    """The answer's Content-Encoding was not asked for, or its body does not decode."""


def coding_of(content_encoding: str, request: httpx.Request) -> str | None:
    """The one coding to undo (None: the body is as sent), or UnreadableAnswer."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip().lower() not in ("", "identity")]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in WINDOW_BITS:
        return codings[0]
    shown = ", ".join(c[:20] for c in codings[:3])
    raise UnreadableAnswer(f"an answer encoded as {shown}, which it was not asked for (Accept-Encoding: "
                           f"{ACCEPTED})", request=request)


class BoundedBody:
    """The decoded body, fed raw chunks; AnswerTooLarge once it holds more than `cap` bytes."""

    def __init__(self, content_encoding: str, cap: int, request: httpx.Request) -> None:
        self.coding = coding_of(content_encoding, request)
        self.inflater = zlib.decompressobj(WINDOW_BITS[self.coding]) if self.coding else None
        self.cap, self.request = cap, request
        self.parts: list[bytes] = []
        self.size = 0

    def feed(self, raw: bytes) -> None:
        inflater = self.inflater
        if inflater is None:
            self.keep(raw)
            return
        while raw:
            self.keep(self.inflated(partial(inflater.decompress, raw)))
            raw = inflater.unconsumed_tail

    def inflated(self, step: Callable[[int], bytes]) -> bytes:
        """What one zlib call gives with room for one byte past the cap, or UnreadableAnswer."""
        try:
            return step(self.cap + 1 - self.size)
        except zlib.error:
            raise UnreadableAnswer(f"{self.coding} data that does not decode (cut off, or not {self.coding})",
                                   request=self.request) from None

    def keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise AnswerTooLarge(f"more than {self.cap:,} bytes (counted decoded)", request=self.request)
        self.parts.append(data)

    def whole(self) -> bytes:
        """The body, decoded; what zlib still holds is asked for within the cap too."""
        if self.inflater is not None:
            self.keep(self.inflated(self.inflater.flush))
        return b"".join(self.parts)
