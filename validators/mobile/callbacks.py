"""mobile.callback.*: each declared sign-in callback, as the app shell opens it.

`status`: the chain ends in an answer below 400 (OAuth 2.0 redirect URIs must be reachable, RFC 6749
§3.1.2), with no loop and no error. `offhost`: no hop leaves the callback's own host or HTTPS, where the
token in the URL would go to someone else or travel in clear (RFC 9700 §4.1, read 2026-11). The probe
itself stops at the first hop off the host: it never carries the callback on to a third party.
`cache`: no answer on the callback's host comes from Cloudflare's cache or goes into it (`cf-cache-status`
HIT, STALE, UPDATING, REVALIDATED, or MISS and EXPIRED, which store it for the next visitor; Cloudflare,
"Cloudflare cache responses", read 2026-11): the answer that completes a sign-in sets a session, and the
plan never caches a callback (launchready.core.plan.cache, bypass_sign_in_callbacks).
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from launchready.core.findings import Finding, Subject, failed, passed
from validators.endpoints import ConnectTo
from validators.web.fetch import MAX_FOLLOW, Chain, Hop, fetch, normalized
from validators.web.policy import Refusal, quoted, shown, url_problem
from validators.web.urls import WebUrl, parse

OFFHOST = "mobile.callback.offhost"
CACHE = "mobile.callback.cache"
FROM_CACHE = frozenset({"HIT", "STALE", "UPDATING", "REVALIDATED"})
INTO_CACHE = frozenset({"MISS", "EXPIRED"})


def leaves(start: str, hop: Hop) -> bool:
    """The redirect goes to another host, or from https:// down to anything else, as a browser reads its
    Location (validators.web.urls: `/\\evil.example/x` is on evil.example). A Location no browser can parse
    goes nowhere: the walk stops on it as a bad target instead."""
    origin, target = parse(start), parse(str(hop.location))
    if origin is None or target is None:
        return False
    return target.host != origin.host or (origin.scheme == "https" and target.scheme != "https")


async def walk(client: httpx.AsyncClient, start: str, budget: Callable[[], float],
               rules: tuple[ConnectTo, ...] = ()) -> Chain:
    """Redirects followed by hand on the callback's host, stopping at a non-redirect, an error, a loop,
    MAX_FOLLOW redirects, a redirect off the host (which is not followed) or a Location that is no URL
    to fetch (the http family's check, validators.web.policy)."""
    url, hops = start, []
    seen = {normalized(start)}
    while True:
        hop = await fetch(client, url, budget(), rules)
        hops.append(hop)
        if not hop.redirects or len(hops) > MAX_FOLLOW or leaves(start, hop):
            return Chain(start, tuple(hops))
        url = str(hop.location)
        problem = url_problem(url)
        if problem:
            reason = f"the redirect target {quoted(url)} was not followed: {problem}"
            return Chain(start, tuple(hops), stopped=Refusal(reason, outside_scope=False))
        if normalized(url) in seen:
            return Chain(start, tuple(hops), loop=True)
        seen.add(normalized(url))


def without_query(url: str) -> str:
    """A hop for a message: a callback's query and fragment can carry a code or token, so they are dropped;
    a URL no browser parses is cut at its first `?` or `#` and escaped."""
    parsed = parse(url)
    if parsed is not None:
        return shown(parsed.without_query())
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return quoted(url[:cut]) + ("?…" if cut < len(url) else "")


def hops(chain: Chain) -> str:
    """The chain as 'https://a/cb → 302 → https://b/x?… → 200', without query strings."""
    parts = [without_query(chain.hops[0].url)]
    for hop in chain.hops:
        parts.append(f"({hop.error})" if hop.error else f"{hop.status}")
        if hop.redirects:
            parts.append(without_query(str(hop.location)) + sent_as(hop))
    return " → ".join(parts)


def sent_as(hop: Hop) -> str:
    """' (sent as "/\\\\evil.example/x")' where a browser reads the Location otherwise than it looks."""
    if hop.sent is None:
        return ""
    cut = min((i for i in (hop.sent.find("?"), hop.sent.find("#")) if i >= 0), default=len(hop.sent))
    return f" (sent as {quoted(hop.sent[:cut])}{'?…' if cut < len(hop.sent) else ''})"


def judge(url: str, chain: Chain) -> list[Finding]:
    parsed = parse(url)
    host = parsed.host if parsed else url
    subject = Subject(url=url)
    return [status(url, host, chain, subject), *offhost(url, host, chain, subject), *cache(url, host, chain, subject)]


def status(url: str, host: str, chain: Chain, subject: Subject) -> Finding:
    check, final = "mobile.callback.status", chain.final
    if chain.loop:
        return failed(check, host, f"{url} redirects in a loop ({hops(chain)}); sign-in never returns to the app",
                      subject)
    if chain.error:
        return failed(check, host, f"{url} is unreachable over HTTPS ({chain.error.error}); sign-in cannot return, "
                      f"and {OFFHOST} is not judged until it answers. Serve the callback route on {host}", subject,
                      observed=chain.error.error)
    if chain.stopped:
        return failed(check, host, f"{url}: {chain.stopped.reason} ({hops(chain)}); a browser shows an error "
                      f"instead of returning to the app, and {OFFHOST} is not judged. Redirect to an https URL "
                      f"on {host}, or serve the callback there", subject, observed=final.status)
    if final.redirects and leaves(url, final):
        return passed(check, host, f"{url} answers {final.status} and leaves its host, which is not followed "
                      "(judged by mobile.callback.offhost)", subject, observed=final.status)
    if final.redirects:
        return failed(check, host, f"{url} redirects more than {len(chain.redirects) - 1} times "
                      f"({hops(chain)}); point it at the page that answers", subject)
    if final.status is None or final.status >= 400:
        return failed(check, host, f"{url} answers {final.status} ({hops(chain)}); the app's sign-in would land "
                      "on an error page. Serve the callback route", subject, observed=final.status)
    return passed(check, host, f"{url} answers {final.status}", subject, observed=final.status)


def offhost(url: str, host: str, chain: Chain, subject: Subject) -> list[Finding]:
    """A redirect off the host fails; a chain cut short by an error or a bad target proves nothing about where
    it would have gone, so it is no pass (mobile.callback.status reports it and says this check was not
    judged)."""
    for hop in chain.redirects:
        if leaves(url, hop):
            return [left(url, host, chain, hop, subject)]
    if chain.error or chain.stopped:
        return []
    return [passed(OFFHOST, host, f"{url} stays on https://{host}", subject)]


def left(url: str, host: str, chain: Chain, hop: Hop, subject: Subject) -> Finding:
    target: WebUrl | None = parse(str(hop.location))
    where = f"{target.scheme}://{target.host}" if target and target.host else quoted(str(hop.location))
    also = url_problem(str(hop.location))
    note = f" (its target is no URL to fetch either: {also})" if also else ""
    return failed(OFFHOST, host, f"{url} is redirected to {where} ({hops(chain)}){note}; a "
                  "callback must never leave its declared https host. Remove the redirect, or declare the URL it "
                  "lands on", subject, observed=target.host if target else None)


def cache(url: str, host: str, chain: Chain, subject: Subject) -> list[Finding]:
    """Every answer of the walk came from the callback's host (it stops at the first hop off it); one that
    Cloudflare caches fails. A chain cut short by an error or a bad target is judged on what answered."""
    hop = next((hop for hop in chain.hops if hop.cache_status in FROM_CACHE | INTO_CACHE), None)
    if hop is not None:
        return [cached(host, hop, subject)]
    if chain.error or chain.stopped:
        return []
    seen = sorted({hop.cache_status for hop in chain.hops if hop.cache_status})
    how = f"cf-cache-status: {', '.join(map(quoted, seen))}" if seen else "no cf-cache-status"
    return [passed(CACHE, host, f"{url} is not cached at the edge ({how})", subject)]


def cached(host: str, hop: Hop, subject: Subject) -> Finding:
    value, where = str(hop.cache_status), without_query(hop.url)
    what = ("was served from Cloudflare's cache" if value in FROM_CACHE
            else "was stored in Cloudflare's cache for the next visitor")
    return failed(CACHE, host, f"{where} answered {hop.status} with cf-cache-status: {quoted(value)}: it {what}, so "
                  "the answer that completes a sign-in (and the session it sets) can reach someone else. Remove "
                  "the cache rule that matches it (launchready plans bypass_sign_in_callbacks for callbacks at "
                  "static-asset paths; a dashboard rule or one under rules.keep can still cache it), then purge "
                  "the URL", subject, observed=value)
