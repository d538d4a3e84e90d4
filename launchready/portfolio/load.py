"""Load and plan every stack of a run. A stack that fails is kept with its message (exit code 2 for
that stack) so the others still run; two stacks declaring one zone are both refused, naming both files."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from launchready.core.errors import InputError
from launchready.portfolio.targets import StackTarget

if TYPE_CHECKING:
    from launchready.core.plan import DomainPlan
    from launchready.core.stack import Stack


@dataclass(frozen=True)
class Loaded:
    """One stack of the run: planned, or the bad-input message that stopped it."""

    target: StackTarget
    stack: Stack | None = None
    plan: DomainPlan | None = None
    problem: str | None = None

    @property
    def zone(self) -> str | None:
        return self.plan.zone if self.plan is not None else None


def load_one(target: StackTarget) -> Loaded:
    from launchready.core.plan import build_plan
    from launchready.core.stack import load_stack

    try:
        stack = load_stack(target.path)
        return Loaded(target, stack, build_plan(stack.spec, stack.name))
    except InputError as exc:
        return Loaded(target, problem=f"error: {exc}")


def load_all(targets: tuple[StackTarget, ...]) -> list[Loaded]:
    """Every stack loaded and planned; duplicate zones refused (Cloudflare has one zone per name in an
    account, so two stacks declaring it would fight over the same records)."""
    return refuse_shared_zones([load_one(target) for target in targets])


def refuse_shared_zones(loaded: list[Loaded]) -> list[Loaded]:
    holders: dict[str, list[Loaded]] = defaultdict(list)
    for item in loaded:
        if item.zone is not None:
            holders[item.zone].append(item)
    clashes = {id(item): group for group in holders.values() if len(group) > 1 for item in group}
    return [shared_zone(item, clashes[id(item)]) if id(item) in clashes else item for item in loaded]


def shared_zone(item: Loaded, group: list[Loaded]) -> Loaded:
    others = ", ".join(str(other.target.path) for other in group if other is not item)
    return replace(item, plan=None, problem=f"error: {item.target.path}: zone {item.zone} is also declared by "
                   f"{others}; each zone belongs to one stack: rename the zone in one of the files or drop one "
                   "of them from the run")
