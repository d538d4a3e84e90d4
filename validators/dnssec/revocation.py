"""A DS at the parent that points at a revoked key (RFC 5011 §2.1: DNSKEY flag REVOKE, 0x0080).

A revoked key may no longer be used to validate anything but the DNSKEY set's signature announcing its
revocation, so a DS that needs it completes no chain of trust. Setting the bit changes the key tag and
the DS digest (RFC 5011 §7): the DS the registrar holds from before the revocation matches no published
key at all, and every validating resolver answers SERVFAIL. The way out is a key rollover finished at the
registrar: publish the current key's DS, then remove the old one (RFC 6781 §4.1.2).
"""

from __future__ import annotations

import dns.rdtypes.ANY.DS

from launchready.core.findings import Finding, failed


def revoked_what(ds: dns.rdtypes.ANY.DS.DS, revoked_tag: int) -> str:
    """What the DS points at, and what validating resolvers make of it."""
    if ds.key_tag == revoked_tag:
        return f"key tag {revoked_tag}, which the zone has revoked (REVOKE flag set): RFC 5011 §2.1 forbids " \
            "validating resolvers to use it (some still do; do not rely on them)"
    return f"key tag {ds.key_tag} as it was before the zone revoked it (now key tag {revoked_tag}, REVOKE flag " \
        "set; RFC 5011 §7): it matches no key the zone publishes"


def revoked_ds_finding(zone: str, line: str, ds: dns.rdtypes.ANY.DS.DS, revoked_tag: int,
                       complete: bool) -> Finding:
    """dnssec.ds for a DS of a revoked key: harmless beside a DS that completes the chain, else the outage."""
    what = revoked_what(ds, revoked_tag)
    if complete:
        return failed("dnssec.ds", zone, f"the parent also holds {line}, the DS of {what}; another DS completes "
                      "the chain of trust, so validation works. Remove this one at the registrar", warning=True,
                      type="DS", observed=line, expected="only DS records of keys that sign the DNSKEY set")
    return failed("dnssec.ds", zone, f"the parent's DS {line} points at {what}: it completes no chain of "
                  "trust. Publish the DS of the current key at the registrar (see dnssec.state), "
                  "then remove this one", type="DS", observed=line, expected="the DS of a key that is not revoked")


def revoked_state(zone: str, advice: str, expected: str | None, observed: list[str]) -> Finding:
    """dnssec.state when the only DS records that name a key of the zone name a revoked one."""
    return failed("dnssec.state", zone, "the parent's DS points at a key the zone has revoked (REVOKE flag, "
                  "RFC 5011; see dnssec.ds): validating resolvers treat the zone as bogus and answer SERVFAIL. "
                  f"Publish the DS of the current key at the registrar: {advice}; then remove the old DS",
                  type="DS", expected=expected, observed=observed)
