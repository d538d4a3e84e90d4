"""ProductDomain: one stack's DomainPlan as Cloudflare resources, all children of one component."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from components.dnssec import build_dnssec
from components.records import build_records
from components.rulesets import build_rulesets
from components.scope import ChildBuilder, DomainScope, Exports
from components.settings import build_settings
from components.zone import resolve_zone
from launchready.core.naming import PRODUCT_DOMAIN_TYPE
from launchready.core.plan import DomainPlan

BUILDERS: tuple[ChildBuilder, ...] = (build_records, build_settings, build_rulesets, build_dnssec)
"""What every product domain gets. Later features pass theirs as `extras`."""


class ProductDomain(pulumi.ComponentResource):
    """DNS records, TLS zone settings, redirect and cache rulesets and DNSSEC for one zone.

    Every Cloudflare resource is a direct child of this component, named from the plan through
    `launchready.core.naming`, so `launchready adopt` can write import files for the exact same names.
    """

    zone_id: pulumi.Output[str]
    name_servers: pulumi.Output[Sequence[str]]
    canonical_url: pulumi.Output[str]
    exports: dict[str, pulumi.Input[Any]]

    def __init__(self, name: str, plan: DomainPlan, opts: pulumi.ResourceOptions | None = None, *,
                 extras: Sequence[ChildBuilder] = ()) -> None:
        super().__init__(PRODUCT_DOMAIN_TYPE, name, None, opts)
        zone = resolve_zone(name, plan, self)
        self.zone_id = pulumi.Output.from_input(zone.zone_id)
        self.name_servers = zone.name_servers
        self.canonical_url = pulumi.Output.from_input(plan.canonical_url)
        self.exports = {"zone_id": self.zone_id, "name_servers": self.name_servers,
                        "canonical_url": self.canonical_url}
        scope = DomainScope(name=name, plan=plan, zone_id=zone.zone_id, parent=self)
        for builder in (*BUILDERS, *extras):
            self.add_exports(builder(scope))
        self.register_outputs(self.exports)

    def add_exports(self, exports: Exports) -> None:
        clash = sorted(set(exports) & set(self.exports))
        if clash:
            raise ValueError(f"{self.pulumi_resource_name}: two builders export {', '.join(clash)}; rename one")
        self.exports.update(exports)
