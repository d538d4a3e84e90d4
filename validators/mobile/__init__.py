"""The mobile check family: what breaks a launch on phones first.

Check ids (docs/app-links.md):
- mobile.app_links.status, .content_type, .size, .json, .shape, .apps: each planned
  apple-app-site-association and assetlinks.json file;
- mobile.callback.status, mobile.callback.offhost, mobile.callback.cache: each declared sign-in callback;
- mobile.mixed_content: http:// loads on landing pages and declared pages;
- mobile.compression: text responses (pages and their own CSS and JavaScript) compressed when the
  request offers br, gzip and zstd.
Every request goes through --connect-to, reads a capped body within the per-probe budget and never
follows redirects by itself; TLS is not verified here (the tls family judges certificates). At most
IN_FLIGHT requests run at once, so this family never crowds out the http and tls probes it runs beside.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from launchready.core.findings import Finding
from launchready.core.plan.app_links_model import APPLE_SIZE_LIMIT
from validators.context import CheckContext
from validators.mobile import app_links, callbacks, pages
from validators.mobile.bounded import Response, get
from validators.web.fetch import Chain
from validators.web.routing import probe_client, probe_tls_context

IN_FLIGHT = 8


@dataclass(frozen=True)
class Prober:
    """One client, the run's budget and routes, and a gate on how many requests are in flight."""

    client: httpx.AsyncClient
    ctx: CheckContext
    gate: asyncio.Semaphore

    async def get(self, url: str, cap: int, accept_encoding: str = "gzip") -> Response:
        async with self.gate:
            return await get(self.client, url, self.ctx.budget(), cap, self.ctx.connect_to, accept_encoding)

    async def follow(self, url: str) -> Chain:
        async with self.gate:
            return await callbacks.walk(self.client, url, self.ctx.budget, self.ctx.connect_to)


async def check(ctx: CheckContext) -> list[Finding]:
    tls = probe_tls_context(str(ctx.ca_bundle) if ctx.ca_bundle else None)
    async with probe_client(ctx.connect_to, tls, ctx.timeout) as client:
        prober = Prober(client, ctx, asyncio.Semaphore(IN_FLIGHT))
        groups = await asyncio.gather(app_link_findings(prober), callback_findings(prober), page_findings(prober))
    return [finding for group in groups for finding in group]


async def app_link_findings(prober: Prober) -> list[Finding]:
    plan = prober.ctx.plan.app_links
    if plan is None:
        return []
    responses = await asyncio.gather(*(prober.get(d.url, APPLE_SIZE_LIMIT + 1) for d in plan.documents))
    return [f for d, response in zip(plan.documents, responses, strict=True)
            for f in app_links.judge(plan, d, response)]


async def callback_findings(prober: Prober) -> list[Finding]:
    urls = prober.ctx.plan.app_links.callbacks if prober.ctx.plan.app_links else ()
    chains = await asyncio.gather(*(prober.follow(url) for url in urls))
    return [f for url, chain in zip(urls, chains, strict=True) for f in callbacks.judge(url, chain)]


async def page_findings(prober: Prober) -> list[Finding]:
    """Pages first (mixed content), then every page and the assets they load again, offering compression."""
    urls = pages.page_urls(prober.ctx.plan)
    bodies = await asyncio.gather(*(prober.get(url, pages.MAX_PAGE) for url in urls))
    judged = [pages.mixed_content(response) for response in bodies]
    assets = [asset for _, found in judged for asset in found if asset not in urls]
    heads = await asyncio.gather(*(prober.get(url, pages.MIN_COMPRESSIBLE, pages.OFFERED)
                                   for url in dict.fromkeys([*urls, *assets])))
    return [verdict for verdict, _ in judged] + [pages.compression(response) for response in heads]
