"""Everything the DNSSEC and delegation judges need, asked at once: the parent's DS and NS sets, each
authoritative server's DNSKEY, SOA, NS and declared names with DO=1 (and the SOA over TCP), and the
apex SOA at each validating resolver. One round trip when the servers are given; the parent's and the
zone's servers are discovered concurrently when they are not.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import dns.name

from launchready.core.findings import Finding, failed
from validators.context import CheckContext
from validators.dns import bounded, run_budget
from validators.dns.expect import expectations
from validators.dns.servers import default_resolvers, discover
from validators.dnssec.delegation import ns_names
from validators.dnssec.query import Asker, Reply
from validators.dnssec.resolvers import validating_resolvers
from validators.endpoints import Endpoint

MAX_PARENT_SERVERS = 4
"""Discovered parent servers asked at once (a TLD has up to 13; one answer is enough)."""


@dataclass(frozen=True)
class ServerView:
    """What one authoritative server said, with DO=1."""

    server: Endpoint
    dnskey: Reply
    soa: Reply
    ns: Reply
    soa_tcp: Reply
    names: tuple[Reply, ...] = ()

    @property
    def replies(self) -> tuple[Reply, ...]:
        return (self.dnskey, self.soa, self.ns, *self.names)


@dataclass(frozen=True)
class ParentView:
    """The parent's servers, how they were found, and their answers (None: not asked)."""

    zone: str
    servers: tuple[Endpoint, ...]
    given: bool
    ds: tuple[Reply, ...] = ()
    ns: tuple[Reply, ...] = ()

    def first(self, replies: tuple[Reply, ...], *, referral: bool = False) -> Reply | None:
        """The first authoritative answer (or, for NS, referral): one parent server's word is the registry's."""
        return next((r for r in replies if r.answered and (r.authoritative or referral and r.find("NS"))), None)


@dataclass(frozen=True)
class Evidence:
    zone: str
    parent: ParentView
    servers: tuple[ServerView, ...]
    validating: tuple[Reply, ...]
    preamble: tuple[Finding, ...] = ()
    probes: tuple[tuple[str, Reply], ...] = ()
    """(name, SOA reply) for each server only the parent lists, asked at its glue address."""


def parent_of(zone: str) -> str:
    return dns.name.from_text(zone).parent().to_text(omit_final_dot=True) or "."


async def parent_view(ctx: CheckContext, ask: Asker) -> ParentView:
    zone, parent = ctx.plan.zone, parent_of(ctx.plan.zone)
    servers, given = ctx.parent, bool(ctx.parent)
    if not servers:
        found, _ = await discover(parent, ctx.resolvers or default_resolvers(False), bounded(ctx, *run_budget(ctx)))
        servers = found[:MAX_PARENT_SERVERS]
    ds = asyncio.gather(*(ask(s, zone, "DS") for s in servers))
    ns = asyncio.gather(*(ask(s, zone, "NS") for s in servers))
    ds_replies, ns_replies = await asyncio.gather(ds, ns)
    return ParentView(parent, servers, given, tuple(ds_replies), tuple(ns_replies))


async def server_view(ctx: CheckContext, ask: Asker, server: Endpoint) -> ServerView:
    zone = ctx.plan.zone
    declared = sorted({(e.name, e.rdtype) for e in expectations(ctx.plan)})
    core = asyncio.gather(ask(server, zone, "DNSKEY"), ask(server, zone, "SOA"), ask(server, zone, "NS"),
                          ask(server, zone, "SOA", tcp=True))
    named = asyncio.gather(*(ask(server, name, rdtype) for name, rdtype in declared))
    (dnskey, soa, ns, soa_tcp), names = await asyncio.gather(core, named)
    return ServerView(server, dnskey, soa, ns, soa_tcp, tuple(names))


async def authoritative(ctx: CheckContext) -> tuple[tuple[Endpoint, ...], tuple[Finding, ...]]:
    """--authoritative, or the zone's servers from its NS records (as the dns family finds them)."""
    if ctx.authoritative:
        return ctx.authoritative, ()
    found, _ = await discover(ctx.plan.zone, ctx.resolvers or default_resolvers(False),
                              bounded(ctx, *run_budget(ctx)), port=ctx.nameserver_port)
    if found:
        return found, ()
    return (), (failed("dnssec.nameservers", ctx.plan.zone, "no nameserver of the zone was found (see "
                       "dns.ns_discovery), so its keys and signatures were not checked; pass --authoritative",
                       warning=True, type="DNSKEY"),)


async def servers_part(ctx: CheckContext, ask: Asker) -> tuple[tuple[ServerView, ...], tuple[Finding, ...]]:
    servers, preamble = await authoritative(ctx)
    views = await asyncio.gather(*(server_view(ctx, ask, server) for server in servers))
    return tuple(views), preamble


async def gather(ctx: CheckContext) -> Evidence:
    """Every question of one pass, concurrently (nothing cached: each pass asks afresh)."""
    ask = Asker(ctx)
    resolvers = asyncio.gather(*(ask(r, ctx.plan.zone, "SOA", recursive=True) for r in validating_resolvers(ctx)))
    parent, (views, preamble), validating = await asyncio.gather(parent_view(ctx, ask), servers_part(ctx, ask),
                                                                 resolvers)
    probes = await parent_only(ctx, ask, parent, views)
    return Evidence(ctx.plan.zone, parent, views, tuple(validating), preamble, probes)


async def parent_only(ctx: CheckContext, ask: Asker, parent: ParentView,
                      views: tuple[ServerView, ...]) -> tuple[tuple[str, Reply], ...]:
    """Ask each server the parent lists but the zone does not, at its glue address (port as for discovered
    nameservers), whether it still serves the zone: a second round trip, only when the sets differ, and
    never when no server of the zone told its own NS set."""
    referral = parent.first(parent.ns, referral=True)
    own = set().union(*(ns_names(v.ns, ctx.plan.zone) for v in views if v.ns.answered))
    if referral is None or not own:  # the zone's own NS set unknown (its servers did not answer): not empty
        return ()
    extra = ns_names(referral, ctx.plan.zone) - own
    glue = referral.glue()
    targets = [(name, Endpoint(address, ctx.nameserver_port)) for name in sorted(extra)
               for address in glue.get(name, ())]
    replies = await asyncio.gather(*(ask(endpoint, ctx.plan.zone, "SOA") for _, endpoint in targets))
    return tuple((name, reply) for (name, _), reply in zip(targets, replies, strict=True))
