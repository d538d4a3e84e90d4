"""DNS records as the Cloudflare API lists them (GET /zones/{id}/dns_records), in the plan's presentation,
each checked: a record without an id, or with a TTL that is not a number, is refused with a message
naming it, never a traceback.

TXT content is joined from its quoted RFC 1035 character-strings (`"a" "b"`), or kept as it is.
"""

from __future__ import annotations

import math
from typing import Any

from launchready.adopt.model import ExistingRecord
from launchready.core.redact import shown


class RecordShapeError(ValueError):
    """A record that is not in the API's shape; the message names the record and the field."""


def txt_text(content: str) -> tuple[str, str | None]:
    """(TXT content from the API: quoted RFC 1035 character-strings (`"a" "b"`) joined, or as it is; None)."""
    text = content.strip()
    if not text.startswith('"'):
        return text, None
    parts, current, quoted, escaped = [], "", False, False
    for char in text:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == '"':
            if quoted:
                parts.append(current)
                current = ""
            quoted = not quoted
        elif quoted:
            current += char
    return "".join(parts), None


def whole_number(value: Any, key: str, label: str, meaning: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value != int(value):
        raise RecordShapeError(f"{label}: `{key}` is {shown(value)}, not {meaning}")
    return int(value)


def text_field(raw: dict[str, Any], key: str, label: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise RecordShapeError(f"{label}: `{key}` is {'missing' if value is None else shown(value)}, not text")
    return value


def record_content(raw: dict[str, Any], rtype: str, label: str) -> tuple[str, str | None]:
    data = raw.get("data") or {}
    if rtype in ("CAA", "SRV") and data and not isinstance(data, dict):
        raise RecordShapeError(f"{label}: `data` is {shown(data)}, not an object")
    if rtype == "CAA" and data:
        flags = whole_number(data.get("flags", 0), "data.flags", label, "a number")
        return f'{flags} {data.get("tag")} "{data.get("value")}"', None
    if rtype == "SRV" and data:
        return f'{data.get("weight")} {data.get("port")} {str(data.get("target", "")).rstrip(".").lower()}', None
    content = raw.get("content")
    if content is not None and not isinstance(content, str):
        raise RecordShapeError(f"{label}: `content` is {shown(content)}, not text")
    return txt_text(content or "") if rtype == "TXT" else (content or "", None)


def to_record(raw: dict[str, Any], label: str) -> tuple[ExistingRecord, str | None]:
    """The record, and why its TXT content was kept as written (None when it was read)."""
    rtype, name = text_field(raw, "type", label), text_field(raw, "name", label)
    record_id = text_field(raw, "id", label)
    ttl = raw.get("ttl")
    ttl = 1 if ttl is None else whole_number(ttl, "ttl", label, "a number of seconds (1 is automatic)") or 1
    priority = raw.get("priority")
    if rtype == "SRV" and isinstance(raw.get("data"), dict):
        priority = raw["data"].get("priority", priority)
    if rtype in ("MX", "SRV") and priority is not None:
        priority = whole_number(priority, "priority", label, "a number")
    content, kept = record_content(raw, rtype, label)
    if rtype in ("CNAME", "MX", "NS"):
        content = content.rstrip(".").lower()
    return ExistingRecord(name=name.rstrip(".").lower(), type=rtype, content=content, ttl=ttl,
                          proxied=raw.get("proxied") is True, priority=priority if rtype in ("MX", "SRV") else None,
                          id=record_id), kept
