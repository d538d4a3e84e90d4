"""What exists in a zone before launchready manages it, and how it lines up with the plan."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import BaseModel, ConfigDict

from launchready.core.plan.model import PlannedRecord


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExistingRecord(Value):
    """A record found in the zone, in the plan's presentation (FQDN without dot, TXT unquoted, CAA as
    `0 issue "ca"`); `id` is Cloudflare's record id, unknown when it came from a zone file."""

    name: str
    type: str
    content: str
    ttl: int
    proxied: bool = False
    priority: int | None = None
    id: str | None = None

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.name, self.type, comparable(self.type, self.content))


class ExistingRuleset(Value):
    """A ruleset of the zone; only `kind: zone` entry points can collide with the plan (error 20217)."""

    id: str
    name: str
    kind: str
    phase: str


class ExistingZone(Value):
    zone: str
    zone_id: str | None
    records: tuple[ExistingRecord, ...]
    rulesets: tuple[ExistingRuleset, ...] = ()
    source: Literal["zone file", "cloudflare"]
    notes: tuple[str, ...] = ()


class RecordMatch(Value):
    """An existing record the component will manage: imported under `resource` (its exact Pulumi name);
    `updates` names what the first `pulumi up` will change on it."""

    existing: ExistingRecord
    planned: PlannedRecord
    resource: str
    updates: tuple[str, ...] = ()


class RulesetMatch(Value):
    existing: ExistingRuleset
    resource: str


class Conflict(Value):
    """An existing record the plan cannot adopt: one that makes creation fail (a conflict), or one that
    would keep answering beside the planned records of its set (superseded)."""

    existing: ExistingRecord
    planned: PlannedRecord
    reason: str


class Adoption(Value):
    zone: ExistingZone
    records: tuple[RecordMatch, ...]
    rulesets: tuple[RulesetMatch, ...]
    conflicts: tuple[Conflict, ...]
    undeclared: tuple[ExistingRecord, ...]
    superseded: tuple[Conflict, ...] = ()
    ignored: tuple[ExistingRecord, ...]
    other_rulesets: tuple[ExistingRuleset, ...] = ()
    zone_resource: str | None = None


def comparable(rtype: str, content: str) -> str:
    """Content in one canonical form for matching: addresses compressed, names lowercase, no final dot."""
    if rtype in ("A", "AAAA"):
        try:
            return str(ipaddress.ip_address(content.strip()))
        except ValueError:
            return content.strip()
    if rtype in ("CNAME", "MX", "NS"):
        return content.strip().rstrip(".").lower()
    return content
