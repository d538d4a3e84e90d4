"""A stack read, validated and planned: what every command that reads a stack starts from.

Importing this module is cheap (commands import it at start-up); the models load on the first call.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from launchready.core.plan import DomainPlan
    from launchready.core.spec import Stack


class StackPlan(NamedTuple):
    """The stack as read (its name, source and spec) and the plan made from it."""

    stack: Stack
    plan: DomainPlan


def load_plan(stack: str | None, stack_file: Path | None, project_dir: Path) -> StackPlan:
    """Read and validate the stack named by --stack or --stack-file, then plan it."""
    from launchready.core.plan import build_plan
    from launchready.core.spec import load_stack, stack_path

    loaded = load_stack(stack_path(stack, stack_file, project_dir))
    return StackPlan(loaded, build_plan(loaded.spec, loaded.name))
