"""Cache rules: cache static assets for stated TTLs, never cache API, admin or auth responses.

In the http_request_cache_settings phase every matching rule applies and a later rule overrides an
earlier one (Cloudflare Cache Rules, "Order and priority", read 2026-11), so the bypass rules come
last: a stylesheet under /api/ or on the API host is still never cached.
"""

from __future__ import annotations

import re

from launchready.core.plan.model import CacheRule, WebHost
from launchready.core.plan.redirects import quote
from launchready.core.spec.models import DomainSpec

DYNAMIC_WORDS = frozenset({"api", "graphql", "gql", "admin"})
"""Words of a host label that mark it as serving per-user or live answers: never cached by default."""
WORD = re.compile(r"[.\-_]")


def dynamic_by_default(label: str) -> bool:
    """Whether a host with no `cache` setting is left uncached: any word of its label (split at `.`, `-`
    and `_`) is api, graphql, gql or admin, or starts with api (`eu.api`, `api-v2`, `apiv2`, `graphql`,
    `admin-eu`). The static-asset rule's edge TTL is mode override_origin, the dashboard's "Ignore
    cache-control header and use this TTL" (Cloudflare Cache Rules, "Available settings" and the "Edge
    Cache TTL" example, read 2026-11-30), so an API answer at a `.png` path would otherwise be cached
    whatever the origin's Cache-Control says, and served stale or to another user. A host wrongly taken
    for an API only goes uncached, and `cache: standard` caches it again."""
    words = WORD.split(label.lower())
    return any(word in DYNAMIC_WORDS or word.startswith("api") for word in words)


def static_rule(spec: DomainSpec) -> CacheRule:
    cache = spec.cache
    extensions = " ".join(quote(ext) for ext in cache.static_extensions)
    return CacheRule(
        ref="cache_static_assets",
        description=f"static assets: edge {cache.edge_ttl}s, browser {cache.browser_ttl}s",
        expression=f"(http.request.uri.path.extension in {{{extensions}}})",
        cache=True,
        edge_ttl=cache.edge_ttl,
        browser_ttl=cache.browser_ttl,
    )


def bypass_hosts_rule(hosts: tuple[WebHost, ...]) -> CacheRule | None:
    names = [host.fqdn for host in hosts if host.cache_bypass]
    if not names:
        return None
    return CacheRule(
        ref="bypass_dynamic_hosts",
        description="never cache " + ", ".join(names),
        expression="(http.host in {" + " ".join(quote(n) for n in names) + "})",
        cache=False,
    )


def bypass_paths_rule(spec: DomainSpec) -> CacheRule | None:
    paths = spec.cache.bypass_paths
    if not paths:
        return None
    tests = " or ".join(f"starts_with(http.request.uri.path, {quote(p)})" for p in paths)
    return CacheRule(
        ref="bypass_auth_paths",
        description="never cache " + ", ".join(paths),
        expression=f"({tests})",
        cache=False,
    )


def cache_rules(spec: DomainSpec, hosts: tuple[WebHost, ...]) -> tuple[CacheRule, ...]:
    rules = (static_rule(spec), bypass_hosts_rule(hosts), bypass_paths_rule(spec))
    return tuple(rule for rule in rules if rule is not None)
