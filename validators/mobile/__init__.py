"""The mobile check family: what breaks a launch on phones first.

Check ids (docs/app-links.md):
- mobile.app_links.status, .content_type, .size, .json, .shape, .apps: each planned
  apple-app-site-association and assetlinks.json file;
- mobile.callback.status, mobile.callback.offhost: each declared sign-in callback;
- mobile.mixed_content: http:// loads on landing pages and declared pages;
- mobile.compression: text responses compressed when the request offers br, gzip and zstd.
Every request goes through --connect-to, reads a capped body within the per-probe budget and never
follows redirects by itself; TLS is not verified here (the tls family judges certificates).
"""

from __future__ import annotations

import asyncio

import httpx

from launchready.core.findings import Finding
from launchready.core.plan.app_links_model import APPLE_SIZE_LIMIT
from validators.context import CheckContext
from validators.mobile import app_links, callbacks, pages
from validators.mobile.bounded import get
from validators.web.fetch import follow
from validators.web.routing import probe_client, probe_tls_context


async def check(ctx: CheckContext) -> list[Finding]:
    tls = probe_tls_context(str(ctx.ca_bundle) if ctx.ca_bundle else None)
    async with probe_client(ctx.connect_to, tls, ctx.timeout) as client:
        groups = await asyncio.gather(app_link_findings(client, ctx), callback_findings(client, ctx),
                                      page_findings(client, ctx))
    return [finding for group in groups for finding in group]


async def app_link_findings(client: httpx.AsyncClient, ctx: CheckContext) -> list[Finding]:
    plan = ctx.plan.app_links
    if plan is None:
        return []
    responses = await asyncio.gather(*(get(client, d.url, ctx.budget(), APPLE_SIZE_LIMIT + 1, ctx.connect_to)
                                       for d in plan.documents))
    return [f for d, response in zip(plan.documents, responses, strict=True)
            for f in app_links.judge(plan, d, response)]


async def callback_findings(client: httpx.AsyncClient, ctx: CheckContext) -> list[Finding]:
    urls = ctx.plan.app_links.callbacks if ctx.plan.app_links else ()
    chains = await asyncio.gather(*(follow(client, url, ctx.budget, ctx.connect_to) for url in urls))
    return [f for url, chain in zip(urls, chains, strict=True) for f in callbacks.judge(url, chain)]


async def page_findings(client: httpx.AsyncClient, ctx: CheckContext) -> list[Finding]:
    """Pages first (mixed content), then every page and the assets they load again, offering compression."""
    urls = pages.page_urls(ctx.plan)
    bodies = await asyncio.gather(*(get(client, url, ctx.budget(), pages.MAX_PAGE, ctx.connect_to) for url in urls))
    judged = [pages.mixed_content(response) for response in bodies]
    assets = [asset for _, found in judged for asset in found if asset not in urls]
    heads = await asyncio.gather(*(get(client, url, ctx.budget(), pages.MIN_COMPRESSIBLE, ctx.connect_to,
                                       accept_encoding=pages.OFFERED) for url in dict.fromkeys([*urls, *assets])))
    return [verdict for verdict, _ in judged] + [pages.compression(response) for response in heads]
