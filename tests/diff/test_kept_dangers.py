"""Kept rules that are not redirects: a kept cache rule that starts storing responses it did not (every
request, a whole host, or whatever the origin's Cache-Control says) and a kept rate limit that stops
enforcing fail `--fail-on-dangerous`, with the rule shown inert in the PR comment; a cosmetic or narrowing
change passes. Origin rules and URL rewrites
cannot be kept at all: a stack file naming them is bad input."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from launchready.cli import app
from launchready.core.spec.kept import KEPT_PHASES
from launchready.diff.kept_dangers import JUDGED_PHASES
from tests.diff.conftest import STAGING, Repo
from tests.diff.gate import dangers, run, runner

BLOG = {"ref": "blog", "description": "cache the blog", "expression": 'starts_with(http.request.uri.path, "/blog/")',
        "action": "set_cache_settings", "action_parameters": {"cache": True}}
OVERRIDE = {"mode": "override_origin", "default": 86400}
APP = '(http.host eq "app.example.net")'


def cache_rule(**changes: Any) -> dict[str, Any]:
    rule = copy.deepcopy(BLOG)
    rule["action_parameters"].update(changes.pop("parameters", {}))
    return {**rule, **changes}


def spec(*rules: dict[str, Any]) -> dict[str, Any]:
    edited = copy.deepcopy(STAGING)
    if rules:
        edited["rules"] = {"keep": {"http_request_cache_settings": list(rules)}}
    return edited



CASES = [
    ("an added rule caching every request", spec(), spec(cache_rule(expression="true")),
     "the kept cache rule blog caches every request: `true`"),
    ("an added rule caching a whole host whatever the origin says", spec(),
     spec(cache_rule(expression=APP, parameters={"edge_ttl": OVERRIDE})),
     f"caches every request to app.example.net: `{APP}`; it ignores the origin's Cache-Control (edge TTL mode "
     "override_origin)"),
    ("an added narrow rule storing sign-ins", spec(), spec(cache_rule(parameters={"strip_set_cookie": True})),
     "caches what it matches: `starts_with(http.request.uri.path, \"/blog/\")`; it strips Set-Cookie"),
    ("a kept cache rule widened", spec(cache_rule()),
     spec(cache_rule(expression='starts_with(http.request.uri.path, "/")')),
     "now caches every request: `starts_with(http.request.uri.path, \"/\")`"),
    ("a kept cache rule catching other paths", spec(cache_rule()),
     spec(cache_rule(expression='starts_with(http.request.uri.path, "/account/")')),
     'caches other requests than before: `starts_with(http.request.uri.path, "/blog/")` → '
     '`starts_with(http.request.uri.path, "/account/")`'),
    ("a disabled cache rule switched on", spec(cache_rule(enabled=False)), spec(cache_rule()), "starts caching: `"),
    ("a bypass rule turned into caching", spec(cache_rule(parameters={"cache": False})), spec(cache_rule()),
     "starts caching: `"),
    ("a kept cache rule starts ignoring the origin", spec(cache_rule()),
     spec(cache_rule(parameters={"edge_ttl": OVERRIDE})), "caches more of what it matches: `"),
]


@pytest.mark.parametrize(("base", "head", "said"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_cache_widening_fails_the_gate(repo: Repo, base: dict[str, Any], head: dict[str, Any],
                                            said: str) -> None:
    code, found = dangers(repo, base, head)
    assert code == 1 and [d["rule"] for d in found] == ["cache.widened"], found
    assert said in found[0]["message"]
    assert "dns-danger-approved" in found[0]["message"] and "cache.bypass_paths" in found[0]["message"]


HARMLESS = [
    ("an added narrow rule that respects the origin", spec(), spec(cache_rule())),
    ("an added bypass of every request", spec(), spec(cache_rule(expression="true", parameters={"cache": False}))),
    ("a description", spec(cache_rule()), spec(cache_rule(description="cache the blog (and its feed)"))),
    ("a narrower rule", spec(cache_rule()),
     spec(cache_rule(expression='starts_with(http.request.uri.path, "/blog/") and http.host eq "www.example.net"'))),
    ("a shorter edge TTL", spec(cache_rule(parameters={"edge_ttl": OVERRIDE})),
     spec(cache_rule(parameters={"edge_ttl": {**OVERRIDE, "default": 3600}}))),
    ("a caching rule switched off", spec(cache_rule(expression="true")), spec(cache_rule(expression="true",
                                                                                        enabled=False))),
]


@pytest.mark.parametrize(("base", "head"), [case[1:] for case in HARMLESS], ids=[case[0] for case in HARMLESS])
def test_harmless_kept_rule_changes_pass(repo: Repo, base: dict[str, Any], head: dict[str, Any]) -> None:
    assert dangers(repo, base, head) == (0, [])


def test_a_changed_setting_shows_in_the_kept_rules_table(repo: Repo) -> None:
    code, markdown = run(repo, spec(cache_rule(parameters={"edge_ttl": OVERRIDE})),
                         spec(cache_rule(parameters={"edge_ttl": {**OVERRIDE, "default": 3600}})), "markdown")
    assert code == 0, "a shorter edge TTL is harmless, and still shown"
    assert ('| changed | blog | http_request_cache_settings | set_cache_settings |  |  | '
            '{"cache":true,"edge_ttl":{"default":86400,"mode":"override_origin"}} → '
            '{"cache":true,"edge_ttl":{"default":3600,"mode":"override_origin"}} | starts_with(') in markdown


def test_a_hostile_expression_is_inert_in_the_comment(repo: Repo) -> None:
    hostile = '(http.host eq "app.example.net" or http.request.uri.path eq "/[approve](https://a.example.org)|@acme")'
    code, markdown = run(repo, spec(), spec(cache_rule(expression=hostile)), "markdown")
    assert code == 1 and "| `cache.widened` | the kept cache rule blog caches every request to" in markdown
    in_danger = 'app.example.net: `(http.host eq "app.example.net" or http.requ…example.org)\\|@acme") (102 bytes)` |'
    in_table = '`"/[approve](https://a.example.org)\\|@acme`'
    assert in_danger in markdown and in_table in markdown, "code spans, the table's pipe escaped"
    assert markdown.count("[approve](") == 1 and "@acme" not in markdown.replace("|@acme", "")


LOGIN_LIMIT = {"ref": "login", "expression": 'starts_with(http.request.uri.path, "/login")', "action": "block",
               "ratelimit": {"characteristics": ["ip.src", "cf.colo.id"], "period": 10, "requests_per_period": 5}}


def limited(**changes: Any) -> dict[str, Any]:
    edited = copy.deepcopy(STAGING)
    edited["rules"] = {"keep": {"http_ratelimit": [{**LOGIN_LIMIT, **changes}]}}
    return edited


@pytest.mark.parametrize(("head", "said"), [
    (limited(enabled=False), 'the kept rate limit rule login is switched off: `starts_with(http.request.uri.path, '),
    (limited(action="log"), "the kept rate limit rule login only logs (block → log): `"),
], ids=["switched off", "set to log"])
def test_a_kept_rate_limit_that_stops_enforcing_fails_the_gate(repo: Repo, head: dict[str, Any], said: str) -> None:
    code, found = dangers(repo, limited(), head)
    assert code == 1 and [d["rule"] for d in found] == ["ratelimit.weakened"], found
    assert said in found[0]["message"] and "dns-danger-approved" in found[0]["message"]


@pytest.mark.parametrize(("base", "head"), [
    (limited(), limited(description="sign-in guard")), (limited(), limited(action="managed_challenge")),
    (limited(action="log"), limited()), (limited(enabled=False), limited(enabled=False, action="log")),
], ids=["a description", "block to challenge", "log to block", "a switched-off rule"])
def test_harmless_rate_limit_changes_pass(repo: Repo, base: dict[str, Any], head: dict[str, Any]) -> None:
    assert dangers(repo, base, head) == (0, [])


def test_every_keepable_phase_is_judged() -> None:
    """A phase added to rules.keep (origin rules, URL rewrites) needs its dangers in launchready.diff.kept_dangers."""
    assert set(KEPT_PHASES) <= JUDGED_PHASES


def test_an_origin_rule_cannot_be_slipped_in_as_a_kept_rule(repo: Repo) -> None:
    head = spec()
    head["rules"] = {"keep": {"http_request_origin": [{
        "ref": "o1", "expression": "true", "action": "route",
        "action_parameters": {"host_header": "evil.example.org", "origin": {"host": "evil.example.org"}}}]}}
    repo.commit(spec(), "base")
    repo.write(head)
    result = runner.invoke(app, ["diff", "--stack", "staging", "--project-dir", str(repo.path), "--base", "HEAD",
                                 "--fail-on-dangerous"])
    assert result.exit_code == 2, result.stdout
    assert "rules.keep.http_request_origin" in result.stderr and "http_request_cache_settings" in result.stderr
