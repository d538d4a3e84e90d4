"""The product-domain spec: models, cross-key rules and the stack-file loader."""

from launchready.core.spec.loading import Stack, load_stack, parse_spec, stack_path
from launchready.core.spec.models import DomainSpec

__all__ = ["DomainSpec", "Stack", "load_stack", "parse_spec", "stack_path"]
