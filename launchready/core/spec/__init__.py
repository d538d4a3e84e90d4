"""The product-domain spec: models, the rules that read the spec alone, and the stack-file reader.
Reading a whole stack (spec, plan, and the checks on the plan) is launchready.core.stack."""

from launchready.core.spec.loading import parse_spec, stack_path
from launchready.core.spec.models import DomainSpec

__all__ = ["DomainSpec", "parse_spec", "stack_path"]
