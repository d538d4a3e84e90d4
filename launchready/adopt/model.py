"""What exists in a zone before launchready manages it, and how it lines up with the plan."""

from __future__ import annotations

import ipaddress
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from launchready.core.plan.model import PlannedRecord


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExistingRecord(Value):
    """A record found in the zone, in the plan's presentation (FQDN without dot, TXT unquoted, CAA as
    `0 issue "ca"`); `id` is Cloudflare's record id, unknown when it came from a zone file. `comment` is
    the record's Cloudflare comment; a report shows it only when it cannot be a credential. `proxy_known`
    is False for a zone-file record without Cloudflare's `cf-proxied` tag: a file exported by another DNS
    provider says nothing about a proxy."""

    name: str
    type: str
    content: str
    ttl: int
    proxied: bool = False
    proxy_known: bool = True
    priority: int | None = None
    id: str | None = None
    comment: str | None = None

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.name, self.type, comparable(self.type, self.content))


class ExistingRule(Value):
    """A rule of a zone entry-point ruleset, as GET /zones/{id}/rulesets/phases/{phase}/entrypoint
    returns it; `rule` is its API form without the read-only fields (id, version, last_updated)."""

    phase: str
    id: str
    rule: dict[str, Any]

    @property
    def ref(self) -> str:
        return str(self.rule.get("ref") or self.id)

    @property
    def expression(self) -> str:
        return str(self.rule.get("expression", ""))

    @property
    def action(self) -> str:
        return str(self.rule.get("action", ""))


class ExistingRuleset(Value):
    """A ruleset of the zone; only `kind: zone` entry points can collide with the plan (error 20217)."""

    id: str
    name: str
    kind: str
    phase: str
    rules: tuple[ExistingRule, ...] = ()


class ZoneState(Value):
    """The zone settings launchready manages, flat as `launchready diff` names them (`ssl`,
    `min_tls_version`, `hsts.max_age`, ...), and the zone's DNSSEC status, as the API answered."""

    settings: dict[str, str | int | bool]
    dnssec: str


class ExistingZone(Value):
    zone: str
    zone_id: str | None
    records: tuple[ExistingRecord, ...]
    rulesets: tuple[ExistingRuleset, ...] = ()
    source: Literal["zone file", "cloudflare"]
    notes: tuple[str, ...] = ()
    state: ZoneState | None = None
    """Settings and DNSSEC: read with --from-cloudflare, None from a zone file (which holds neither)."""


class Overwrite(Value):
    """A dangerous change the first `pulumi up` makes to what the zone holds: `rule` is the danger's id
    (`record.spf`, `record.dkim`, `record.dmarc`, `record.mx`, `record.caa`, `record.ns`, `record.apex` as
    `launchready diff` flags them, `record.host`, `record.mx-split`, `record.address-split`,
    `record.ns-split`, `record.address-family-split`, `record.caa-blocks-ca`, `proxy.origin-exposed`,
    `proxy.starts`, `redirect.target-changed`, `rule.action-changed`, `ratelimit.threshold-changed`,
    `cache.ttl-changed`, and the zone settings' `tls.*`), `entry` the `adopted.overwrites` line that
    declares it (the existing record's label, the existing rule's ref, or a setting's
    `tls.<key> <current value>`), `declared` whether the spec lists that line."""

    rule: str
    change: str
    why: str
    entry: str
    declared: bool = False

    def document(self) -> dict[str, Any]:
        return {"rule": self.rule, "entry": self.entry, "message": f"{self.change}: {self.why}",
                "declared": self.declared}


class RecordMatch(Value):
    """An existing record the component will manage: imported under `resource` (its exact Pulumi name);
    `updates` names what the first `pulumi up` will change on it, `overwrite` whether that is dangerous."""

    existing: ExistingRecord
    planned: PlannedRecord
    resource: str
    updates: tuple[str, ...] = ()
    overwrite: Overwrite | None = None


class SettingMatch(Value):
    """A zone setting the first `pulumi up` changes: `current` in the zone, `planned` by the spec."""

    setting: str
    current: str | int | bool
    planned: str | int | bool
    overwrite: Overwrite | None = None


class RulesetMatch(Value):
    existing: ExistingRuleset
    resource: str


RuleFate = Literal["produced", "replaced", "deleted", "untouched"]


class RuleMatch(Value):
    """What the first `pulumi up` does to an existing rule: the spec `produced` it (same expression and
    action, under `planned_ref`), `replaced` it (a planned rule takes its ref or its expression),
    `deleted` it (its phase's ruleset is rewritten without it), or leaves it `untouched` (the plan
    puts nothing in that phase). Deleted and untouched rules are offered for `rules.keep`."""

    existing: ExistingRule
    fate: RuleFate
    planned_ref: str | None = None
    note: str = ""
    overwrite: Overwrite | None = None


class Conflict(Value):
    """An existing record the plan cannot adopt: one that makes creation fail (a conflict), or one that
    would keep answering beside the planned records of its set (superseded; a superseded MX splits the
    mail, a dangerous change: `overwrite`)."""

    existing: ExistingRecord
    planned: PlannedRecord
    reason: str
    overwrite: Overwrite | None = None


class CaaReview(Value):
    """What the plan's CAA set means for the zone: `new_issuers` when the plan adds an `issue` set at an
    apex that has none (empty otherwise), the names served elsewhere (their labels), and the dangerous
    changes for services whose CA the planned set leaves out."""

    new_issuers: tuple[str, ...] = ()
    elsewhere: tuple[str, ...] = ()
    overwrites: tuple[Overwrite, ...] = ()


class PlanRefusal(Value):
    """A record each of whose fields the spec accepts, but that `plan` refuses beside the spec and the rest
    of the snippet (launchready.adopt.snippet_plan): it is left out of the snippet with this reason."""

    record: ExistingRecord
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
    rules: tuple[RuleMatch, ...] = ()
    adopted: tuple[str, ...] = ()
    """`adopted.records` entries the spec lacks: imported records and records the snippet declares."""
    adopted_rules: tuple[str, ...] = ()
    """`adopted.rules` entries the spec lacks: rules offered for `rules.keep` and rules it produces."""
    comment_limit: int = 100
    """Cloudflare's comment limit on the stack's plan (launchready.core.plan.comments.COMMENT_LIMITS)."""
    records_declared: int = 0
    """How many `records:` entries the spec has: the snippet's first entry becomes `records[<this>]`."""
    caa: CaaReview = CaaReview()
    """What the plan's CAA set means for the zone's existing services (launchready.adopt.caa)."""
    settings: tuple[SettingMatch, ...] = ()
    zone_notes: tuple[str, ...] = ()
    refused: tuple[PlanRefusal, ...] = ()
    """Declarable records the snippet leaves out because the whole snippet would not plan with them."""
    """What the report says about the zone's settings and DNSSEC (or that a zone file could not show them)."""

    @property
    def lost_rules(self) -> tuple[RuleMatch, ...]:
        return tuple(m for m in self.rules if m.fate == "deleted")

    @property
    def overwrites(self) -> tuple[Overwrite, ...]:
        """Every dangerous change the first `pulumi up` makes to an adopted record or a matched rule, and
        every MX it would leave answering beside the planned ones, and every service whose CA the planned CAA
        set leaves out."""
        found = [m.overwrite for m in self.records] + [c.overwrite for c in self.superseded]
        found += [m.overwrite for m in self.rules] + [s.overwrite for s in self.settings]
        return tuple(o for o in found if o is not None) + self.caa.overwrites

    @property
    def undeclared_overwrites(self) -> tuple[Overwrite, ...]:
        """The dangerous changes `adopted.overwrites` does not declare: each fails adopt (exit 1)."""
        return tuple(o for o in self.overwrites if not o.declared)


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
