"""The sandbox edge's answers, without sockets: the correct Cloudflare behaviour, then each fault."""

from __future__ import annotations

import pytest

from launchready.core.plan import DomainPlan
from launchready.sandbox.edge_rules import EdgeRules, Fault, Reply

PROBE = "/launchready-probe?q=1"


def reply(plan: DomainPlan, scheme: str, host: str, target: str = PROBE, *faults: Fault) -> Reply:
    return EdgeRules(plan, frozenset(faults)).reply(scheme, host, target)


def test_plain_http_upgrades_on_the_same_host_first(staging_plan: DomainPlan) -> None:
    for host in ("example.net", "www.example.net", "api.example.net"):
        assert reply(staging_plan, "http", host) == Reply(301, f"https://{host}{PROBE}")


def test_canonical_redirect_keeps_path_and_query_with_the_declared_status(staging_plan: DomainPlan) -> None:
    got = reply(staging_plan, "https", "example.net")
    assert (got.status, got.location) == (308, f"https://www.example.net{PROBE}")
    assert got.hsts == "max-age=86400", "the redirect itself carries HSTS"


def test_prod_sends_www_to_the_apex_with_301(prod_plan: DomainPlan) -> None:
    got = reply(prod_plan, "https", "www.example.com", "/pricing?a=b")
    assert (got.status, got.location) == (301, "https://example.com/pricing?a=b")
    assert got.hsts == "max-age=31536000; includeSubDomains"


def test_legacy_redirect_wins_over_the_page(staging_plan: DomainPlan) -> None:
    got = reply(staging_plan, "https", "www.example.net", "/old-signup?q=1")
    assert (got.status, got.location) == (308, "https://www.example.net/signup?q=1")


def test_pages_answer_200_with_hsts_only_on_proxied_hosts(staging_plan: DomainPlan) -> None:
    assert reply(staging_plan, "https", "www.example.net").status == 200
    assert reply(staging_plan, "https", "www.example.net").hsts == "max-age=86400"
    assert reply(staging_plan, "https", "status.example.net").hsts is None, "status is DNS-only"
    assert reply(staging_plan, "http", "www.example.net").hsts is None, "never over plain HTTP"


@pytest.mark.parametrize(("fault", "scheme", "host", "status", "location"), [
    (Fault.WWW_FIRST, "http", "example.net", 301, f"https://www.example.net{PROBE}"),
    (Fault.NO_HTTPS_REDIRECT, "http", "example.net", 200, None),
    (Fault.LOOP, "https", "www.example.net", 301, f"https://example.net{PROBE}"),
    (Fault.INSECURE_HOP, "https", "example.net", 308, f"http://www.example.net{PROBE}"),
    (Fault.PATH_DROPPED, "https", "example.net", 308, "https://www.example.net/"),
    (Fault.FOUR_HOPS, "https", "www.example.net", 307, f"https://www.example.net{PROBE}&lr-hop=1"),
    (Fault.SERVER_ERROR, "https", "www.example.net", 200, None),
])
def test_redirect_faults(staging_plan: DomainPlan, fault: Fault, scheme: str, host: str, status: int,
                         location: str | None) -> None:
    got = reply(staging_plan, scheme, host, PROBE, fault)
    assert (got.status, got.location) == (status, location)


def test_server_error_hits_the_root_page(staging_plan: DomainPlan) -> None:
    assert reply(staging_plan, "https", "www.example.net", "/", Fault.SERVER_ERROR).status == 502


def test_four_hops_stops_after_two_extra_hops(staging_plan: DomainPlan) -> None:
    second = reply(staging_plan, "https", "www.example.net", "/p?q=1&lr-hop=1", Fault.FOUR_HOPS)
    assert second.location == "https://www.example.net/p?q=1&lr-hop=2"
    assert reply(staging_plan, "https", "www.example.net", "/p?q=1&lr-hop=2", Fault.FOUR_HOPS).status == 200


@pytest.mark.parametrize(("fault", "redirect_hsts", "page_hsts"), [
    (Fault.NO_HSTS, None, None),
    (Fault.NO_HSTS_ON_REDIRECT, None, "max-age=86400"),
    (Fault.SHORT_MAX_AGE, "max-age=300", "max-age=300"),
])
def test_hsts_faults(staging_plan: DomainPlan, fault: Fault, redirect_hsts: str | None,
                     page_hsts: str | None) -> None:
    assert reply(staging_plan, "https", "example.net", PROBE, fault).hsts == redirect_hsts
    assert reply(staging_plan, "https", "www.example.net", PROBE, fault).hsts == page_hsts


def test_hsts_over_http_and_legacy_wrong_status(staging_plan: DomainPlan) -> None:
    assert reply(staging_plan, "http", "www.example.net", PROBE, Fault.HSTS_OVER_HTTP).hsts == "max-age=86400"
    legacy = reply(staging_plan, "https", "www.example.net", "/old-signup", Fault.LEGACY_WRONG_STATUS)
    assert (legacy.status, legacy.location) == (302, "https://www.example.net/signup")
