"""Load and plan every stack of a run. A stack that fails is kept with its message (exit code 2 for
that stack) so the others still run; two stacks declaring one zone are both refused, naming both files."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
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
        if self.plan is not None:
            return self.plan.zone
        return self.stack.spec.zone.name if self.stack is not None else None


def load_one(target: StackTarget) -> Loaded:
    from launchready.core.plan import build_plan
    from launchready.core.stack import load_stack

    if target.problem:
        return Loaded(target, problem=target.problem)
    try:
        stack = load_stack(target.path)
        return Loaded(target, stack, build_plan(stack.spec, stack.name))
    except InputError as exc:
        return Loaded(target, problem=f"error: {exc}")


def load_all(targets: tuple[StackTarget, ...]) -> list[Loaded]:
    """Every stack loaded and planned; duplicate zones refused (Cloudflare has one zone per name in an
    account, so two stacks declaring it would fight over the same records)."""
    return refuse_shared_zones([load_one(target) for target in targets])


def load_unplanned(targets: tuple[StackTarget, ...]) -> list[Loaded]:
    """Every stack as a file, read for its zone when its spec is valid, for a command that judges the file
    itself (preflight: an invalid spec is its failed check, not bad input); two stacks declaring one zone
    are refused as in load_all."""
    return refuse_shared_zones([read_one(target) for target in targets])


def read_one(target: StackTarget) -> Loaded:
    from launchready.core.stack import load_stack

    if target.problem:  # an unreadable project: bad input, not a spec for preflight to judge
        return Loaded(target, problem=target.problem)
    try:
        return Loaded(target, load_stack(target.path))
    except InputError:
        return Loaded(target)


def refuse_shared_zones(loaded: list[Loaded]) -> list[Loaded]:
    problems = shared_zones([(item.target.path, item.zone) for item in loaded])
    return [replace(item, plan=None, problem=problems[i]) if i in problems else item
            for i, item in enumerate(loaded)]


def shared_zones(held: list[tuple[Path, str | None]]) -> dict[int, str]:
    """For each stack file (by its place in `held`) whose zone another file of the run also declares, the
    message refusing it, naming the others: one home for the rule whatever a command reads the zone from
    (a plan, or the raw file `email ses` edits before the stack can plan)."""
    holders: dict[str, list[int]] = defaultdict(list)
    for i, (_, zone) in enumerate(held):
        if zone is not None:
            holders[zone].append(i)
    return {i: shared_zone(held[i], [held[j][0] for j in group if j != i])
            for group in holders.values() if len(group) > 1 for i in group}


def shared_zone(item: tuple[Path, str | None], others: list[Path]) -> str:
    path, zone = item
    return (f"error: {path}: zone {zone} is also declared by {', '.join(str(other) for other in others)}; each "
            "zone belongs to one stack: rename the zone in one of the files or drop one of them from the run")
