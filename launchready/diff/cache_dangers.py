"""The cache rules the spec generates (launchready.core.plan.cache): a change that starts caching what was
not cached, or serves a cached page longer.

The static-asset rule caches the `cache.static_extensions` with edge TTL mode override_origin ("Ignore
cache-control header and use this TTL"), and the bypass rules after it (hosts with `cache: bypass` or an
API/admin label, `cache.bypass_paths`, sign-in callbacks at a static path) override it, since a later cache
rule overrides an earlier one (Cloudflare Cache Rules, "Available settings" and "Order and priority", read
2026-11). So a host, path or callback leaving the bypass rules is cached whatever its origin says. The diff
reads these rules from the plans (their expressions are written by launchready.core.plan.cache, with
string literals quoted by launchready.core.plan.redirects.quote), never from the stack files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from launchready.core.dnsname import relative
from launchready.core.plan.cache import dynamic_by_default, path_extension
from launchready.core.plan.model import DomainPlan
from launchready.diff.model import APPROVAL, Danger

STATIC, PATHS, CALLBACKS = "cache_static_assets", "bypass_auth_paths", "bypass_sign_in_callbacks"
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
ESCAPED = re.compile(r"\\(.)")
DOCUMENTS = frozenset({"html", "htm", "xhtml", "json", "jsonld", "xml", "rss", "atom", "txt", "csv", "pdf", "ics",
                       "php", "asp", "aspx", "jsp", "cgi", "pl", "py", "rb"})
"""Extensions an application writes per visitor or per request (pages, API answers, exports, scripts)."""

BYPASS_WHY = ("Cloudflare serves the answer it stored to the next visitor, whatever the origin's Cache-Control says "
              "(the static-asset rule overrides it): another user's account page, API answer or sign-in response; ")
DOCUMENT_WHY = ("the static-asset rule ignores the origin's Cache-Control (edge TTL mode override_origin), so every "
                "such answer is stored and served to the next visitors: another user's page, API answer or export; "
                "keep pages and API answers out of `cache.static_extensions`, or " + APPROVAL)
TTL_WHY = ("the rule caches pages or API answers whatever the origin's Cache-Control says, so Cloudflare serves the "
           "answer it stored to the next visitor for longer: a changed or per-visitor answer stays stale after every "
           "deploy; keep the edge TTL short, take those extensions out of `cache.static_extensions`, or " + APPROVAL)


def literals(plan: DomainPlan, ref: str) -> tuple[str, ...]:
    """The string literals of a generated cache rule's expression, unquoted; () when the plan lacks it."""
    rule = next((rule for rule in plan.cache_rules if rule.ref == ref), None)
    found = LITERAL.findall(rule.expression) if rule is not None else []
    return tuple(ESCAPED.sub(r"\1", text) for text in found)


def static_extensions(plan: DomainPlan) -> frozenset[str]:
    return frozenset(literals(plan, STATIC))


def static_edge_ttl(plan: DomainPlan) -> int:
    return next((rule.edge_ttl or 0 for rule in plan.cache_rules if rule.ref == STATIC), 0)


def callbacks(plan: DomainPlan) -> tuple[tuple[str, str], ...]:
    """(host, path) of each sign-in callback bypass (the expression pairs them: host, then path)."""
    found = literals(plan, CALLBACKS)
    return tuple(zip(found[0::2], found[1::2], strict=False))


def cached_hosts(plan: DomainPlan) -> frozenset[str]:
    """Web hosts Cloudflare caches: proxied and not bypassed."""
    return frozenset(host.fqdn for host in plan.web_hosts if host.proxied and not host.cache_bypass)


def still_bypassed(head: DomainPlan, host: str, path: str) -> bool:
    """Whether a request for host and path is bypassed in head, or not cached by the static rule at all."""
    return (host not in cached_hosts(head) or path_extension(path) not in static_extensions(head)
            or any(path.startswith(prefix) for prefix in literals(head, PATHS)) or (host, path) in callbacks(head))


def danger(subject: str, change: str, fix: str) -> Danger:
    return Danger(rule="cache.bypass-removed", subject=subject, change=change, why=BYPASS_WHY + fix)


def host_dangers(base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """A host that was bypassed and is now cached, or a new API/admin host set to `cache: standard`."""
    before = {host.fqdn: host for host in base.web_hosts}
    for host in head.web_hosts:
        if host.fqdn not in cached_hosts(head) or host.fqdn in cached_hosts(base):
            continue
        old = before.get(host.fqdn)
        if old is not None and old.cache_bypass:
            what = f"{host.fqdn} is no longer bypassed, so the static-asset rule caches it"
        elif old is None and dynamic_by_default(host.label):
            what = f"the new host {host.fqdn} is set to `cache: standard` though its name marks an API or admin host"
        else:
            continue
        yield danger(relative(host.fqdn, head.zone), what, f"set `hosts.{host.label}.cache: bypass`, or " + APPROVAL)


def path_dangers(base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """A bypass path dropped or narrowed (`/api/` → `/api/v1/`): what it covered is cached on every host."""
    kept = literals(head, PATHS)
    for path in literals(base, PATHS):
        if not any(path.startswith(prefix) for prefix in kept):
            yield danger(path, f"requests under {path} are no longer bypassed (`cache.bypass_paths`): on every cached "
                         f"host the static-asset rule caches those with an extension it lists (such as {path}app.js)",
                         f"put {path} back in `cache.bypass_paths`, or " + APPROVAL)


def callback_dangers(base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    for host, path in callbacks(base):
        if not still_bypassed(head, host, path):
            yield danger(f"{host}{path}", f"the sign-in callback {host}{path} is no longer bypassed: the static-asset "
                         "rule caches it, and the response that sets a session with it",
                         f"keep {host}{path} in `app_links.callbacks` or its path in `cache.bypass_paths`, or "
                         + APPROVAL)


def static_dangers(base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """Pages or API answers added to the static rule, or their edge TTL raised."""
    added = sorted((static_extensions(head) - static_extensions(base)) & DOCUMENTS)
    if added:
        shown = ", ".join(f".{ext}" for ext in added)
        yield Danger(rule="cache.documents-cached", subject=f"static extensions + {shown}", why=DOCUMENT_WHY,
                     change=f"the static-asset rule now caches {shown} answers on every cached host")
    cached = sorted(static_extensions(head) & DOCUMENTS)
    old_ttl, new_ttl = static_edge_ttl(base), static_edge_ttl(head)
    if cached and old_ttl and new_ttl > old_ttl:
        yield Danger(rule="cache.ttl-raised", subject=f"edge TTL {old_ttl}s → {new_ttl}s", why=TTL_WHY,
                     change=f"the static-asset rule keeps {', '.join(f'.{ext}' for ext in cached)} answers at the "
                     f"edge for {new_ttl}s instead of {old_ttl}s")


def cache_dangers(base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """Every generated cache-rule change that stores more, or longer, than before."""
    yield from host_dangers(base, head)
    yield from path_dangers(base, head)
    yield from callback_dangers(base, head)
    yield from static_dangers(base, head)
