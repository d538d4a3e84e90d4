"""Cache rules: cache static assets for stated TTLs, never cache API, admin or auth responses.

In the http_request_cache_settings phase every matching rule applies and a later rule overrides an
earlier one (Cloudflare Cache Rules, "Order and priority", read 2026-11), so the bypass rules come
last: a stylesheet under /api/ or on the API host is still never cached. A sign-in callback at a
static-asset path (`/signin/callback.js`) gets a bypass rule of its own, after the static rule, for the
same reason: that rule overrides the origin's Cache-Control, so a response that sets a session would be
served from cache to the next visitor.
"""

from __future__ import annotations

import re

from launchready.core.plan.callback_checks import callback_host_path
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


def path_extension(path: str) -> str:
    """`http.request.uri.path.extension`: the lowercased text after the last dot of the path's last
    segment, without the dot, or "" (Cloudflare Rules language, "Fields", read 2026-11)."""
    segment = path.rsplit("/", 1)[-1]
    return segment.rsplit(".", 1)[-1].lower() if "." in segment else ""


def statically_cached(spec: DomainSpec, hosts: tuple[WebHost, ...], host: str, path: str) -> bool:
    """Whether the static-asset rule is the last planned rule to match a request for host and path: a
    proxied host that is not bypassed, an extension the rule caches, a path no bypass path starts."""
    cached_hosts = {h.fqdn for h in hosts if h.proxied and not h.cache_bypass}
    return (host in cached_hosts and path_extension(path) in spec.cache.static_extensions
            and not any(path.startswith(prefix) for prefix in spec.cache.bypass_paths))


def bypass_callbacks_rule(spec: DomainSpec, hosts: tuple[WebHost, ...]) -> CacheRule | None:
    """A sign-in callback the static-asset rule would cache (`/signin/callback.js`) is never cached: its
    answer sets a session. A bypass rule after the static rule, as the other bypass rules are: later rules
    override earlier ones (Cloudflare Cache Rules, "Order and priority", read 2026-11), and "Bypass cache"
    also keeps out Cloudflare's default caching of `.js` and other default extensions (Cloudflare, "Default
    cache behavior", read 2026-11), which merely leaving the path out of the static rule would not."""
    callbacks = spec.app_links.callbacks if spec.app_links else ()
    found = dict.fromkeys(callback_host_path(url) for url in callbacks)
    targets = [(host, path) for host, path in found if statically_cached(spec, hosts, host, path)]
    if not targets:
        return None
    tests = " or ".join(f"(http.host eq {quote(host)} and http.request.uri.path eq {quote(path)})"
                        for host, path in targets)
    return CacheRule(
        ref="bypass_sign_in_callbacks",
        description="never cache the sign-in callbacks " + ", ".join(f"{host}{path}" for host, path in targets),
        expression=f"({tests})",
        cache=False,
    )


def cache_rules(spec: DomainSpec, hosts: tuple[WebHost, ...]) -> tuple[CacheRule, ...]:
    rules = (static_rule(spec), bypass_hosts_rule(hosts), bypass_paths_rule(spec), bypass_callbacks_rule(spec, hosts))
    return tuple(rule for rule in rules if rule is not None)
