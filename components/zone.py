"""The zone the domain lives in: adopted by id, looked up by name, or created (and protected)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_cloudflare as cloudflare

from launchready.core.naming import zone_name
from launchready.core.plan import DomainPlan


@dataclass(frozen=True)
class ZoneHandle:
    """The zone id every child needs, and the name servers the registrar needs."""

    zone_id: pulumi.Input[str]
    name_servers: pulumi.Output[Sequence[str]]


def resolve_zone(name: str, plan: DomainPlan, parent: pulumi.Resource) -> ZoneHandle:
    if plan.zone_mode == "create":
        return created_zone(name, plan, parent)
    invoke = pulumi.InvokeOptions(parent=parent)
    if plan.zone_mode == "id" and plan.zone_id:
        # The id is known: children use it as it is, the lookup only supplies the name servers.
        found = cloudflare.get_zone_output(zone_id=plan.zone_id, opts=invoke)
        return ZoneHandle(zone_id=plan.zone_id, name_servers=found.apply(lambda zone: list(zone.name_servers or [])))
    # GetZoneFilterArgs.match is required by the provider (pulumi-cloudflare 6.23, read 2026-11).
    found = cloudflare.get_zone_output(filter={"name": plan.zone, "match": "all"}, opts=invoke)
    return ZoneHandle(zone_id=found.apply(lambda zone: zone.id),
                      name_servers=found.apply(lambda zone: list(zone.name_servers or [])))


def created_zone(name: str, plan: DomainPlan, parent: pulumi.Resource) -> ZoneHandle:
    """A new full-setup zone. Protected: deleting a zone deletes every record in it."""
    zone = cloudflare.Zone(zone_name(name), account={"id": plan.account_id}, name=plan.zone, type="full",
                           opts=pulumi.ResourceOptions(parent=parent, protect=True))
    return ZoneHandle(zone_id=zone.id, name_servers=zone.name_servers)
