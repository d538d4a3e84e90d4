"""Cache rules: cache static assets for stated TTLs, never cache API, admin or auth responses.

In the http_request_cache_settings phase every matching rule applies and a later rule overrides an
earlier one (Cloudflare Cache Rules, "Order and priority", read 2026-11), so the bypass rules come
last: a stylesheet under /api/ or on the API host is still never cached.
"""

from __future__ import annotations

from launchready.core.plan.model import CacheRule, WebHost
from launchready.core.plan.redirects import quote
from launchready.core.spec.models import DomainSpec


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
