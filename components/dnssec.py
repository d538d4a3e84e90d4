"""DNSSEC signing by Cloudflare, and the DS record the registrar must publish (RFC 4034 §5)."""

from __future__ import annotations

import pulumi_cloudflare as cloudflare

from components.scope import DomainScope, Exports
from launchready.core.naming import dnssec_name


def build_dnssec(scope: DomainScope) -> Exports:
    """Signing starts at once; the chain of trust only holds once the registrar has the DS record.
    Plain primary zone: no `dnssec_presigned` (that is for secondary zones that transfer in)."""
    if not scope.plan.dnssec:
        return {}
    # Protected unless the spec says `dnssec_protected: false`: deleting it while the registrar still
    # publishes the DS makes every validating resolver answer SERVFAIL for the whole zone (RFC 4035
    # §5; Cloudflare "Disable DNSSEC", read 2026-11: remove the DS first, then disable).
    dnssec = cloudflare.ZoneDnssec(dnssec_name(scope.name), zone_id=scope.zone_id, status="active",
                                   opts=scope.opts(protect=scope.plan.dnssec_protected))
    return {"ds_record": dnssec.ds}
