"""Authoritative replies of one pass, shared by the dns and dnssec families.

Both ask each authoritative server about every declared name: the dns family to compare the records with
the plan, the dnssec family to check their signatures. Both send the same message (RD=0, EDNS with the DO
bit, RFC 3225; the dns family ignores the RRSIGs that come with it), so one reply serves both: a staging
zone's 46 such questions go out once, not twice, within the run's budget and counted once. Each pass has
its own store, so every poll of --wait asks afresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from validators.dnsquery import Exchanged, bare
from validators.endpoints import Endpoint

Question = tuple[Endpoint, str, str]


class SharedReplies:
    """One pass's authoritative exchanges by (server, name, type); whoever asks first sends the query."""

    def __init__(self) -> None:
        self._replies: dict[Question, asyncio.Task[Exchanged]] = {}

    async def get(self, server: Endpoint, name: str, rdtype: str,
                  send: Callable[[], Awaitable[Exchanged]]) -> Exchanged:
        """The exchange for this question: the one in flight or done, or `send()` started now."""
        key = (server, bare(name), rdtype.upper())
        task = self._replies.get(key)
        if task is None:
            task = self._replies[key] = asyncio.ensure_future(send())
        return await asyncio.shield(task)  # one family giving up does not cancel the other's reply
