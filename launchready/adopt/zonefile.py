"""Read a BIND zone file as Cloudflare's dashboard and API export it (DNS → Records → Export).

Parsed with dnspython (`dns.zone.from_text`, relativize=False, so every owner is absolute). The export
marks proxied records with a comment, `; cf_tags=cf-proxied:true` (Cloudflare docs, "Import and
export records", read 2026-11), which dnspython drops, so those lines are scanned separately.
Records of one name and type form one RRset with one TTL (RFC 2181 §5.2): dnspython keeps the
smallest TTL of the set, and so does this report.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import dns.exception
import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.zone

from launchready.adopt.model import ExistingRecord, ExistingZone
from launchready.errors import InputError

PROXIED_TAG = "cf-proxied:true"
LINE = re.compile(r"line (\d+)")


def read_zone_file(path: Path, zone: str) -> ExistingZone:
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise InputError(f"{path}: no such zone file; export it from Cloudflare (DNS → Records → Export)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
    return parse_zone_text(text, zone, str(path))


def parse_zone_text(text: str, zone: str, source: str = "zone file") -> ExistingZone:
    """Every record of the zone file; a malformed file is bad input with its line number and reason."""
    try:
        parsed = load(text, zone)
    except dns.exception.SyntaxError as exc:
        line, reason = syntax_error(exc)
        line = true_line(text, zone, line, reason)
        raise InputError(f"{source}: line {line}: {reason}; fix that line or export the zone again") from None
    except (dns.exception.DNSException, ValueError) as exc:
        raise InputError(f"{source}: not a usable zone file for {zone} ({exc}); export it again from "
                         "Cloudflare (DNS → Records → Export)") from None
    proxied = proxied_lines(text)
    records = [record for name, ttl, rdata in parsed.iterate_rdatas()
               for record in [to_record(name, ttl, rdata, proxied)]]
    records.sort(key=lambda r: (r.name, r.type, r.content))
    return ExistingZone(zone=zone, zone_id=None, records=tuple(records), source="zone file")


def load(text: str, zone: str) -> dns.zone.Zone:
    return dns.zone.from_text(text, origin=zone + ".", relativize=False, check_origin=False)


def syntax_error(exc: dns.exception.SyntaxError) -> tuple[int, str]:
    """dnspython says `<string>:7: unknown rdatatype 'AAA'`: (7, "unknown rdatatype 'AAA'")."""
    match = re.match(r"^.*?:(\d+): (.*)$", str(exc), re.S)
    return (int(match.group(1)), match.group(2).rstrip(".")) if match else (0, str(exc))


def true_line(text: str, zone: str, line: int, reason: str) -> int:
    """dnspython counts a line as read once its end-of-line token is consumed, so an error found at
    the end of line N is reported as N+1: when the first N lines alone fail the same way, it is N."""
    if line < 2:
        return line
    prefix = "".join(text.splitlines(keepends=True)[: line - 1])
    try:
        load(prefix, zone)
    except dns.exception.SyntaxError as exc:
        return line - 1 if syntax_error(exc)[1] == reason else line
    except (dns.exception.DNSException, ValueError):
        return line
    return line


def proxied_lines(text: str) -> set[tuple[str, str, str]]:
    """(owner, type, first rdata token) of every line Cloudflare tagged as proxied."""
    found = set()
    for line in text.splitlines():
        data, _, comment = line.partition(";")
        tokens = data.split()
        if PROXIED_TAG in comment and len(tokens) >= 4:
            rtype_at = next((i for i, t in enumerate(tokens) if t.upper() in ("A", "AAAA", "CNAME")), None)
            if rtype_at is not None and rtype_at + 1 < len(tokens):
                owner = tokens[0].rstrip(".").lower()
                found.add((owner, tokens[rtype_at].upper(), tokens[rtype_at + 1].rstrip(".").lower()))
    return found


def to_record(name: dns.name.Name, ttl: int, rdata: Any, proxied: set[tuple[str, str, str]]) -> ExistingRecord:
    owner = name.to_text(omit_final_dot=True).lower()
    rtype = dns.rdatatype.to_text(rdata.rdtype)
    content, priority = presentation(rtype, rdata)
    flagged = (owner, rtype, content.lower()) in proxied
    return ExistingRecord(name=owner, type=rtype, content=content, ttl=ttl, proxied=flagged, priority=priority)


def presentation(rtype: str, rdata: Any) -> tuple[str, int | None]:
    """(content, priority) in the plan's form for one rdata."""
    if rtype == "MX":
        return rdata.exchange.to_text(omit_final_dot=True).lower(), int(rdata.preference)
    if rtype in ("CNAME", "NS"):
        return rdata.target.to_text(omit_final_dot=True).lower(), None
    if rtype == "TXT":
        return "".join(part.decode() for part in rdata.strings), None
    if rtype == "CAA":
        return f'{rdata.flags} {rdata.tag.decode()} "{rdata.value.decode()}"', None
    if rtype == "SRV":
        target = rdata.target.to_text(omit_final_dot=True).lower()
        return f"{rdata.weight} {rdata.port} {target}", int(rdata.priority)
    return rdata.to_text(), None
