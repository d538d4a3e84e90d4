"""Redirect rules a launch is judged on, each a function from recorded hops to findings.

Order of hops (hstspreload.org submission requirements and its `redirects.go`, internet.nl
"https_forced", read 2026-11):
`http://H` first goes to `https://H` on the same host, permanently; only then may HTTPS move to the
canonical host. At most 3 redirects (hstspreload's maxRedirects), none to plain `http:`, no loop, and
the page at `/` must not be a 5xx (Cloudflare answers 52x when it cannot reach the origin).
Every Location is the server's text: it is resolved and parsed as a browser does (validators.web.urls,
WHATWG URL Standard) without trusting it (a malformed one is a finding, http.redirect_target, never an
exception) and shown capped in length, escaped where it is not plain ASCII.
Cloudflare only applies its settings and rules to proxied hosts, so DNS-only hosts get the checks a
browser cares about (HTTPS works, the page answers) and a warning, not an error, for the rest.
"""

from __future__ import annotations

import httpx

from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.plan import DomainPlan, RedirectRule
from validators.http.probes import HostProbes, LegacyProbe
from validators.web.fetch import Chain, Hop
from validators.web.urls import WebUrl, parse

MAX_REDIRECTS = 3
UNJUDGED = ("the redirect, hop, loop and HSTS checks pass nothing on what it did not answer: check that the "
            "host is served at that address (or the --connect-to rule), then validate again")
PERMANENT = (301, 308)


def parsed(url: str | None) -> WebUrl | None:
    return parse(url) if url is not None else None


def same_url(a: str | None, b: str) -> bool:
    url, expected = parsed(a), parse(b)
    return url is not None and expected is not None and url.href == expected.href


def target(hop: Hop) -> str:
    """The Location a hop answered, capped for a message (and escaped as sent, where that differs)."""
    return hop.target


def where(hop: Hop) -> str:
    return f" (via {hop.via})" if hop.via else ""


def dns_only_note(probes: HostProbes) -> str:
    return "" if probes.host.proxied else " (DNS-only host: its own server answers, not Cloudflare)"


def https_redirect(probes: HostProbes, plan: DomainPlan, probe_path: str) -> list[Finding]:
    """`http://H` must answer 301/308 to `https://H` with the same path and query."""
    host, hop = probes.host.fqdn, probes.plain.first
    if hop.error:
        return []
    expected = f"https://{host}{probe_path}"
    warning = not probes.host.proxied or plan.zone_settings.always_use_https != "on"
    subject = Subject(url=hop.url, expected=f"301 or 308 → {expected}",
                      observed=f"{hop.status} → {target(hop)}" if hop.redirects else hop.status)
    problem = upgrade_problem(hop, host, expected)
    if problem:
        return [failed("http.https_redirect", host, f"{problem}{dns_only_note(probes)}; {upgrade_fix(probes, hop)}",
                       subject, warning=warning)]
    return [passed("http.https_redirect", host, f"http://{host} → {hop.status} https://{host}, same host, "
                   f"path and query kept{dns_only_note(probes)}", subject)]


def upgrade_fix(probes: HostProbes, hop: Hop) -> str:
    if not probes.host.proxied:
        return "configure the origin to redirect HTTP to HTTPS on the same host"
    if hop.redirects:
        return ("a rule answers plain HTTP before Always Use HTTPS does: make redirect rules match HTTPS only "
                "(`and ssl`), as launchready's rules do")
    return "turn on Always Use HTTPS (tls.always_use_https)"


def upgrade_problem(hop: Hop, host: str, expected: str) -> str | None:
    if not hop.redirects:
        return f"http://{host} answers {hop.status} over plain HTTP instead of redirecting to https://{host}"
    url = parsed(hop.location)
    if url is None or url.scheme != "https" or url.host != host:
        return (f"http://{host} redirects to {target(hop)} first; it must go to https://{host} on the same "
                "host before any other redirect (hstspreload.org and internet.nl require the upgrade first)")
    if not same_url(hop.location, expected):
        return f"http://{host} redirects to {target(hop)}, losing the path or query of {expected}"
    if hop.status not in PERMANENT:
        return (f"http://{host} upgrades with a {hop.status}; use a permanent redirect (301 or 308) so "
                "browsers and crawlers remember it")
    return None


def canonical_redirect(probes: HostProbes, rule: RedirectRule, probe_path: str) -> list[Finding]:
    """The non-canonical host goes to the canonical host over HTTPS, path and query kept, with the
    status the stack declares (canonical_status)."""
    hop, canonical = probes.secure.first, parse(rule.target_url)
    expected = f"{rule.target_url}{probe_path}"
    subject = Subject(url=hop.url, expected=f"{rule.status} → {expected}",
                      observed=f"{hop.status} → {target(hop)}" if hop.redirects else hop.status)
    if hop.error:
        return []
    if not probes.host.proxied:
        return [passed("http.canonical_redirect", rule.host, f"not judged: {rule.host} is DNS-only, so "
                       f"Cloudflare's redirect rule never sees its requests{where(hop)}", subject)]
    problem = canonical_problem(hop, rule, expected)
    if problem:
        return [failed("http.canonical_redirect", rule.host, f"{problem}; check the single-redirect rule "
                       f"{rule.ref} ({rule.expression})", subject)]
    return [passed("http.canonical_redirect", rule.host, f"https://{rule.host} → {hop.status} "
                   f"https://{canonical.host if canonical else rule.target_url}, path and query kept", subject)]


def canonical_problem(hop: Hop, rule: RedirectRule, expected: str) -> str | None:
    if not hop.redirects:
        return f"https://{rule.host} answers {hop.status} instead of redirecting to {rule.target_url}"
    if not same_url(hop.location, expected):
        return f"https://{rule.host} redirects to {target(hop)}; expected {expected} (same path and query)"
    if hop.status != rule.status:
        return f"https://{rule.host} redirects with {hop.status}; the stack declares {rule.status}"
    return None


def legacy_target(rule: RedirectRule, query: str) -> str:
    url = httpx.URL(rule.target_url)
    return str(url.copy_with(query=query.encode())) if rule.keep_query and query else str(url)


def legacy_redirect(probe: LegacyProbe, query: str) -> list[Finding]:
    """Each legacy URL answers its declared status and target (the query kept when keep_query)."""
    rule, hop = probe.rule, probe.hop
    expected = legacy_target(rule, query)
    subject = Subject(url=hop.url, expected=f"{rule.status} → {expected}",
                      observed=hop.error or (f"{hop.status} → {target(hop)}" if hop.redirects else hop.status))
    if hop.error:
        problem = f"{hop.url} could not be fetched{where(hop)}: {hop.error}"
    elif not hop.redirects:
        problem = f"{hop.url} answers {hop.status} instead of redirecting to {expected}"
    elif not same_url(hop.location, expected) or hop.status != rule.status:
        problem = f"{hop.url} answers {hop.status} → {target(hop)}; the stack declares {rule.status} → {expected}"
    else:
        return [passed("http.legacy_redirect", rule.host, f"{rule.source_path} → {hop.status} {expected}", subject)]
    return [failed("http.legacy_redirect", rule.host, f"{problem}; check the single-redirect rule {rule.ref}", subject)]


def chain_findings(check: str, probes: HostProbes, bad: list[tuple[Chain, str]], ok: str) -> list[Finding]:
    """A pass only when every chain got its answers: a chain cut short by an error proved nothing about
    its rest (http.status reports why). What the answers that came back show wrong still fails."""
    host = probes.host.fqdn
    if not bad and any(chain.error for chain in probes.chains):
        return []
    if not bad:
        return [passed(check, host, ok, url=probes.root.start)]
    return [failed(check, host, message, url=chain.start, observed=chain.path()) for chain, message in bad]


def hops(probes: HostProbes) -> list[Finding]:
    bad = [(chain, f"{len(chain.redirects)} redirects before the page (at most {MAX_REDIRECTS}): "
                   f"{chain.path()}; point each redirect at the final URL")
           for chain in probes.chains if not chain.loop and len(chain.redirects) > MAX_REDIRECTS]
    longest = max(len(chain.redirects) for chain in probes.chains)
    return chain_findings("http.hops", probes, bad, f"at most {longest} redirect(s) on http://, https:// "
                          f"and / (limit {MAX_REDIRECTS})")


def loops(probes: HostProbes) -> list[Finding]:
    bad = [(chain, f"redirect loop: {chain.path()}; the canonical rule and the origin disagree on the "
                   "canonical host") for chain in probes.chains if chain.loop]
    return chain_findings("http.loop", probes, bad, "no redirect loop on http://, https:// and /")


def insecure_hops(probes: HostProbes) -> list[Finding]:
    bad = []
    for chain in probes.chains:
        plain = [hop for hop in chain.redirects if str(hop.location).startswith("http:")]
        if plain:
            bad.append((chain, f"a redirect goes to plain HTTP ({target(plain[0])}): {chain.path()}; "
                        "every redirect target must be https://"))
    return chain_findings("http.insecure_hop", probes, bad, "every redirect target is https://")


def status(probes: HostProbes) -> list[Finding]:
    """The page at / answers without a 5xx; any probe that got no answer is reported here too."""
    host, final = probes.host.fqdn, probes.root.final
    failures = {(hop.via, hop.error): hop for chain in probes.chains if (hop := chain.error)}
    findings = [failed("http.status", host, unanswered(hop), url=hop.url, observed=hop.error)
                for hop in failures.values()]
    if final.error or final.redirects:
        return findings
    subject = Subject(url=probes.root.start, observed=final.status, expected="not 5xx")
    if final.status is not None and final.status >= 500:
        return findings + [failed("http.status", host, f"{final.url} answers {final.status}: the edge "
                                  "cannot get a page from the origin; check the origin is up", subject)]
    return findings + [passed("http.status", host, f"{final.url} answers {final.status}", subject)]


def unanswered(hop: Hop) -> str:
    """A hop without an answer to judge: none came, or one came that browsers refuse (a status and an error)."""
    if hop.status is not None:
        return (f"{hop.url}{where(hop)} {hop.error}; browsers show an error page instead of following it, and "
                "the redirect, hop, loop and HSTS checks pass nothing on it")
    return f"{hop.url} could not be fetched{where(hop)}: {hop.error}; {UNJUDGED}"


def redirect_targets(probes: HostProbes) -> list[Finding]:
    """A chain the follower stopped on: a Location no browser can fetch (an error), or one that leaves the
    zone and the declared hosts (a warning: it may be on purpose, but it was not probed)."""
    findings = []
    for chain in probes.chains:
        stop = chain.stopped
        if stop is None:
            continue
        fix = ("redirect within the zone, or declare the target host in the stack" if stop.outside_scope else
               "answer a Location that is an http(s) URL with a valid host and a port in 1-65535")
        findings.append(failed("http.redirect_target", probes.host.fqdn, f"{stop.reason}; {fix}",
                               url=chain.start, observed=chain.path(), warning=stop.outside_scope))
    return findings
