"""mobile.mixed_content and mobile.compression on the pages a phone loads first.

Pages: `https://H/` of every proxied web host that is not redirected to the canonical host, and each
`app_links.pages` path on the canonical host; compression is also judged on the first stylesheets and
scripts each page loads from its own host. Compression (RFC 9110 §8.4 and §12.5.3): a text response
(HTML, CSS, JavaScript, JSON, ...) requested with `Accept-Encoding: br, gzip, zstd` should come back with
one of those codings; Cloudflare compresses them at the edge when the origin does not (Cloudflare,
"Content compression", read 2026-11). Bodies under MIN_COMPRESSIBLE bytes are not judged.
"""

from __future__ import annotations

from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.plan import DomainPlan
from validators.mobile.bounded import Response, decoded
from validators.mobile.mixed import classify

MAX_PAGE = 2 * 1024 * 1024
"""Bytes of a page parsed for mixed content; a bigger page is judged on its first 2 MiB."""
MIN_COMPRESSIBLE = 1024
OFFERED = "br, gzip, zstd"
CODINGS = frozenset({"br", "gzip", "x-gzip", "zstd"})
TEXT_TYPES = frozenset({"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                        "text/plain", "image/svg+xml", "application/xml", "text/xml", "application/manifest+json"})
SHOWN = 5
MAX_ASSETS = 4
"""Own stylesheets and scripts per page whose compression is judged (the first ones: what blocks rendering)."""


def page_urls(plan: DomainPlan) -> tuple[str, ...]:
    redirected = {rule.host for rule in plan.redirects if rule.kind == "canonical"}
    roots = [f"https://{h.fqdn}/" for h in plan.web_hosts if h.proxied and h.fqdn not in redirected]
    pages = plan.app_links.pages if plan.app_links else ()
    return tuple(dict.fromkeys([*roots, *(f"https://{plan.canonical_host}{path}" for path in pages)]))


def host_of(url: str) -> str:
    return url.split("/")[2]


def mixed_content(response: Response) -> tuple[Finding, tuple[str, ...]]:
    """The verdict on one page, and the page's own stylesheets and scripts (for the compression check)."""
    check, url, host = "mobile.mixed_content", response.url, host_of(response.url)
    subject = Subject(url=url)
    if response.error or response.status is None or response.refused:
        return unloaded(check, host, response, "what it loads was not checked for http:// loads"), ()
    if response.status >= 300 or response.media_type != "text/html":
        what = f"{response.status}, {response.media_type or 'no Content-Type'}"
        return passed(check, host, f"{url} is not an HTML page ({what}): nothing it loads to check", subject), ()
    body, _, problem = decoded(response, MAX_PAGE)
    if body is None:
        return failed(check, host, f"{url}: {problem}", subject), ()
    found = classify(body.decode("utf-8", errors="replace"), url, response.header("content-security-policy"))
    verdict = mixed_verdict(url, host, found.blockable, found.upgradeable, found.upgraded_by_csp, subject,
                            note=" (first 2 MiB read)" if response.truncated else "")
    return verdict, found.assets[:MAX_ASSETS]


def unloaded(check: str, host: str, response: Response, unjudged: str) -> Finding:
    """No response is nothing to judge, and never a pass: the page a phone would load did not answer, or
    answered what browsers refuse (two different Location headers)."""
    if response.refused:
        return failed(check, host, f"{response.url} {response.refused}; a phone's browser shows an error page "
                      f"instead, so {unjudged}", Subject(url=response.url), observed=response.status)
    where = f" (via {response.via})" if response.via else ""
    return failed(check, host, f"{response.url} did not answer{where}: {response.error or 'no status'}, so "
                  f"{unjudged}; a phone loading it gets nothing either. Check that the host is served here, "
                  "then validate again", Subject(url=response.url), observed=response.error)


def listed(items: tuple[str, ...]) -> str:
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return "; ".join(items[:SHOWN]) + more


def mixed_verdict(url: str, host: str, blockable: tuple[str, ...], upgradeable: tuple[str, ...], upgraded: bool,
                  subject: Subject, note: str) -> Finding:
    check, count = "mobile.mixed_content", len(blockable) + len(upgradeable)
    if upgraded or not count:
        why = f"{count} http:// load(s) upgraded by CSP upgrade-insecure-requests" if count else "no http:// loads"
        return passed(check, host, f"{url}: {why}{note}", subject)
    fix = ("; load them over https:// or send Content-Security-Policy: upgrade-insecure-requests "
           "(Automatic HTTPS Rewrites fixes only hosts known to serve HTTPS)")
    if blockable:
        return failed(check, host, f"{url} loads {len(blockable)} blockable resource(s) over http://, which "
                      f"browsers block: {listed(blockable)}{fix}{note}", subject, observed=list(blockable[:SHOWN]))
    return failed(check, host, f"{url} loads {len(upgradeable)} image/media file(s) over http:// (upgraded or "
                  f"dropped by the browser, with a warning): {listed(upgradeable)}{fix}{note}", subject,
                  warning=True, observed=list(upgradeable[:SHOWN]))


def compression(response: Response) -> Finding:
    check, url, host = "mobile.compression", response.url, host_of(response.url)
    subject = Subject(url=url, expected=OFFERED)
    if response.error or response.status is None or response.refused:
        return unloaded(check, host, response, "its compression was not judged")
    if response.status != 200 or response.media_type not in TEXT_TYPES:
        what = f"{response.status}, {response.media_type or 'no Content-Type'}"
        return passed(check, host, f"{url}: not a text response to judge ({what})", subject)
    if response.encoding in CODINGS:
        return passed(check, host, f"{url} came back {response.encoding}-compressed", subject,
                      observed=response.encoding)
    if not response.truncated:
        return passed(check, host, f"{url} is {len(response.raw)} bytes, too small to need compression", subject)
    return failed(check, host, f"{url} ({response.media_type}, over {MIN_COMPRESSIBLE} bytes) came back "
                  f"uncompressed although the request offered {OFFERED}; turn compression on at the origin or "
                  "stop it sending Cache-Control: no-transform", subject, observed=response.encoding or "identity")
