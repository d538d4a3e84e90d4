"""mobile.callback.*: each declared sign-in callback, as the app shell opens it.

`status`: the chain ends in an answer below 400 (OAuth 2.0 redirect URIs must be reachable, RFC 6749
§3.1.2), with no loop and no error. `offhost`: no hop leaves the callback's own host or HTTPS, where the
token in the URL would go to someone else or travel in clear (RFC 9700 §4.1, read 2026-11). The probe
itself stops at the first hop off the host: it never carries the callback on to a third party.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from launchready.core.findings import Finding, Subject, failed, passed
from validators.endpoints import ConnectTo
from validators.web.fetch import MAX_FOLLOW, Chain, Hop, fetch, normalized

OFFHOST = "mobile.callback.offhost"


def leaves(start: httpx.URL, hop: Hop) -> bool:
    """The redirect goes to another host, or from https:// down to http://."""
    target = httpx.URL(str(hop.location))
    return target.host != start.host or (start.scheme == "https" and target.scheme != "https")


async def walk(client: httpx.AsyncClient, start: str, budget: Callable[[], float],
               rules: tuple[ConnectTo, ...] = ()) -> Chain:
    """Redirects followed by hand on the callback's host, stopping at a non-redirect, an error, a loop,
    MAX_FOLLOW redirects, or a redirect off the host (which is not followed)."""
    origin, url = httpx.URL(start), start
    hops: list[Hop] = []
    seen = {normalized(start)}
    while True:
        hop = await fetch(client, url, budget(), rules)
        hops.append(hop)
        if not hop.redirects or len(hops) > MAX_FOLLOW or leaves(origin, hop):
            return Chain(start, tuple(hops))
        url = str(hop.location)
        if normalized(url) in seen:
            return Chain(start, tuple(hops), loop=True)
        seen.add(normalized(url))


def without_query(url: str) -> str:
    """A hop for a message: a callback's query and fragment can carry a code or token, so they are dropped."""
    parsed = httpx.URL(url)
    return str(parsed.copy_with(query=None, fragment=None)) + ("?…" if parsed.query else "")


def hops(chain: Chain) -> str:
    """The chain as 'https://a/cb → 302 → https://b/x?… → 200', without query strings."""
    parts = [without_query(chain.hops[0].url)]
    for hop in chain.hops:
        parts.append(f"{hop.status}" if hop.status else f"({hop.error})")
        if hop.redirects:
            parts.append(without_query(str(hop.location)))
    return " → ".join(parts)


def judge(url: str, chain: Chain) -> list[Finding]:
    host = httpx.URL(url).host
    subject = Subject(url=url)
    return [status(url, host, chain, subject), *offhost(url, host, chain, subject)]


def status(url: str, host: str, chain: Chain, subject: Subject) -> Finding:
    check, final = "mobile.callback.status", chain.final
    if chain.loop:
        return failed(check, host, f"{url} redirects in a loop ({hops(chain)}); sign-in never returns to the app",
                      subject)
    if chain.error:
        return failed(check, host, f"{url} is unreachable over HTTPS ({chain.error.error}); sign-in cannot return, "
                      f"and {OFFHOST} is not judged until it answers. Serve the callback route on {host}", subject,
                      observed=chain.error.error)
    if final.redirects and leaves(httpx.URL(url), final):
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
    """A redirect off the host fails; a chain cut short by an error proves nothing about where it would have
    gone, so it is no pass (mobile.callback.status reports the error and says this check was not judged)."""
    for hop in chain.redirects:
        target = httpx.URL(str(hop.location))
        if leaves(httpx.URL(url), hop):
            return [failed(OFFHOST, host, f"{url} is redirected to {target.scheme}://{target.host} ({hops(chain)}); "
                           "a callback must never leave its declared https host. Remove the redirect, or declare "
                           "the URL it lands on", subject, observed=target.host)]
    if chain.error:
        return []
    return [passed(OFFHOST, host, f"{url} stays on https://{host}", subject)]
