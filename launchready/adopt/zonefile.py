"""Read a BIND zone file as Cloudflare's dashboard and API export it (DNS → Records → Export).

Parsed with dnspython's zone file reader (`dns.zonefile.Reader`: $ORIGIN, $TTL and $GENERATE, no
$INCLUDE; relativize=False, so every owner is absolute) into a list of RRsets, not into a
`dns.zone.Zone`: an export is a list of records, not a zone to serve, and two of a zone's rules do
not hold for it. Cloudflare writes the SOA owner without its final dot (`example.net	3600	IN	SOA
…`, seen in real exports, 2026-04), which reads as `example.net.example.net.`, a non-origin SOA; and
Cloudflare keeps a CNAME beside other records at the apex (CNAME flattening, "CNAME flattening",
read 2026-11), which RFC 1034 §3.6.2 forbids in a zone and dnspython refuses.

The export marks proxied records with a comment, `; cf_tags=cf-proxied:true`, after the record's
own Cloudflare comment if it has one (`; Zendesk cf_tags=cf-proxied:false`; Cloudflare docs, "Import and
export records", read 2026-11). dnspython drops comments, so those lines are scanned separately.
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
import dns.rrset
import dns.tokenizer
import dns.zonefile

from launchready.adopt.model import ExistingRecord, ExistingZone
from launchready.core.errors import InputError
from launchready.core.inputs import ZONE_FILE, line_at, read_text
from launchready.core.spec.models import AUTO_TTL

PROXIED_TAG = "cf-proxied:true"
LINE = re.compile(r"line (\d+)")


MAX_GENERATED = 10_000
"""Records one file may make with $GENERATE; an export never has more than the zone's record quota."""
GENERATE = re.compile(r"^\$GENERATE\s+(\d+)-(\d+)(?:/(\d+))?", re.I | re.M)


def read_zone_file(path: Path, zone: str) -> ExistingZone:
    """The file through launchready's one reader (size limit, UTF-8, a BOM dropped), then parsed."""
    return parse_zone_text(read_text(path, ZONE_FILE), zone, str(path))


def require_bounded_generate(text: str, source: str) -> None:
    """$GENERATE 1-2000000 is four lines that make two million records: count before dnspython expands."""
    total = 0
    for found in GENERATE.finditer(text):
        start, stop, step = int(found[1]), int(found[2]), int(found[3] or 1)
        total += (stop - start) // max(step, 1) + 1 if stop >= start else 0
        if total > MAX_GENERATED:
            raise InputError(f"{source}: line {line_at(text, found.start())}: $GENERATE makes more than "
                             f"{MAX_GENERATED:,} records in this file; no Cloudflare export does, so this is not one")


def parse_zone_text(text: str, zone: str, source: str = "zone file") -> ExistingZone:
    """Every record of the zone file; a malformed file is bad input with its line number and reason.
    Records of other zones are left out, and a note says which."""
    text = text.removeprefix("\ufeff")
    require_bounded_generate(text, source)
    try:
        parsed = load(text, zone)
    except dns.exception.SyntaxError as exc:
        line, reason = syntax_error(exc)
        line = true_line(text, zone, line, reason)
        raise InputError(f"{source}: line {line}: {reason}; fix that line or export the zone again") from None
    except (dns.exception.DNSException, ValueError) as exc:
        raise InputError(f"{source}: not a usable zone file for {zone} ({exc}); export it again from "
                         "Cloudflare (DNS → Records → Export)") from None
    origin = dns.name.from_text(zone)
    inside = [rrset for rrset in parsed if rrset.name.is_subdomain(origin)]
    notes = line_notes(text, zone)
    records = [to_record(rrset.name, rrset.ttl, rdata, notes) for rrset in inside for rdata in rrset]
    records.sort(key=lambda r: (r.name, r.type, r.content))
    if all(r.type == "SOA" for r in records):
        raise InputError(f"{source}: no record of {zone} in it; is it the export of another zone? Export {zone} "
                         "from Cloudflare (DNS → Records → Export)")
    return ExistingZone(zone=zone, zone_id=None, records=tuple(records), source="zone file",
                        notes=outside_note([rrset for rrset in parsed if not rrset.name.is_subdomain(origin)], zone))


def outside_note(outside: list[dns.rrset.RRset], zone: str) -> tuple[str, ...]:
    if not outside:
        return ()
    names = sorted({rrset.name.to_text(omit_final_dot=True) for rrset in outside})
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    count = sum(len(rrset) for rrset in outside)
    return (f"{count} record{'s' if count != 1 else ''} outside {zone} left out ({shown}); "
            "a zone file of one zone holds only its own names",)


class ExportTransaction(dns.zonefile.RRsetsReaderTransaction):
    """Collects RRsets as the export lists them (see the module docstring for the two zone rules
    it does not apply)."""

    def add(self, *args: Any) -> None:
        """The zone file reader calls add(name, ttl, rdata); the SOA of an export is the zone's."""
        name, ttl, rdata = args
        origin, _, _ = self.manager.origin_information()
        super().add(origin if rdata.rdtype == dns.rdatatype.SOA else name, ttl, rdata)

    def _get_node(self, name: dns.name.Name) -> None:
        """No node is ever looked up, so dnspython's CNAME-and-other-data check never fires."""
        return None


class ExportReader(dns.zonefile.RRSetsReaderManager):
    def writer(self, replacement: bool = False) -> ExportTransaction:
        return ExportTransaction(self, True, False)  # type: ignore[no-untyped-call]  # dnspython leaves it untyped


def load(text: str, zone: str) -> list[dns.rrset.RRset]:
    """Every RRset of the file, owners absolute; a syntax error names its line (`<string>:7: …`)."""
    manager = ExportReader(dns.name.from_text(zone), relativize=False)
    with manager.writer(True) as txn:
        reader = dns.zonefile.Reader(dns.tokenizer.Tokenizer(text, "<string>"), dns.rdataclass.IN, txn)
        reader.zone_origin = dns.name.root  # keep the records of other zones, so the report can name them
        reader.read()
    return manager.rrsets


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


Identity = tuple[str, str, str]
LineNote = tuple[bool | None, str | None]
"""(proxied, the record's Cloudflare comment) as the export's comment after the record says them; proxied
is None when the line carries no `cf-proxied` tag (a file from another provider does not know the proxy)."""


def line_notes(text: str, zone: str) -> dict[Identity, LineNote]:
    """What the comment after each record says. Cloudflare writes one whole record per line, so each
    commented line is read on its own by dnspython, the same way as the file."""
    found: dict[Identity, LineNote] = {}
    for line in text.splitlines():
        data, comment = split_comment(line)
        note = read_note(comment)
        if not data.strip() or note == (None, None):
            continue
        try:
            rrsets = dns.zonefile.read_rrsets(data, origin=zone, relativize=False, rdclass=None,
                                                default_ttl=AUTO_TTL)
        except (dns.exception.DNSException, ValueError):
            continue  # not a whole record: the file's own parse reports real mistakes
        found |= {to_record(rrset.name, rrset.ttl, rdata, {}).identity: note for rrset in rrsets for rdata in rrset}
    return found


def split_comment(line: str) -> tuple[str, str]:
    """(the record, the comment): the first `;` outside a quoted string starts the comment (RFC 1035 §5.1),
    so a DKIM key's `v=DKIM1; k=rsa` stays data."""
    quoted = escaped = False
    for at, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return line[:at], line[at + 1:]
    return line, ""


def read_note(comment: str) -> LineNote:
    """`; a comment cf_tags=team:web,cf-proxied:true`: the tags follow the last `cf_tags=`, the record's
    comment comes before them (Cloudflare docs, "Import and export records › Record comments and tags",
    read 2026-11)."""
    before, marker, tags = comment.rpartition("cf_tags=")
    text = (before if marker else comment).strip()
    said = [tag.strip() for tag in tags.split(",") if tag.strip().startswith("cf-proxied:")] if marker else []
    return (PROXIED_TAG in said if said else None), text or None


def to_record(name: dns.name.Name, ttl: int, rdata: Any, notes: dict[Identity, LineNote]) -> ExistingRecord:
    rtype = dns.rdatatype.to_text(rdata.rdtype)
    content, priority = presentation(rtype, rdata)
    record = ExistingRecord(name=name.to_text(omit_final_dot=True).lower(), type=rtype, content=content, ttl=ttl,
                            priority=priority)
    proxied, comment = notes.get(record.identity, (None, None))
    return record.model_copy(update={"proxied": bool(proxied), "proxy_known": proxied is not None,
                                     "comment": comment})


def presentation(rtype: str, rdata: Any) -> tuple[str, int | None]:
    """(content, priority) in the plan's form for one rdata."""
    if rtype == "MX":
        return rdata.exchange.to_text(omit_final_dot=True).lower(), int(rdata.preference)
    if rtype in ("CNAME", "NS"):
        return rdata.target.to_text(omit_final_dot=True).lower(), None
    if rtype == "TXT":
        return "".join(part.decode(errors="backslashreplace") for part in rdata.strings), None
    if rtype == "CAA":  # RFC 8659 §4.1.1: tag and value are octets; a non-UTF-8 one is shown escaped
        tag, value = (part.decode(errors="backslashreplace") for part in (rdata.tag, rdata.value))
        return f'{rdata.flags} {tag} "{value}"', None
    if rtype == "SRV":
        target = rdata.target.to_text(omit_final_dot=True).lower()
        return f"{rdata.weight} {rdata.port} {target}", int(rdata.priority)
    return rdata.to_text(), None
