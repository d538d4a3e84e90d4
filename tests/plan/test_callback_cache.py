"""A sign-in callback at a static-asset path is never cached: the static rule overrides the origin's
Cache-Control, so the answer that sets a session would otherwise be served to the next visitor."""

from __future__ import annotations

from typing import Any

import pytest

from launchready.core.stack import accept
from tests.plan.test_callbacks import IOS, with_callbacks

HOSTS = {"apex": {}, "www": {}, "api": {"cname": "api.example.org"}}


def cache_rules(*urls: str, **changes: Any) -> dict[str, Any]:
    plan = accept(with_callbacks(*urls, hosts=HOSTS, **changes)).plan
    return {rule.ref: rule for rule in plan.cache_rules}


def test_a_callback_at_a_static_asset_path_gets_a_bypass_rule_after_the_static_rule() -> None:
    rules = cache_rules("https://example.com/signin/callback.js", "https://example.com/auth/callback")
    refs = list(rules)
    assert refs.index("cache_static_assets") < refs.index("bypass_sign_in_callbacks") == len(refs) - 1
    bypass = rules["bypass_sign_in_callbacks"]
    assert bypass.cache is False and bypass.edge_ttl is None
    assert bypass.expression == '((http.host eq "example.com" and http.request.uri.path eq "/signin/callback.js"))'


def test_cloudflare_lowercases_the_extension_and_the_stack_may_cache_html() -> None:
    rules = cache_rules("https://example.com/cb.JS", "https://example.com/done.html",
                        cache={"static_extensions": ["js", "html"]})
    assert rules["bypass_sign_in_callbacks"].expression == (
        '((http.host eq "example.com" and http.request.uri.path eq "/cb.JS") or '
        '(http.host eq "example.com" and http.request.uri.path eq "/done.html"))')


@pytest.mark.parametrize("url", [
    "https://example.com/auth/callback",
    "https://example.com/auth/callback.js",
    "https://api.example.com/cb.js",
    "https://example.com/cb.html",
    "https://example.com/cb.js/done",
], ids=["no-extension", "under-a-bypass-path", "on-a-bypassed-host", "html-not-cached-here", "dot-in-a-folder"])
def test_a_callback_no_planned_rule_caches_adds_no_rule(url: str) -> None:
    """`api` serves the app-link files here, as a callback's host must (core.spec.app_link_rules)."""
    links = {"ios": [IOS], "hosts": ["apex", "api"], "callbacks": [url]}
    assert "bypass_sign_in_callbacks" not in cache_rules(app_links=links)
