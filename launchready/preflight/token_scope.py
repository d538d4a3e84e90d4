"""What a Cloudflare API token may do, judged against what the stack needs (pure; no network).

A token's policies (GET /user/tokens/{id}, Cloudflare API "Token Details", read 2026-11) each allow
or deny permission groups on resources: `com.cloudflare.api.account.zone.<id>` is one zone,
`com.cloudflare.api.account.zone.*` every zone of every account, `com.cloudflare.api.account.<id>`
mapped to `{"com.cloudflare.api.account.zone.*": "*"}` every zone of that account, and mapped to
`"*"` the account itself. The permission groups a stack needs are the README's "Going to production"
step 3 list (API names, read 2026-11), by the spec's features; Read groups of the same resources, and
"API Tokens Read" (which lets preflight read the token's own policies), are allowed beside them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from launchready.core.spec.models import DomainSpec

ZONE_PREFIX = "com.cloudflare.api.account.zone."
ACCOUNT_PREFIX = "com.cloudflare.api.account."
BASE_GROUPS = ("Zone Read", "DNS Write", "Zone Settings Write", "Dynamic URL Redirects Write",
               "Cache Settings Write")
INTROSPECTION = "API Tokens Read"
GROUP_NAME = re.compile(r"[\w .,()/&+-]{1,80}")
"""Permission-group names are shown in findings: anything else from the API is not echoed."""


@dataclass(frozen=True)
class Scope:
    """The zones and permission groups a token's allow policies grant."""

    zone_ids: frozenset[str]
    all_zones: str | None
    """"every zone of every account" or "every zone of account <id>" when a wildcard grants zones."""
    accounts: frozenset[str]
    groups: frozenset[str]


def needed_groups(spec: DomainSpec) -> tuple[str, ...]:
    groups = list(BASE_GROUPS)
    if spec.rate_limits:
        groups.append("Zone WAF Write")
    if spec.monitoring is not None:
        groups += ["Health Checks Write", "Notifications Write"]
    if spec.zone.mode == "create":
        groups.append("Zone Write")
    return tuple(groups)


def allowed(group: str, needed: Sequence[str]) -> bool:
    """A needed group, its Read twin, or the introspection group (case-insensitive, as the API's names)."""
    names = {name.lower() for name in needed} | {name.lower().replace(" write", " read") for name in needed}
    return group.lower() in names | {INTROSPECTION.lower()}


def resource_scope(key: str, value: Any) -> tuple[set[str], str | None, set[str]]:
    """(zone ids, all-zones description, accounts) granted by one resource entry."""
    if key == f"{ZONE_PREFIX}*":
        return set(), "every zone of every account", set()
    if key.startswith(ZONE_PREFIX):
        return {key.removeprefix(ZONE_PREFIX)}, None, set()
    if key.startswith(ACCOUNT_PREFIX):
        account = key.removeprefix(ACCOUNT_PREFIX)
        if isinstance(value, Mapping):
            nested = [resource_scope(k, v) for k, v in value.items()]
            zones = set().union(*(n[0] for n in nested)) if nested else set()
            wide = any(n[1] for n in nested)
            return zones, (f"every zone of account {account}" if wide else None), set()
        return set(), None, {account}
    return set(), None, set()


def scope_of(policies: Sequence[Any]) -> Scope:
    zones: set[str] = set()
    accounts: set[str] = set()
    groups: set[str] = set()
    wide: str | None = None
    for policy in policies:
        if not isinstance(policy, Mapping) or policy.get("effect") != "allow":
            continue
        resources = policy.get("resources")
        for key, value in (resources.items() if isinstance(resources, Mapping) else ()):
            more, everywhere, owners = resource_scope(str(key), value)
            zones |= more
            accounts |= owners
            wide = wide or everywhere
        for group in policy.get("permission_groups") or ():
            name = group.get("name") if isinstance(group, Mapping) else None
            if isinstance(name, str):
                groups.add(name if GROUP_NAME.fullmatch(name) else "(a permission group with an unusual name)")
    return Scope(frozenset(zones), wide, frozenset(accounts), frozenset(groups))


def extra_groups(scope: Scope, spec: DomainSpec) -> list[str]:
    needed = needed_groups(spec)
    return sorted(group for group in scope.groups if not allowed(group, needed))


def token_advice(spec: DomainSpec) -> str:
    """What token to make instead: one zone, the groups the stack needs."""
    account = " and, on the account, Zone Write" if spec.zone.mode == "create" else ""
    return (f"make a custom token limited to the zone {spec.zone.name} (Zone Resources: Include › Specific zone) "
            f"with {', '.join(needed_groups(spec))}{account}, plus API Tokens Read if preflight should check it")
