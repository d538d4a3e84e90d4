"""DNS records as the Cloudflare API lists them (GET /zones/{id}/dns_records), in the plan's presentation,
each checked: a record without an id, or with a TTL that is not a number, is refused with a message
naming it, never a traceback.

TXT content comes as RFC 1035 character-strings: "The content must consist of quoted "character strings"
(RFC 1035), each with a length of up to 255 bytes. Strings exceeding this allowed maximum length are
automatically split" (cloudflare-python, types/dns/txt_record.py, read 2026-11). It is read with
dnspython's TXT parser (`dns.rdata.from_text`, RFC 1035 §5.1: quoted or bare strings, `\\"`, `\\DDD`) and
the strings joined, as a zone file's are (zonefile.presentation). Content that does not start with a quote
is Cloudflare's older unquoted form, one string as written. Content dnspython cannot read (an unclosed
quote), or that holds zone-file syntax outside its quotes (`;` starts a comment, `(` `)` group lines:
dnspython would drop or join text), is kept exactly as written and flagged in a note.
"""

from __future__ import annotations

import math
import re
from typing import Any

from launchready.adopt.model import ExistingRecord
from launchready.core.redact import shown

QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
ZONE_SYNTAX = re.compile(r"[;()]")
"""Outside quoted strings these are zone-file syntax (RFC 1035 §5.1), not TXT data."""


class RecordShapeError(ValueError):
    """A record that is not in the API's shape; the message names the record and the field."""


def txt_text(content: str) -> tuple[str, str | None]:
    """(the TXT text, why it was kept as written or None)."""
    import dns.exception
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype

    from launchready.adopt.zonefile import presentation

    text = content.strip()
    if not text.startswith('"'):
        return text, None
    if ZONE_SYNTAX.search(QUOTED.sub("", text)):
        return text, "it holds ;, ( or ) outside its quoted strings"
    try:
        rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.TXT, text)
    except dns.exception.UnexpectedEnd:
        return text, "a quoted string is never closed"
    except dns.exception.DNSException as exc:
        return text, "a string longer than 255 bytes" if "too long" in str(exc) else "dnspython cannot read it"
    return presentation("TXT", rdata)[0], None


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
    comment = raw.get("comment")
    return ExistingRecord(name=name.rstrip(".").lower(), type=rtype, content=content, ttl=ttl,
                          proxied=raw.get("proxied") is True, priority=priority if rtype in ("MX", "SRV") else None,
                          id=record_id, comment=comment if isinstance(comment, str) else None), kept
