"""Long record content (DKIM keys, long TXT) shortened for a table cell or a message, so a PR comment
stays readable. The JSON document always carries the content whole."""

from __future__ import annotations

from launchready.core.dnsname import relative
from launchready.core.plan.model import PlannedRecord

CELL_WIDTH = 80
"""Content up to this many characters is shown whole."""
LISTED = 3
"""Names or addresses a message lists before it says how many more there are."""


def first_difference(text: str, other: str) -> int:
    return next((i for i, (a, b) in enumerate(zip(text, other, strict=False)) if a != b), min(len(text), len(other)))


def elided(content: str, against: str | None = None) -> str:
    """`v=DKIM1; k=rsa; p=MIIBIjAN…IDAQAB (410 bytes)`: the start, the end and the size. Beside the
    other side of a change (`against`), the part around the first difference is shown instead when
    neither the start nor the end holds it, so `old → new` never reads as the same text twice."""
    if len(content) <= CELL_WIDTH:
        return content
    size = f" ({len(content.encode())} bytes)"
    at = first_difference(content, against) if against is not None and against != content else 0
    if at < 44 or at >= len(content) - 20:
        return f"{content[:44]}…{content[-20:]}{size}"
    return f"{content[:24]}…{content[at - 12:at + 28]}…{size}"


def describe(record: PlannedRecord, zone: str, against: PlannedRecord | None = None) -> str:
    """`@ MX 10 mx1.example.org`; a DKIM key is elided (beside `against`, around what changed)."""
    priority = f"{record.priority} " if record.priority is not None else ""
    content = elided(record.content, against.content if against else None)
    return f"{relative(record.name, zone)} {record.type} {priority}{content}"


def few(items: list[str]) -> str:
    """`a, b, c and 2 more`: a list in a message, each item elided, at most LISTED of them named."""
    shown = ", ".join(elided(item) for item in items[:LISTED])
    return shown + (f" and {len(items) - LISTED} more" if len(items) > LISTED else "")
