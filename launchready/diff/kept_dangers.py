"""Kept rules that are not redirects: a cache rule that starts sharing responses between visitors, and a
rate limit rule that stops enforcing.

`rules.keep` holds rules of three phases only (launchready.core.spec.kept.KEPT_PHASES): redirects (judged in
launchready.diff.rule_dangers), cache settings and rate limits. Origin rules (`http_request_origin`: host
header, resolve override, port) and URL rewrites (`http_request_transform`) cannot be kept, so a stack file
that names them is refused before any diff; JUDGED_PHASES says which phases this module was written for,
and a test fails when a phase is added to KEPT_PHASES without being judged here.

A cache rule with `cache: true` makes every response it matches eligible for Cloudflare's cache, which then
serves it to later visitors; with edge TTL mode `override_origin` it does so whatever the origin's
Cache-Control says (`private`, `no-store`), and `strip_set_cookie` removes the Set-Cookie that would keep a
sign-in response out of it (Cloudflare Cache Rules, "Available settings", read 2026-11). Kept rules come
first in their phase and a later cache rule overrides an earlier one ("Order and priority", read 2026-11),
so the stack's bypass rules still win for what they name, and nothing else does. A rate limiting rule
whose action is `log` only counts (Cloudflare "Rate limiting rules: parameters", read 2026-11).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from launchready.core.plan.model import PlannedKeptRule
from launchready.diff.model import APPROVAL, Danger, PlanDiff, RuleChange
from launchready.diff.redirect_scope import catch_all_scope, matches_more
from launchready.diff.rule_dangers import shown

CACHE_PHASE, RATELIMIT_PHASE = "http_request_cache_settings", "http_ratelimit"
JUDGED_PHASES = frozenset({"http_request_dynamic_redirect", CACHE_PHASE, RATELIMIT_PHASE})
"""The kept phases whose added or changed rules launchready diff judges."""
ENFORCING = frozenset({"block", "managed_challenge"})
SHARING = {"override_origin": "ignores the origin's Cache-Control (edge TTL mode override_origin)",
           "strip_set_cookie": "strips Set-Cookie, so responses that set a session are stored too"}

CACHE_WHY = ("Cloudflare serves what it stored to every later visitor, so an answer meant for one visitor (an account "
             "page, an API answer, a sign-in that sets a session) reaches the next ones; the stack's bypass rules "
             "(`hosts.<label>.cache: bypass`, `cache.bypass_paths`) run after kept rules and still win for what they "
             "name, nothing else does; narrow the rule to static paths, or " + APPROVAL)

RATELIMIT_WHY = ("the requests it stopped (password guessing on a sign-in, scraping or abuse of an API) reach the "
                 "origin without limit from the next `pulumi up` on; put its action back, or " + APPROVAL)


def parameters(rule: PlannedKeptRule) -> dict[str, Any]:
    return rule.action_parameters or {}


def caching(rule: object) -> PlannedKeptRule | None:
    """A kept cache rule that runs and makes what it matches eligible for cache (`cache: true`)."""
    if not isinstance(rule, PlannedKeptRule) or rule.phase != CACHE_PHASE or not rule.enabled:
        return None
    return rule if rule.action == "set_cache_settings" and parameters(rule).get("cache") is True else None


def sharing(rule: PlannedKeptRule | None) -> frozenset[str]:
    """Which of SHARING the rule does."""
    if rule is None:
        return frozenset()
    edge_ttl = parameters(rule).get("edge_ttl")
    mode = edge_ttl.get("mode") if isinstance(edge_ttl, dict) else None
    found = {"override_origin"} if mode == "override_origin" else set()
    return frozenset(found | ({"strip_set_cookie"} if parameters(rule).get("strip_set_cookie") is True else set()))


def what_changed(change: RuleChange, new: PlannedKeptRule) -> str | None:
    """How the rule starts caching more than it did, with its expression; None when it does not."""
    old, scope, expression = caching(change.old), catch_all_scope(new.expression), shown(new.expression)
    if change.old is None:
        return f"caches {scope}: {expression}" if scope else \
            (f"caches what it matches: {expression}" if sharing(new) else None)
    if old is None:
        return f"starts caching: {expression}"  # switched on, or it did not cache before
    if matches_more(old.expression, new.expression):
        return f"now caches {scope}: {expression}" if scope else \
            f"caches other requests than before: {shown(old.expression)} → {expression}"
    return f"caches more of what it matches: {expression}" if sharing(new) - sharing(old) else None


def cache_widened_danger(change: RuleChange) -> Danger | None:
    new = caching(change.new)
    what = what_changed(change, new) if new is not None else None
    if new is None or what is None:
        return None
    how = "".join(f"; it {SHARING[key]}" for key in sorted(sharing(new)))
    return Danger(rule="cache.widened", subject=f"cache rule {change.ref}", why=CACHE_WHY,
                  change=f"the kept cache rule {change.ref} {what}{how}")


def enforcing(rule: object) -> PlannedKeptRule | None:
    """A kept rate limit rule that runs and stops what it counts (block or managed_challenge, not log)."""
    if not isinstance(rule, PlannedKeptRule) or rule.phase != RATELIMIT_PHASE:
        return None
    return rule if rule.enabled and rule.action in ENFORCING else None


def ratelimit_weakened_danger(change: RuleChange) -> Danger | None:
    """An enforcing kept rate limit rule switched off or set to log (its removal is rule.removed)."""
    old, new = enforcing(change.old), change.new
    if old is None or not isinstance(new, PlannedKeptRule) or enforcing(new) is not None:
        return None
    what = "is switched off" if not new.enabled else f"only logs ({old.action} → {new.action})"
    return Danger(rule="ratelimit.weakened", subject=f"rate limit rule {change.ref}", why=RATELIMIT_WHY,
                  change=f"the kept rate limit rule {change.ref} {what}: {shown(new.expression)}")


def kept_dangers(diff: PlanDiff) -> Iterator[Danger]:
    for change in diff.kept_rules:
        for danger in (cache_widened_danger(change), ratelimit_weakened_danger(change)):
            if danger is not None:
                yield danger
