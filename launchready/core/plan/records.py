"""Desired DNS records from the spec: web hosts, extra records and the CAA policy."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from launchready.core.dnsname import fqdn, normalize_name, relative
from launchready.core.plan.model import TXT_STRING_LIMIT, CaaData, PlannedRecord, SrvData
from launchready.core.spec.models import AUTO_TTL, DomainSpec, HostSpec, RecordSpec, RecordType

DEFAULT_RECORD_TTL = 3600
"""TTL for DNS-only extra records (MX, TXT, CAA) when the spec states none: an hour, so a fix
propagates the same day while resolvers still cache."""


UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A resource-name-safe rendering of `text` (Pulumi names tolerate any text, people do not)."""
    return UNSAFE.sub("-", text.lower()).strip("-") or "root"


def record_key(name: str, zone: str, rtype: str, discriminator: str | None) -> str:
    """Stable identity of a record: label, type and (for multi-valued sets) its value, never its index."""
    label = "apex" if name == zone else slug(relative(name, zone))
    parts = [label, rtype.lower()] + ([slug(discriminator)] if discriminator else [])
    return "-".join(parts)


def written_label(name: str, zone: str) -> str:
    """A name's label as written relative to the zone, before `slug`; the apex is written `apex`, its key."""
    return "apex" if name == zone else relative(name, zone)


def record_identity(record: PlannedRecord) -> str:
    """What tells two records apart when their keys fold alike (launchready.core.plan.folding)."""
    return " ".join(record.identity)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def split_txt(text: str) -> tuple[str, ...]:
    """Split text into ≤255-byte character-strings (RFC 1035 §3.3.14), never inside a UTF-8 sequence."""
    data, chunks, start = text.encode(), [], 0  # an offset, not re-slicing: linear in the text's length
    while len(data) - start > TXT_STRING_LIMIT:
        cut = start + TXT_STRING_LIMIT
        while cut > start and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        chunks.append(data[start:cut].decode())
        start = cut
    return (*chunks, data[start:].decode())


def host_targets(spec: DomainSpec, label: str, host: HostSpec) -> HostSpec:
    """The host with the origin's targets filled in when it declares none of its own."""
    if host.has_targets:
        return host
    origin = spec.origin
    return host.model_copy(update={"ipv4": origin.ipv4, "ipv6": origin.ipv6, "cname": origin.cname})


def host_records(spec: DomainSpec, label: str, raw: HostSpec) -> Iterator[PlannedRecord]:
    zone, host = spec.zone.name, host_targets(spec, label, raw)
    name, source = fqdn(label, zone), f"hosts.{label}"
    ttl = AUTO_TTL if host.proxied else host.ttl
    common = {"name": name, "ttl": ttl, "proxied": host.proxied, "source": source}
    if host.cname:
        yield PlannedRecord(type="CNAME", content=host.cname, key=record_key(name, zone, "CNAME", None), **common)
        return
    # The address is part of the key even for a single record: a key that changed when a host grew
    # from one address to two would make Pulumi create the same record again before deleting the old
    # one, which Cloudflare refuses (error 81058, "identical record already exists").
    for rtype, addresses in (("A", host.ipv4), ("AAAA", host.ipv6)):
        for address in dict.fromkeys(addresses):  # an address listed twice is one record (spec rules report it)
            key = record_key(name, zone, rtype, str(address))
            yield PlannedRecord(type=rtype, content=str(address), key=key, **common)


def txt_record(name: str, zone: str, text: str | tuple[str, ...], ttl: int, source: str,
               key: str | None = None) -> PlannedRecord:
    """A TXT record; a tuple keeps the user's own string split, a str is split at 255 bytes."""
    strings = text if isinstance(text, tuple) else split_txt(text)
    content = "".join(strings)
    key = key or record_key(name, zone, "TXT", short_hash(content))
    return PlannedRecord(name=name, type="TXT", content=content, txt_strings=strings, ttl=ttl,
                         key=key, source=source)


def extra_record(spec: DomainSpec, index: int, record: RecordSpec) -> PlannedRecord:
    zone = spec.zone.name
    name, source = fqdn(record.name, zone), f"records[{index}]"
    ttl = AUTO_TTL if record.proxied else (record.ttl or DEFAULT_RECORD_TTL)
    if record.type is RecordType.TXT:
        return txt_record(name, zone, record.content or "", ttl, source)
    if record.type is RecordType.CAA:
        return caa_record(name, zone, record.flags, record.tag or "issue", record.value or "", ttl, source)
    if record.type is RecordType.SRV:
        return srv_record(name, zone, str(record.content), record.priority or 0, ttl, source)
    content = tolerant_name(str(record.content)) if record.type not in ("A", "AAAA") else str(record.content)
    discriminator = None if record.type is RecordType.CNAME else f"{record.priority or ''} {content}"
    return PlannedRecord(name=name, type=record.type.value, content=content, ttl=ttl, proxied=record.proxied,
                         priority=record.priority, key=record_key(name, zone, record.type.value, discriminator),
                         source=source)


def tolerant_name(text: str) -> str:
    """A target normalised, or as written when it cannot be (a list given as CNAME content): the spec rules
    report it, and the planner still plans the records of a spec with problems."""
    try:
        return normalize_name(text)
    except ValueError:
        return text.lower()


def srv_record(name: str, zone: str, content: str, priority: int, ttl: int, source: str) -> PlannedRecord:
    """An SRV record from `weight port target`. The spec rules reject any other form; the planner
    stays tolerant (srv=None) because the duplicate and CNAME rules plan records of a spec with problems."""
    parts = content.split()
    srv = None
    if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
        srv = SrvData(weight=int(parts[0]), port=int(parts[1]), target=tolerant_name(parts[2]))
    target = srv.target if srv else content
    return PlannedRecord(name=name, type="SRV", content=target, priority=priority, ttl=ttl, srv=srv, source=source,
                         key=record_key(name, zone, "SRV", f"{priority} {content}"))


def caa_record(name: str, zone: str, flags: int, tag: str, value: str, ttl: int, source: str) -> PlannedRecord:
    content = f'{flags} {tag} "{value}"'
    return PlannedRecord(name=name, type="CAA", content=content, ttl=ttl, source=source,
                         caa=CaaData(flags=flags, tag=tag, value=value),
                         key=record_key(name, zone, "CAA", f"{tag} {value}"))


def caa_records(spec: DomainSpec) -> Iterator[PlannedRecord]:
    """CAA issue records for the allowed issuers (RFC 8659 §4.2: `issue` also governs wildcards
    when no `issuewild` is present, which covers Universal SSL's *.zone name)."""
    zone = spec.zone.name
    for issuer in spec.caa.issuers:
        yield caa_record(zone, zone, 0, "issue", issuer, DEFAULT_RECORD_TTL, "caa.issuers")
    if spec.caa.iodef:
        yield caa_record(zone, zone, 0, "iodef", spec.caa.iodef, DEFAULT_RECORD_TTL, "caa.iodef")


def zone_records(spec: DomainSpec) -> list[PlannedRecord]:
    """The records the spec declares outside `email` (hosts, extra records, CAA), in spec order."""
    planned: list[PlannedRecord] = []
    for label, host in spec.hosts.items():
        planned.extend(host_records(spec, label, host))
    planned.extend(extra_record(spec, i, record) for i, record in enumerate(spec.records))
    planned.extend(caa_records(spec))
    return planned
