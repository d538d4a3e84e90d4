"""Golden table for the Cloudflare rule expressions (compare dnscontrol's convert_test.go)."""

from __future__ import annotations

from typing import Any

from launchready.core.stack import accept

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]},
                        "hosts": {"apex": {}, "www": {}, "api": {"cname": "api.example.org"}}}


def plan_of(**extra: Any) -> Any:
    return accept({**BASE, **extra}, stack="t").plan


def test_www_to_apex_is_https_only_and_keeps_path_and_query() -> None:
    (rule,) = plan_of().redirects
    assert rule.expression == '(http.host eq "www.example.com" and ssl)'
    assert rule.target_expression == 'concat("https://example.com", http.request.uri.path)'
    assert (rule.status, rule.keep_query, rule.ref) == (301, True, "canonical_host")


def test_apex_to_www_with_308() -> None:
    (rule,) = plan_of(canonical="www", canonical_status=308).redirects
    assert rule.expression == '(http.host eq "example.com" and ssl)'
    assert rule.target_expression == 'concat("https://www.example.com", http.request.uri.path)'
    assert rule.status == 308


def test_legacy_redirects_come_before_the_canonical_rule() -> None:
    rules = plan_of(redirects=[{"from": "/pricing-old", "to": "/pricing"},
                               {"from": "/docs", "to": "https://docs.example.org/", "status": 302,
                                "keep_query": False}]).redirects
    assert [r.kind for r in rules] == ["legacy", "legacy", "canonical"]
    first, second = rules[:2]
    assert first.expression == ('(http.host eq "example.com" and http.request.uri.path eq "/pricing-old" '
                                "and ssl)")
    assert (first.target_value, first.status) == ("https://example.com/pricing", 301)
    assert (second.target_value, second.status, second.keep_query) == ("https://docs.example.org/", 302, False)


def test_quotes_in_paths_are_escaped() -> None:
    (legacy, _) = plan_of(redirects=[{"from": '/a"b', "to": "/c"}]).redirects
    assert 'eq "/a\\"b"' in legacy.expression


def test_cache_rules_bypass_last_so_they_win() -> None:
    rules = plan_of().cache_rules
    assert [r.ref for r in rules] == ["cache_static_assets", "bypass_dynamic_hosts", "bypass_auth_paths"]
    static, hosts, paths = rules
    assert (static.cache, static.edge_ttl, static.browser_ttl) == (True, 86400, 3600)
    assert static.expression.startswith('(http.request.uri.path.extension in {"css" "js"')
    assert hosts.expression == '(http.host in {"api.example.com"})'
    assert 'starts_with(http.request.uri.path, "/login")' in paths.expression
    assert not hosts.cache and not paths.cache


def test_hosts_can_opt_out_of_the_default_bypass() -> None:
    rules = plan_of(hosts={**BASE["hosts"], "api": {"cname": "api.example.org", "cache": "standard"},
                           "admin": {"ipv4": ["192.0.2.20"]}}).cache_rules
    (hosts,) = [r for r in rules if r.ref == "bypass_dynamic_hosts"]
    assert hosts.expression == '(http.host in {"admin.example.com"})'


API_LIKE = {"eu.api": {"cname": "b.example.net"}, "api-v2": {"cname": "c.example.net"},
            "graphql": {"cname": "d.example.net"}, "apiv2": {"cname": "e.example.net"},
            "admin-eu": {"cname": "f.example.net"}}


def test_every_api_like_host_is_never_cached_by_default() -> None:
    """The static-asset rule overrides the origin's Cache-Control, so an API answer at a .png path on
    eu.api or api-v2 would be cached at the edge for a day: every host that reads as an API is bypassed."""
    rules = plan_of(hosts={**BASE["hosts"], **API_LIKE, "www2": {}}).cache_rules
    (hosts,) = [r for r in rules if r.ref == "bypass_dynamic_hosts"]
    assert hosts.expression == ('(http.host in {"api.example.com" "eu.api.example.com" "api-v2.example.com" '
                                '"graphql.example.com" "apiv2.example.com" "admin-eu.example.com"})')


def test_an_api_like_host_can_still_opt_in_to_caching() -> None:
    rules = plan_of(hosts={**BASE["hosts"], "graphql": {"cname": "d.example.net", "cache": "standard"}}).cache_rules
    (hosts,) = [r for r in rules if r.ref == "bypass_dynamic_hosts"]
    assert hosts.expression == '(http.host in {"api.example.com"})'


def test_zone_settings_are_cloudflare_values() -> None:
    settings = plan_of(tls={"min_tls_version": 1.3, "hsts": {"include_subdomains": True, "preload": True}})
    values = settings.zone_settings.as_cloudflare()
    assert values["ssl"] == "strict" and values["min_tls_version"] == "1.3"
    assert values["always_use_https"] == "on" and values["tls_1_3"] == "on"
    assert values["security_header"] == {"strict_transport_security": {
        "enabled": True, "max_age": 31536000, "include_subdomains": True, "preload": True, "nosniff": True}}
    assert settings.zone_settings.hsts.header() == "max-age=31536000; includeSubDomains; preload"
