"""Former resource names, so a rename moves a resource in state instead of replacing it.

Pulumi identifies a resource by its URN, which holds its name: a new name without an alias is a
create of the new resource and a delete of the old one, and for DNS records Cloudflare refuses the
create while the old record exists (81058 identical record, 81053 A/AAAA beside CNAME), so `pulumi up`
fails half-way. Every rename of a child of ProductDomain adds its old name here, and stays here:
tests/components/test_urns.py fails on a URN that changes without one (docs/components.md).
"""

from __future__ import annotations

import pulumi

from launchready.core.naming import COMPONENT_NAME
from launchready.core.plan import DomainPlan, PlannedRecord
from launchready.core.plan.folding import former_key
from launchready.core.plan.records import record_identity, record_key

ADDRESS_TYPES = frozenset({"A", "AAAA"})


def single_address_name(record: PlannedRecord, plan: DomainPlan, component: str) -> str | None:
    """Before 2026-11-27 (commit 717dd4a) a host's only A or AAAA record was named without its address
    (`domain-www-a`); it now always carries it (`domain-www-a-192-0-2-10`)."""
    if record.type not in ADDRESS_TYPES or not record.source.startswith("hosts."):
        return None
    same_set = [r for r in plan.records if (r.name, r.type, r.source) == (record.name, record.type, record.source)]
    if len(same_set) != 1:
        return None
    return f"{component}-{record_key(record.name, plan.zone, record.type, None)}"


def folded_name(record: PlannedRecord, plan: DomainPlan, component: str) -> str | None:
    """From 2026-11-27 (commit 011353b) until plain members kept their key, every record of a group whose keys
    fold alike was suffixed (`domain-eu-api-cname-<hash>`); the one that now keeps `domain-eu-api-cname`
    carries that name."""
    key = former_key(record, plan.records, "key", record_identity)
    return f"{component}-{key}" if key else None


def record_aliases(record: PlannedRecord, plan: DomainPlan, component: str = COMPONENT_NAME) -> list[pulumi.Alias]:
    """Aliases for a DNS record's former names (same type and parent, so only the name is given)."""
    names = [name for name in (single_address_name(record, plan, component), folded_name(record, plan, component))
             if name]
    return [pulumi.Alias(name=name) for name in names]
