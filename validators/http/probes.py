"""The requests the http family makes, all at once: three redirect chains per web host and one hop per
legacy redirect. Probing and judging are separate, so the rules are tested on recorded chains too."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from launchready.core.plan import RedirectRule, WebHost
from validators.context import CheckContext
from validators.web.fetch import Chain, Fetch, FetchOnce, Hop, fetch, follow
from validators.web.policy import plan_scope
from validators.web.routing import probe_client, probe_tls_context


@dataclass(frozen=True)
class HostProbes:
    """What one web host answered: http://H + probe path, https://H + probe path, and https://H/."""

    host: WebHost
    plain: Chain
    secure: Chain
    root: Chain

    @property
    def chains(self) -> tuple[Chain, ...]:
        return (self.plain, self.secure, self.root)


@dataclass(frozen=True)
class LegacyProbe:
    """The first answer to a legacy URL (with the probe query appended)."""

    rule: RedirectRule
    hop: Hop


def probe_query(ctx: CheckContext) -> str:
    return httpx.URL(ctx.probe_path).query.decode()


async def probe_host(client: httpx.AsyncClient, ctx: CheckContext, host: WebHost,
                     fetcher: Fetch = fetch) -> HostProbes:
    name, scope = host.fqdn, plan_scope(ctx.plan)
    async with ctx.host_slot():
        plain, secure, root = await asyncio.gather(*(
            follow(client, url, ctx.budget, ctx.connect_to, scope=scope, fetcher=fetcher)
            for url in (f"http://{name}{ctx.probe_path}", f"https://{name}{ctx.probe_path}", f"https://{name}/")))
    return HostProbes(host, plain, secure, root)


async def probe_legacy(client: httpx.AsyncClient, ctx: CheckContext, rule: RedirectRule,
                       fetcher: Fetch = fetch) -> LegacyProbe:
    query = probe_query(ctx)
    url = f"https://{rule.host}{rule.source_path}" + (f"?{query}" if query else "")
    async with ctx.host_slot():
        return LegacyProbe(rule, await fetcher(client, url, ctx.budget(), ctx.connect_to))


async def run_probes(ctx: CheckContext) -> tuple[list[HostProbes], list[LegacyProbe]]:
    """Every probe of the run, concurrently, through one client (its pool bounds the connections); a
    URL that several chains reach is fetched once (validators.web.fetch.FetchOnce)."""
    tls = probe_tls_context(str(ctx.ca_bundle) if ctx.ca_bundle else None)
    once = FetchOnce()
    async with probe_client(ctx.connect_to, tls, ctx.timeout) as client:
        hosts = [probe_host(client, ctx, host, once) for host in ctx.plan.web_hosts]
        legacy = [probe_legacy(client, ctx, rule, once) for rule in ctx.plan.redirects if rule.kind == "legacy"]
        host_results, legacy_results = await asyncio.gather(asyncio.gather(*hosts), asyncio.gather(*legacy))
    return list(host_results), list(legacy_results)
