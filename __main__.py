"""The Pulumi program: this stack's `launchready:domain` config becomes one ProductDomain.

The config is read and validated here, once; the components only ever see the frozen plan.
"""

from __future__ import annotations

import pulumi

from components import ProductDomain
from components.operations import build_operations
from launchready.errors import SpecError
from launchready.naming import COMPONENT_NAME
from launchready.plan import DomainPlan, build_plan
from launchready.spec import parse_spec
from launchready.spec.loading import SPEC_KEY


def load_plan() -> DomainPlan:
    """The stack's plan, or a RunError listing every problem in the spec (Pulumi prints a RunError's
    message without a stack trace)."""
    stack, key = pulumi.get_stack(), f"{pulumi.get_project()}:{SPEC_KEY}"
    raw = pulumi.Config().require_object(SPEC_KEY)
    try:
        spec = parse_spec(raw, source=f"Pulumi.{stack}.yaml", key=key)
    except SpecError as error:
        raise pulumi.RunError(error.render()) from None
    return build_plan(spec, stack)


def main() -> None:
    domain = ProductDomain(COMPONENT_NAME, load_plan(), extras=(build_operations,))
    for name, value in domain.exports.items():
        pulumi.export(name, value)


main()
