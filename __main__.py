"""The Pulumi program: this stack's `launchready:domain` config becomes one ProductDomain.

The config is read and validated here, once; the components only ever see the frozen plan.
"""

from __future__ import annotations

from pathlib import Path

import pulumi

from components import ProductDomain
from components.operations import build_operations
from launchready.core.errors import InputError, SpecError
from launchready.core.inputs import STACK_FILE, read_text
from launchready.core.naming import COMPONENT_NAME
from launchready.core.plan import DomainPlan, build_plan
from launchready.core.spec import parse_spec
from launchready.core.spec.lines import with_lines
from launchready.core.spec.loading import SPEC_KEY


def load_plan() -> DomainPlan:
    """The stack's plan, or a RunError listing every problem in the spec (Pulumi prints a RunError's
    message without a stack trace)."""
    stack, key = pulumi.get_stack(), f"{pulumi.get_project()}:{SPEC_KEY}"
    raw = pulumi.Config().require_object(SPEC_KEY)
    stack_file = Path(f"Pulumi.{stack}.yaml")
    try:
        spec = parse_spec(raw, source=stack_file.name, key=key)
    except SpecError as error:
        raise pulumi.RunError(located(error, stack_file).render()) from None
    return build_plan(spec, stack)


def located(error: SpecError, stack_file: Path) -> SpecError:
    """The problems with their lines in the stack file, when it is in the project directory (where
    `pulumi up` runs the program); config from elsewhere (an ESC environment) keeps bare key paths."""
    try:
        return with_lines(error, read_text(stack_file, STACK_FILE))
    except InputError:
        return error


def main() -> None:
    domain = ProductDomain(COMPONENT_NAME, load_plan(), extras=(build_operations,))
    for name, value in domain.exports.items():
        pulumi.export(name, value)


main()
