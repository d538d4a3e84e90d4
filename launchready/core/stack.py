"""A stack, read in three stages: the spec is validated, then planned, then the plan is checked.

1. The models (launchready.core.spec.models): structure and types, every name and target normalised
   as it is read. A spec they refuse stops here, with every structural problem: it never reaches
   the planner, which can therefore trust every value it is given.
2. The planner (launchready.core.plan.build_plan), pure, on the typed spec.
3. The rules: those that read the spec alone (launchready.core.spec.rules) and those over the planned
   records (launchready.core.plan.checks: CNAME conflicts, duplicate records, SPF as published...),
   reported together by the key path that produced each value.

Problems come out the same way at every stage: one SpecError, each problem with its key path and,
when the stack file is known, its line. Importing this module is cheap (commands import it at
start-up); the models load on the first call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from launchready.core.inputs.yamldoc import YamlDocument
    from launchready.core.plan import DomainPlan
    from launchready.core.spec import DomainSpec


@dataclass(frozen=True)
class Stack:
    """A parsed stack: its name, where it came from, the accepted spec and its plan."""

    name: str
    path: Path
    spec: DomainSpec
    plan: DomainPlan


class Accepted(NamedTuple):
    """A spec that passed every stage, and its plan."""

    spec: DomainSpec
    plan: DomainPlan


class StackPlan(NamedTuple):
    """What a command starts from: the stack as read and the plan made from it."""

    stack: Stack
    plan: DomainPlan


def accept(data: Any, source: str = "spec", key: str = "launchready:domain", stack: str = "") -> Accepted:
    """The three stages on a stack's `launchready:domain` value; raises SpecError with every structural
    problem, or else with every problem the rules find."""
    from launchready.core.errors import SpecError
    from launchready.core.plan import build_plan
    from launchready.core.plan.checks import plan_problems
    from launchready.core.spec.loading import redacted, typed_spec
    from launchready.core.spec.rules import spec_problems

    spec = typed_spec(data, source=source, key=key)
    plan = build_plan(spec, stack)
    problems = spec_problems(spec) + plan_problems(plan, spec)
    if problems:
        raise SpecError(source, redacted(problems, data), key)
    return Accepted(spec, plan)


def load_stack(path: Path) -> Stack:
    """Read, validate and plan a stack file; raises InputError or SpecError (exit code 2 at the CLI)."""
    from launchready.core.spec.loading import SPEC_KEY, project_name, read_stack_document, stack_name

    key, name = f"{project_name(path)}:{SPEC_KEY}", stack_name(path)
    spec, plan = accept_document(read_stack_document(path), str(path), key, name)
    return Stack(name=name, path=path, spec=spec, plan=plan)


def accept_document(document: YamlDocument, source: str, key: str, stack: str) -> Accepted:
    """The stages on a stack file as read; a SpecError carries the stack file's line of each problem."""
    from launchready.core.errors import SpecError
    from launchready.core.spec.lines import with_lines
    from launchready.core.spec.loading import raw_spec

    data = raw_spec(Path(source), document.data, key)
    try:
        return accept(data, source, key, stack)
    except SpecError as error:
        raise with_lines(error, document.root) from None


def load_stack_text(text: str, source: str, project: str, stack: str) -> Accepted:
    """A stack file's text read from elsewhere (a git revision, for `launchready diff`), accepted and planned;
    `source` names it in messages. Raises InputError or SpecError like load_stack."""
    from launchready.core.inputs.yamldoc import load_yaml
    from launchready.core.spec.loading import SPEC_KEY

    return accept_document(load_yaml(text, source), source, f"{project}:{SPEC_KEY}", stack)


def load_plan(stack: str | None, stack_file: Path | None, project_dir: Path) -> StackPlan:
    """The stack named by --stack or --stack-file, read, validated and planned."""
    from launchready.core.spec import stack_path

    loaded = load_stack(stack_path(stack, stack_file, project_dir))
    return StackPlan(loaded, loaded.plan)
