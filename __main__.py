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
from launchready.core.plan import DomainPlan
from launchready.core.spec.lines import with_lines
from launchready.core.spec.loading import SPEC_KEY
from launchready.core.stack import accept


def load_plan() -> DomainPlan:
    """The stack's plan, or a RunError listing every problem in the spec (Pulumi prints a RunError's
    message without a stack trace)."""
    stack, key = pulumi.get_stack(), f"{pulumi.get_project()}:{SPEC_KEY}"
    # The engine decrypts `secure:` values nested in structured config before the program reads it,
    # and require_object returns them in plain text (pulumi/pulumi#7127). The plan never prints them,
    # and every credential-bearing input (monitoring.webhook_url) is passed to its resource as
    # pulumi.Output.secret (components/operations.py), so state holds it encrypted.
    raw = pulumi.Config().require_object(SPEC_KEY)
    stack_file = Path(f"Pulumi.{stack}.yaml")
    try:
        return accept(raw, source=stack_file.name, key=key, stack=stack)[1]
    except SpecError as error:
        raise pulumi.RunError(located(error, stack_file).render()) from None


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
