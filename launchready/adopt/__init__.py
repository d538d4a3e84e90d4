"""Adopt a zone that already holds records: match them with the plan, write a Pulumi import file for
the ones the component will manage, and list the rest with a spec snippet (nothing dropped silently)."""

from launchready.adopt.match import match
from launchready.adopt.model import Adoption, ExistingRecord, ExistingRuleset, ExistingZone

__all__ = ["Adoption", "ExistingRecord", "ExistingRuleset", "ExistingZone", "match"]
