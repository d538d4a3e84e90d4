"""Unique resource names and rule refs when `slug` folds several written forms into one key.

`slug` folds "eu.api", "eu-api" and "eu_api" (or "/blog" and "/blog/") into one key, and a resource name or
a ruleset rule ref must be unique: Pulumi tells resources apart by URN, which holds the name
(https://www.pulumi.com/docs/iac/concepts/resources/names/#urns), and Cloudflare refuses a ruleset with two
rules of one ref (read 2026-11). A resource whose name changes is created anew before the old one is
deleted unless it carries an alias (https://www.pulumi.com/docs/iac/concepts/options/aliases/); for a DNS
record Cloudflare refuses that create (81058), so `pulumi up` fails half-way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

from pydantic import BaseModel

from launchready.core.plan.records import short_hash, slug

Keyed = TypeVar("Keyed", bound=BaseModel)
Identity = Callable[[Keyed], str]
Written = Callable[[Keyed], tuple[str, ...]]


def is_plain(part: str) -> bool:
    """`part` as written is already its own slug (`eu-api`, `health`), or empty (the path `/`)."""
    return part in ("", slug(part))


def suffixed(key: str, identity: str, sep: str) -> str:
    return f"{key}{sep}{short_hash(identity)}"


def plain_member(group: Sequence[Keyed], identity: Identity[Keyed], written: Written[Keyed]) -> str | None:
    """The identity in `group` (values sharing one key) that keeps the key: the only one written in plain
    form. A part every member writes alike does not tell them apart, so it counts as plain. None when no
    member, or more than one, is plain: then nothing tells which one had the key alone before."""
    forms = {identity(value): written(value) for value in group}
    columns = list(zip(*forms.values(), strict=True))
    shared = [len(set(column)) == 1 for column in columns]
    plain = [name for name, form in forms.items()
             if all(alike or is_plain(part) for alike, part in zip(shared, form, strict=True))]
    return plain[0] if len(plain) == 1 else None


def keepers(values: Sequence[Keyed], field: str, identity: Identity[Keyed],
            written: Written[Keyed]) -> dict[str, str | None]:
    """key → the identity that keeps it, for each key that values of several identities share."""
    groups: dict[str, list[Keyed]] = defaultdict(list)
    for value in values:
        groups[getattr(value, field)].append(value)
    return {key: plain_member(group, identity, written) for key, group in groups.items()
            if len({identity(value) for value in group}) > 1}


def distinct_keys(values: tuple[Keyed, ...], field: str, identity: Identity[Keyed], written: Written[Keyed],
                  sep: str = "-") -> tuple[Keyed, ...]:
    """`values` with `field` unique. In a group sharing a key, the one member written in plain form keeps the
    key (`eu-api` beside `eu.api`, `/blog` beside `/blog/`): adding a fold-alike to a spec then never renames
    the resource that was there, which Pulumi would replace (create first, then delete). Every other member
    gets a hash of its identity appended. When no member is plain (`eu.api` beside `eu_api`), or several are
    (two values at one name), every member is suffixed: without the stack's history nothing tells which one
    had the key alone, and a suffix for all keeps the names independent of order and unchanged when more
    fold-alikes, plain or not, are added. Values with one identity (duplicates the spec rules report) keep
    their key. `written` gives each value's parts as written, before `slug`, in a fixed order."""
    kept = keepers(values, field, identity, written)

    def unique(value: Keyed) -> Keyed:
        key, name = getattr(value, field), identity(value)
        if key not in kept or kept[key] == name:
            return value
        return value.model_copy(update={field: suffixed(key, name, sep)})

    return tuple(unique(value) for value in values)


def former_key(value: Keyed, values: Sequence[Keyed], field: str, identity: Identity[Keyed],
               sep: str = "-") -> str | None:
    """The suffixed key `value` had before plain members kept their key (commit 011353b to this change: every
    member of a group was suffixed), when it is the plain member of a group now; None otherwise. An alias to
    it moves a stack deployed then in state instead of replacing the resource."""
    key, name = getattr(value, field), identity(value)
    won = any(getattr(other, field) == suffixed(key, identity(other), sep)
              for other in values if identity(other) != name)
    return suffixed(key, name, sep) if won else None
