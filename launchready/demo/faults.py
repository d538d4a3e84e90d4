"""The breaks `launchready demo --fault NAME` can put into the sandbox, and the finding each one must raise.

Each fault changes one part of the sandbox, as the break would happen in the real world:
- the resolvers (a stale cache, an origin leak), through the loopback DNS server's faults;
- the edge (redirects, HSTS, the certificate), through the sandbox edge's faults;
- the published zone (records edited by hand after `pulumi up`), through a drifted copy of the plan;
- the chain of trust (the registrar's DS and NS sets, the zone's signatures), through the sandbox's parent
  zone and signed child (launchready.sandbox.dns_chain, faults of the same names).
The validator always judges against the stack's own plan, never the drifted copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from launchready.core.errors import InputError


class Where(StrEnum):
    """Which part of the sandbox a fault breaks."""

    RESOLVER = "resolver"
    ZONE = "zone"
    EDGE = "edge"
    CHAIN = "chain"  # the parent's DS and NS sets, and the zone's signatures (launchready.sandbox.dns_chain)


@dataclass(frozen=True)
class DemoFault:
    name: str
    where: Where
    explanation: str
    finding: str
    """The check id that must report the break (an error)."""


FAULTS: tuple[DemoFault, ...] = (
    DemoFault("stale-resolver", Where.RESOLVER, "one resolver still serves the zone as it was before the plan",
              "dns.stale"),
    DemoFault("origin-leak", Where.ZONE, "one proxied name lost its orange cloud and answers with the origin",
              "dns.origin_leak"),
    DemoFault("www-first", Where.EDGE, "http:// on the non-canonical host jumps straight to the canonical host",
              "http.https_redirect"),
    DemoFault("no-hsts", Where.EDGE, "HTTPS responses carry no Strict-Transport-Security header", "http.hsts"),
    DemoFault("expired-cert", Where.EDGE, "the edge presents a certificate that expired yesterday", "tls.expiry"),
    DemoFault("spf-over-limit", Where.ZONE, "hand-added includes push an SPF record past 10 DNS lookups",
              "email.spf.lookups"),
    DemoFault("missing-dkim", Where.ZONE, "a DKIM key record was deleted from the zone", "email.dkim.record"),
    DemoFault("stale-ds", Where.CHAIN, "the registrar still publishes the old provider's DS record", "dnssec.ds"),
    DemoFault("expired-signatures", Where.CHAIN, "the zone's signatures expired yesterday", "dnssec.rrsig"),
    DemoFault("ds-without-signing", Where.CHAIN, "the DS and the keys are published, but no record is signed",
              "dnssec.rrsig"),
    DemoFault("unsigned-with-ds", Where.CHAIN, "DNSSEC was turned off while the parent still holds the DS",
              "dnssec.state"),
    DemoFault("parent-ns-mismatch", Where.CHAIN, "the registrar lists an old name server instead of one of "
              "Cloudflare's", "dns.delegation.ns"),
    DemoFault("applinks-redirect", Where.EDGE, "the apex-to-www redirect also moves the app-link files",
              "mobile.app_links.status"),
    DemoFault("applinks-wrong-type", Where.EDGE, "the app-link files are served as text/plain",
              "mobile.app_links.content_type"),
    DemoFault("applinks-missing-app", Where.EDGE, "the app-link files name another app and certificate",
              "mobile.app_links.apps"),
    DemoFault("mixed-content", Where.EDGE, "landing pages load a script and an image over http://",
              "mobile.mixed_content"),
    DemoFault("no-compression", Where.EDGE, "text responses come back uncompressed", "mobile.compression"),
    DemoFault("callback-offhost", Where.EDGE, "the sign-in callback redirects to another site",
              "mobile.callback.offhost"),
)
BY_NAME = {fault.name: fault for fault in FAULTS}


def parse_faults(names: list[str] | None) -> tuple[DemoFault, ...]:
    """--fault values (repeatable, comma-separated too) in the catalogue's order; unknown names are bad input."""
    wanted = {part.strip().lower() for name in names or () for part in name.split(",") if part.strip()}
    unknown = sorted(wanted - BY_NAME.keys())
    if unknown:
        raise InputError(f"--fault {', '.join(unknown)}: unknown fault; choose from {', '.join(BY_NAME)}")
    return tuple(fault for fault in FAULTS if fault.name in wanted)


def fault_help() -> str:
    """The faults as a block for --help: one line each, with the check that catches it."""
    width = max(len(fault.name) for fault in FAULTS)
    return "\n".join(f"  {fault.name:<{width}}  {fault.explanation} ({fault.finding})" for fault in FAULTS)
