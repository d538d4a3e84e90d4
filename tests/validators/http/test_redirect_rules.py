"""Redirect verdicts on recorded hops: severities for DNS-only hosts and Always Use HTTPS off, and the
messages for a temporary upgrade or a dropped query."""

from __future__ import annotations

from launchready.core.findings import Severity, seconds
from launchready.core.plan import DomainPlan, WebHost
from validators.http import hsts
from validators.http.probes import HostProbes
from validators.http.redirects import canonical_redirect, hops, https_redirect, insecure_hops, loops, status
from validators.web.fetch import Chain, Hop

PROBE = "/launchready-probe?q=1"


def probes(host: WebHost, first: Hop, secure_first: Hop | None = None, root_status: int = 200) -> HostProbes:
    name = host.fqdn
    secure = secure_first or Hop(f"https://{name}{PROBE}", 200)
    root = Hop(f"https://{name}/", root_status)
    return HostProbes(host, Chain(first.url, (first,)), Chain(secure.url, (secure,)), Chain(root.url, (root,)))


def host(plan: DomainPlan, label: str) -> WebHost:
    return next(h for h in plan.web_hosts if h.label == label)


def test_temporary_upgrade_is_an_error_asking_for_a_permanent_redirect(staging_plan: DomainPlan) -> None:
    www = host(staging_plan, "www")
    hop = Hop(f"http://www.example.net{PROBE}", 302, f"https://www.example.net{PROBE}")
    [finding] = https_redirect(probes(www, hop), staging_plan, PROBE)
    assert finding.severity is Severity.ERROR and "use a permanent redirect (301 or 308)" in finding.message


def test_dropped_query_is_named(staging_plan: DomainPlan) -> None:
    www = host(staging_plan, "www")
    hop = Hop(f"http://www.example.net{PROBE}", 301, "https://www.example.net/launchready-probe")
    [finding] = https_redirect(probes(www, hop), staging_plan, PROBE)
    assert "losing the path or query" in finding.message


def test_dns_only_host_without_upgrade_is_a_warning(staging_plan: DomainPlan) -> None:
    status_host = host(staging_plan, "status")
    hop = Hop(f"http://status.example.net{PROBE}", 200)
    [finding] = https_redirect(probes(status_host, hop), staging_plan, PROBE)
    assert finding.severity is Severity.WARNING
    assert "DNS-only" in finding.message and "configure the origin" in finding.message


def test_always_use_https_off_makes_the_upgrade_a_warning(staging_plan: DomainPlan) -> None:
    settings = staging_plan.zone_settings.model_copy(update={"always_use_https": "off"})
    plan = staging_plan.model_copy(update={"zone_settings": settings})
    [finding] = https_redirect(probes(host(plan, "www"), Hop(f"http://www.example.net{PROBE}", 200)), plan, PROBE)
    assert finding.severity is Severity.WARNING


def test_canonical_status_must_be_the_declared_one(staging_plan: DomainPlan) -> None:
    rule = next(r for r in staging_plan.redirects if r.kind == "canonical")
    apex = host(staging_plan, "apex")
    hop = Hop(f"https://example.net{PROBE}", 301, f"https://www.example.net{PROBE}")
    [finding] = canonical_redirect(probes(apex, Hop(f"http://example.net{PROBE}", 301,
                                                    f"https://example.net{PROBE}"), hop), rule, PROBE)
    assert finding.severity is Severity.ERROR
    assert "redirects with 301; the stack declares 308" in finding.message


def test_4xx_on_the_home_page_passes_but_5xx_fails(staging_plan: DomainPlan) -> None:
    www = host(staging_plan, "www")
    first = Hop(f"http://www.example.net{PROBE}", 301, f"https://www.example.net{PROBE}")
    assert status(probes(www, first, root_status=404))[0].severity is Severity.INFO
    [failure] = status(probes(www, first, root_status=503))
    assert failure.severity is Severity.ERROR and "answers 503" in failure.message


def test_a_host_that_never_answered_passes_no_chain_check_and_fails_once_per_cause(staging_plan: DomainPlan) -> None:
    """Three probes cut by the same silent server at slightly different moments are one http.status
    error, and http.hops/loop/insecure_hop claim nothing they did not see."""
    www = host(staging_plan, "www")
    silent = [Hop(url, error=f"no answer within {seconds(budget)}", via="127.0.0.1:8443")
              for url, budget in ((f"http://www.example.net{PROBE}", 1.58537), (f"https://www.example.net{PROBE}",
                                                                                 1.58505),
                                  ("https://www.example.net/", 1.61227))]
    chains = [Chain(hop.url, (hop,)) for hop in silent]
    quiet = HostProbes(www, *chains)
    assert hops(quiet) == loops(quiet) == insecure_hops(quiet) == []
    [failure] = status(quiet)
    assert failure.severity is Severity.ERROR
    assert "could not be fetched (via 127.0.0.1:8443): no answer within 1.6s;" in failure.message


def test_a_chain_cut_short_passes_no_chain_check(staging_plan: DomainPlan) -> None:
    """http:// answered, https:// did not: http.hops/loop/insecure_hop cannot say anything of the https://
    chain they did not see, so they pass nothing (http.status reports the error and says so)."""
    www = host(staging_plan, "www")
    upgrade = Hop(f"http://www.example.net{PROBE}", 301, f"https://www.example.net{PROBE}")
    cut = Hop(f"https://www.example.net{PROBE}", error="Connection refused", via="127.0.0.1:1")
    partial = probes(www, upgrade, secure_first=cut)
    assert hops(partial) == loops(partial) == insecure_hops(partial) == []
    [failure] = [f for f in status(partial) if f.severity is Severity.ERROR]
    assert "Connection refused; the redirect, hop, loop and HSTS checks pass nothing" in failure.message


def test_hsts_passes_nothing_on_a_host_that_sent_no_https_response(staging_plan: DomainPlan) -> None:
    status_host = host(staging_plan, "status")
    cut = [Hop(f"https://status.example.net{PROBE}", error="Connection refused")]
    assert hsts.judge(status_host.fqdn, status_host.proxied, cut, staging_plan.zone_settings.hsts) == []
