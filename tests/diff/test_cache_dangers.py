"""The cache rules the spec generates: a pull request that starts caching what was bypassed (an API host
switched to `cache: standard`, a bypass path dropped or narrowed, a sign-in callback left to the static rule),
adds pages or API answers to the static-asset rule, or keeps them longer at the edge fails
`--fail-on-dangerous`; adding a bypass, shortening a TTL or a harmless extension passes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.diff.conftest import STAGING, Repo
from tests.diff.gate import dangers, run

PATHS = ["/api/", "/auth/", "/login"]
CALLBACK = "https://www.example.net/signin/callback.js"
IOS = {"team_id": "ABCDE12345", "bundle_id": "com.example.app"}


def spec(hosts: dict[str, Any] | None = None, callbacks: list[str] | None = None, **cache: Any) -> dict[str, Any]:
    edited = copy.deepcopy(STAGING)
    edited["hosts"].update(hosts or {})
    edited["cache"] = {"bypass_paths": PATHS, **cache}
    if callbacks is not None:
        edited["app_links"] = {"ios": [IOS], "callbacks": callbacks}
    return edited


API_CACHED = {"api": {"ipv4": ["198.51.100.7"], "cache": "standard"}}
HTML = ["css", "js", "png", "html"]

DANGEROUS = [
    ("the API host switched to cache", spec(), spec(API_CACHED), "cache.bypass-removed", "api",
     "api.example.net is no longer bypassed"),
    ("a host switched from bypass to standard", spec({"www": {"cache": "bypass"}}), spec(),
     "cache.bypass-removed", "www", "www.example.net is no longer bypassed"),
    ("a DNS-only API host proxied and cached", spec({"api": {"ipv4": ["198.51.100.7"], "proxied": False}}),
     spec(API_CACHED), "cache.bypass-removed", "api", "api.example.net is no longer bypassed"),
    ("a quoted bypass path dropped", spec(bypass_paths=[*PATHS, '/a"b/']), spec(), "cache.bypass-removed", '/a"b/',
     'requests under /a"b/ are no longer bypassed'),
    ("a new admin host set to cache", spec(), spec({"admin": {"ipv4": ["198.51.100.8"], "cache": "standard"}}),
     "cache.bypass-removed", "admin", "the new host admin.example.net is set to `cache: standard`"),
    ("a bypass path dropped", spec(), spec(bypass_paths=["/auth/", "/login"]), "cache.bypass-removed", "/api/",
     "requests under /api/ are no longer bypassed"),
    ("a bypass path narrowed", spec(), spec(bypass_paths=["/api/v1/", "/auth/", "/login"]),
     "cache.bypass-removed", "/api/", "requests under /api/ are no longer bypassed"),
    ("a sign-in callback dropped", spec(callbacks=[CALLBACK]), spec(callbacks=[]), "cache.bypass-removed",
     "www.example.net/signin/callback.js", "the sign-in callback www.example.net/signin/callback.js is no longer"),
    ("HTML added to the static rule", spec(static_extensions=["css", "js", "png"]), spec(static_extensions=HTML),
     "cache.documents-cached", "static extensions + .html", "now caches .html answers"),
    ("the edge TTL raised on HTML", spec(static_extensions=HTML, edge_ttl=60),
     spec(static_extensions=HTML, edge_ttl=86400), "cache.ttl-raised", "edge TTL 60s → 86400s",
     "keeps .html answers at the edge for 86400s instead of 60s"),
]


@pytest.mark.parametrize(("title", "base", "head", "rule", "subject", "message"), DANGEROUS,
                         ids=[case[0] for case in DANGEROUS])
def test_a_change_that_caches_what_was_not_cached_fails_the_gate(
        repo: Repo, title: str, base: dict[str, Any], head: dict[str, Any], rule: str, subject: str,
        message: str) -> None:
    code, found = dangers(repo, base, head)
    assert code == 1, title
    flagged = [d for d in found if d["rule"] == rule]
    assert [d["subject"] for d in flagged] == [subject]
    assert message in flagged[0]["message"]
    assert "next visitor" in flagged[0]["message"] and "dns-danger-approved" in flagged[0]["message"]


HARMLESS = [
    ("a bypass path added", spec(), spec(bypass_paths=[*PATHS, "/checkout/"])),
    ("a bypass path widened", spec(), spec(bypass_paths=["/api", "/auth/", "/login"])),
    ("a host switched to bypass", spec(), spec({"www": {"cache": "bypass"}})),
    ("the edge TTL shortened on HTML", spec(static_extensions=HTML, edge_ttl=600),
     spec(static_extensions=HTML, edge_ttl=60)),
    ("the edge TTL raised on static assets only", spec(edge_ttl=600), spec(edge_ttl=86400)),
    ("an image extension added", spec(static_extensions=["css", "js"]), spec(static_extensions=["css", "js", "avif"])),
    ("a callback covered by a new bypass path", spec(callbacks=[CALLBACK]),
     spec(callbacks=[CALLBACK], bypass_paths=[*PATHS, "/signin/"])),
    ("a new API host left to its default", spec(), spec({"eu-api": {"ipv4": ["198.51.100.9"]}})),
    ("a DNS-only site proxied", spec({"blog": {"proxied": False}}), spec({"blog": {}})),
    ("a removed API host", spec(), {**spec(), "hosts": {k: v for k, v in spec()["hosts"].items() if k != "api"}}),
]


@pytest.mark.parametrize(("title", "base", "head"), HARMLESS, ids=[case[0] for case in HARMLESS])
def test_a_change_that_caches_no_more_passes(repo: Repo, title: str, base: dict[str, Any],
                                             head: dict[str, Any]) -> None:
    code, found = dangers(repo, base, head)
    assert not [d for d in found if d["rule"].startswith("cache.")], title
    assert code == (1 if found else 0)


def test_the_markdown_comment_names_the_host_and_the_fix(repo: Repo) -> None:
    code, out = run(repo, spec(), spec(API_CACHED), "markdown")
    assert code == 1
    assert "cache.bypass-removed" in out and "api.example.net" in out and "hosts.api.cache: bypass" in out
