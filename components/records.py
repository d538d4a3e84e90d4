"""One cloudflare.DnsRecord per planned record, in the shape Cloudflare stores it.

Cloudflare facts this relies on (pulumi-cloudflare 6.23 / Cloudflare DNS API, read 2026-11):
names are FQDNs (relative names and "@" drift after refresh); TTL 1 means automatic and proxied
records always use it; only A, AAAA and CNAME can be proxied; TXT content is sent as quoted
RFC 1035 character-strings; CAA goes through `data`, never `content`; MX priority is a top-level
argument, SRV priority goes in `data` with weight, port and target (Cloudflare API, "Create DNS Record",
SRV record body, read 2026-11-30: the SRV record body has no top-level priority and the API answers
"priority is a required data field" without data.priority).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_cloudflare as cloudflare

from components.aliases import record_aliases
from components.scope import DomainScope, Exports
from launchready.core.naming import record_name
from launchready.core.plan import PlannedRecord
from launchready.core.plan.comments import cloudflare_comment

PROXIABLE_TYPES = frozenset({"A", "AAAA", "CNAME"})
TOP_LEVEL_PRIORITY_TYPES = frozenset({"MX"})
AUTO_TTL = 1


def character_string(text: str) -> str:
    """One quoted character-string (RFC 1035 §5.1: backslash and double quote are escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def txt_content(record: PlannedRecord) -> str:
    """TXT content as Cloudflare documents it: each ≤255-byte string quoted, joined by one space."""
    strings = record.txt_strings or (record.content,)
    return " ".join(character_string(text) for text in strings)


def srv_data(record: PlannedRecord) -> dict[str, Any]:
    """Priority, weight, port and target all go in `data` (RFC 2782 fields; the Cloudflare API's SRV
    record body has no top-level priority, read 2026-11-30)."""
    if record.srv is None or record.priority is None:
        raise ValueError(f"{record.source}: an SRV record without priority, weight, port and target")
    return {"priority": record.priority, **record.srv.model_dump()}


def record_value(record: PlannedRecord) -> dict[str, Any]:
    """The `content` or `data` argument for the record's type."""
    if record.type == "TXT":
        return {"content": txt_content(record)}
    if record.type == "CAA" and record.caa:
        return {"data": record.caa.model_dump()}
    if record.type == "SRV":
        return {"data": srv_data(record)}
    return {"content": record.content}


def dns_record_args(record: PlannedRecord) -> dict[str, Any]:
    """DnsRecord arguments (snake_case, as the Cloudflare API names them), without the zone id."""
    args: dict[str, Any] = {"name": record.name, "type": record.type, "ttl": record.ttl, **record_value(record)}
    if record.type in PROXIABLE_TYPES:
        args["proxied"] = record.proxied
        if record.proxied:
            args["ttl"] = AUTO_TTL
    if record.type in TOP_LEVEL_PRIORITY_TYPES:
        args["priority"] = record.priority
    args["comment"] = cloudflare_comment(record)
    return args


def summary_line(record: PlannedRecord) -> str:
    """`name type content ttl` for people reading `pulumi stack output` (ttl 1 shown as auto)."""
    content = record.content if record.priority is None else f"{record.priority} {record.content}"
    ttl = "auto" if record.ttl == AUTO_TTL else str(record.ttl)
    return f"{record.name} {record.type} {content} {ttl}"


def record_options(scope: DomainScope, record: PlannedRecord) -> pulumi.ResourceOptions:
    """Adopted records are protected: they existed before launchready, so a spec edit or `pulumi destroy`
    must not delete them by accident (docs/components.md, "Protection"). Aliases keep the record's
    state across a rename of its resource name (components.aliases)."""
    return scope.opts(protect=record.key in scope.plan.adopted_records,
                      aliases=record_aliases(record, scope.plan, scope.name))


def build_records(scope: DomainScope) -> Exports:
    """Named by record identity (PlannedRecord.key), so reordering the spec replaces nothing."""
    for record in scope.plan.records:
        cloudflare.DnsRecord(record_name(record, scope.name), zone_id=scope.zone_id,
                             opts=record_options(scope, record), **dns_record_args(record))
    return {"records": [summary_line(record) for record in scope.plan.records]}
