"""What every part of a ProductDomain builds from: the plan, the zone id and the component itself.

A *child builder* is a function `(scope) -> exports` that creates resources as children of the
component and returns the stack outputs it adds. ProductDomain runs its own builders (records,
settings, rulesets, DNSSEC) and then any extra ones it is given, so a later feature (health checks,
a rate-limit ruleset) is one more builder module, not an edit of the component.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pulumi

from launchready.core.plan import DomainPlan

Exports = Mapping[str, pulumi.Input[Any]]


@dataclass(frozen=True)
class DomainScope:
    """The context a child builder gets. `name` prefixes every child name (see launchready.core.naming)."""

    name: str
    plan: DomainPlan
    zone_id: pulumi.Input[str]
    parent: pulumi.Resource
    phases: set[str] = field(default_factory=set)

    def opts(self, **options: Any) -> pulumi.ResourceOptions:
        """Options for a child: always parented to the component, so it inherits its provider."""
        return pulumi.ResourceOptions(parent=self.parent, **options)

    def claim_phase(self, phase: str) -> None:
        """Record that a builder owns `phase`'s entry-point ruleset. A zone holds one per phase
        (Cloudflare API error 20217 otherwise, read 2026-11), so a second claim is a bug here."""
        if phase in self.phases:
            raise ValueError(f"{self.name}: two rulesets for phase {phase}; a zone has one entry point "
                             "per phase, so put every rule of that phase in one ruleset")
        self.phases.add(phase)


class ChildBuilder(Protocol):
    """Creates resources under `scope.parent` and returns the stack outputs they add."""

    def __call__(self, scope: DomainScope) -> Exports: ...
