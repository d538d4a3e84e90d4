"""Thin Pulumi components that turn a `launchready.core.plan.DomainPlan` into Cloudflare resources.

Only `__main__.py` reads stack config; nothing here reads config or the environment.
"""

from components.domain import BUILDERS, ProductDomain
from components.scope import ChildBuilder, DomainScope, Exports

__all__ = ["BUILDERS", "ChildBuilder", "DomainScope", "Exports", "ProductDomain"]
