"""Every handshake the tls family makes for one web host, made at once."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass

from launchready.core.plan import DomainPlan, WebHost
from validators.context import CheckContext
from validators.endpoints import route
from validators.tls.handshake import VERSION_NAMES, Handshake, handshake, only, unverified, verifying

HTTPS_PORT = 443
PLAN_VERSIONS = {"1.0": ssl.TLSVersion.TLSv1, "1.1": ssl.TLSVersion.TLSv1_1, "1.2": ssl.TLSVersion.TLSv1_2,
                 "1.3": ssl.TLSVersion.TLSv1_3}


@dataclass(frozen=True)
class HostTls:
    """A host's handshakes: the verifying one, an unverified one (for the certificate a verifying client
    rejects), and one per old version that must be refused."""

    host: WebHost
    via: str | None
    verified: Handshake
    peer: Handshake
    old: dict[str, Handshake]

    @property
    def certificate(self) -> bytes | None:
        """The leaf the server presents, from whichever handshake got one."""
        found = (self.verified, self.peer, *self.old.values())
        return next((h.der for h in found if h.der), None)

    @property
    def reached(self) -> bool:
        """A TLS conversation happened at all (not a timeout or a refused connection)."""
        return any(h.outcome in ("ok", "verify", "tls") for h in (self.verified, self.peer))


def old_versions(plan: DomainPlan) -> tuple[ssl.TLSVersion, ...]:
    """Versions the server must refuse: TLS 1.0 and 1.1 always (the launch checklist), plus anything
    below the stack's min_tls_version."""
    floor = max(PLAN_VERSIONS[plan.zone_settings.min_tls_version], ssl.TLSVersion.TLSv1_2)
    return tuple(v for v in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1, ssl.TLSVersion.TLSv1_2) if v < floor)


def clients(ctx: CheckContext) -> list[tuple[str, ssl.SSLContext]]:
    """The client contexts, built once per run and shared by every host (loading the system trust store
    takes tens of milliseconds; once per host would eat into the probes' time)."""
    versions = old_versions(ctx.plan)
    return [("verified", verifying(ctx.ca_bundle)), ("peer", unverified()),
            *((VERSION_NAMES[v], only(v)) for v in versions)]


async def probe_host(ctx: CheckContext, host: WebHost, contexts: list[tuple[str, ssl.SSLContext]]) -> HostTls:
    """The verifying handshake and the old versions at once; the unverified one only when verification
    failed (it fetches the certificate a verifying client rejects). A host whose certificate verifies
    costs one handshake less, on this machine and on the origin; one that fails costs one round trip more."""
    target = route(ctx.connect_to, host.fqdn, HTTPS_PORT)
    address, port = (target.address, target.port) if target else (host.fqdn, HTTPS_PORT)
    named_contexts = dict(contexts)
    unverified_context = named_contexts.pop("peer")
    async with ctx.host_slot():
        budget = ctx.budget()
        results = await asyncio.gather(*(handshake(address, port, host.fqdn, c, budget)
                                         for c in named_contexts.values()))
        named = dict(zip(named_contexts, results, strict=True))
        verified = named.pop("verified")
        peer = verified if verified.outcome != "verify" else await handshake(
            address, port, host.fqdn, unverified_context, ctx.budget())
    return HostTls(host, str(target) if target else None, verified, peer, named)


async def probe_all(ctx: CheckContext) -> list[HostTls]:
    contexts = clients(ctx)
    return list(await asyncio.gather(*(probe_host(ctx, host, contexts) for host in ctx.plan.web_hosts)))
