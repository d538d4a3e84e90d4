"""mobile.callback.*: each declared sign-in callback, as the app shell opens it.

`status`: the chain ends in an answer below 400 (OAuth 2.0 redirect URIs must be reachable, RFC 6749
§3.1.2), with no loop and no error. `offhost`: no hop leaves the callback's own host or HTTPS, where the
token in the URL would go to someone else or travel in clear (RFC 9700 §4.1, read 2026-11).
"""

from __future__ import annotations

import httpx

from launchready.core.findings import Finding, Subject, failed, passed
from validators.web.fetch import Chain


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
    return [status(url, host, chain, subject), offhost(url, host, chain, subject)]


def status(url: str, host: str, chain: Chain, subject: Subject) -> Finding:
    check, final = "mobile.callback.status", chain.final
    if chain.loop:
        return failed(check, host, f"{url} redirects in a loop ({hops(chain)}); sign-in never returns to the app",
                      subject)
    if chain.error:
        return failed(check, host, f"{url} is unreachable over HTTPS ({chain.error.error}); sign-in cannot return",
                      subject)
    if final.redirects:
        return failed(check, host, f"{url} redirects more than {len(chain.redirects) - 1} times "
                      f"({hops(chain)}); point it at the page that answers", subject)
    if final.status is None or final.status >= 400:
        return failed(check, host, f"{url} answers {final.status} ({hops(chain)}); the app's sign-in would land "
                      "on an error page. Serve the callback route", subject, observed=final.status)
    return passed(check, host, f"{url} answers {final.status}", subject, observed=final.status)


def offhost(url: str, host: str, chain: Chain, subject: Subject) -> Finding:
    check = "mobile.callback.offhost"
    for hop in chain.redirects:
        target = httpx.URL(str(hop.location))
        if target.host != host or target.scheme != "https":
            return failed(check, host, f"{url} is redirected to {target.scheme}://{target.host} ({hops(chain)}); "
                          "a callback must never leave its declared https host. Remove the redirect, or declare "
                          "the URL it lands on", subject, observed=target.host)
    return passed(check, host, f"{url} stays on https://{host}", subject)
