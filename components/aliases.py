"""Former resource names, so a rename moves a resource in state instead of replacing it.

Pulumi identifies a resource by its URN, which holds its name: a new name without an alias is a
create of the new resource and a delete of the old one, and for DNS records Cloudflare refuses the
create while the old record exists (81058 identical record, 81053 A/AAAA beside CNAME), so `pulumi up`
fails half-way. Every rename of a child of ProductDomain adds its old name here, and stays here:
tests/components/test_urns.py fails on a URN that changes without one (docs/components.md).

Two resources must never carry the same alias: when that URN is in state, Pulumi refuses the deployment
("Duplicate resource alias"; https://www.pulumi.com/docs/iac/concepts/options/aliases/), so an alias whose
name folds alike for several records goes to the one that keeps the plain name (launchready.core.plan.folding).
"""

from __future__ import annotations

from collections import Counter

import pulumi

from launchready.core.naming import COMPONENT_NAME
from launchready.core.plan import DomainPlan, PlannedRecord
from launchready.core.plan.folding import former_key, plain_member
from launchready.core.plan.records import record_identity, record_key, written_label

ADDRESS_TYPES = frozenset({"A", "AAAA"})


def legacy_keys(plan: DomainPlan) -> dict[str, str]:
    """Record identity → the key a host's only A or AAAA record had before 2026-11-27 (commit 717dd4a),
    without its address, for every such record of the plan."""
    sets = Counter((r.name, r.type, r.source) for r in plan.records)
    return {record_identity(r): record_key(r.name, plan.zone, r.type, None) for r in plan.records
            if r.type in ADDRESS_TYPES and r.source.startswith("hosts.") and sets[r.name, r.type, r.source] == 1}


def single_address_name(record: PlannedRecord, plan: DomainPlan, component: str) -> str | None:
    """Before 2026-11-27 (commit 717dd4a) a host's only A or AAAA record was named without its address
    (`domain-www-a`); it now always carries it (`domain-www-a-192-0-2-10`). Hosts whose labels fold alike
    (`eu-api`, `eu.api`) share that old name: only the one whose label is written in slug form gets it, and
    none does when no label or several are (as for their keys, launchready.core.plan.folding)."""
    keys, name = legacy_keys(plan), record_identity(record)
    if name not in keys:
        return None
    group = [r for r in plan.records if keys.get(record_identity(r)) == keys[name]]
    if len(group) > 1 and plain_member(group, record_identity,
                                       lambda r: (written_label(r.name, plan.zone),)) != name:
        return None
    return f"{component}-{keys[name]}"


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
