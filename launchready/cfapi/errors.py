"""Messages for what went wrong on a Cloudflare API call: which call (the SDK method and the request
line), what the server said (Cloudflare's error codes and messages, short, via text.server_text), and
what to do. Never the request headers, never a body as it came: an HTML page is named, not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from launchready.cfapi.text import server_text, shown_url
from launchready.core.errors import InputError

if TYPE_CHECKING:
    import httpx

MAX_ERRORS = 3
"""Entries of Cloudflare's `errors` list shown; the rest are counted."""
HTML_PAGE = "an HTML page, not the API's JSON: is --api-base-url right?"


@dataclass(frozen=True)
class Call:
    """One read: the SDK method (`rulesets.phases.get http_ratelimit`) and the token permission it
    needs, for the hint on a 401 or 403."""

    name: str
    needs: str


@dataclass(frozen=True)
class Site:
    """Where the calls go and what a message must never show: the base URL, the token, the limits."""

    base_url: str
    token: str
    timeout: float
    deadline: float
    proxy: str = ""
    """The proxy the calls go through, as a message shows it (proxies.shown_proxy: no user or password)."""

    def text(self, text: str, limit: int = 200) -> str:
        return server_text(text, self.token, limit)

    @property
    def shown(self) -> str:
        return shown_url(self.base_url)


def request_line(request: httpx.Request | None) -> str:
    return f" ({request.method} {request.url.path})" if request is not None else ""


def is_html(response: httpx.Response, text: str) -> bool:
    return "html" in response.headers.get("content-type", "").lower() or text.lstrip()[:1] == "<"


def error_entries(errors: list[Any], site: Site) -> str:
    """Cloudflare's `errors`: `10000: Authentication error; 9109: …`, the first MAX_ERRORS of them."""
    limit = 200 if len(errors) == 1 else 100
    shown = [f"{site.text(str(e.get('code')), 20)}: {site.text(str(e.get('message', '')), limit)}"
             for e in errors[:MAX_ERRORS] if isinstance(e, dict)]
    more = f"; and {len(errors) - MAX_ERRORS} more" if len(errors) > MAX_ERRORS else ""
    return "; ".join(shown) + more


def body_detail(response: httpx.Response, body: object, site: Site) -> str:
    """What an error answer says, briefly: its error entries, or that it is an HTML page, or its text."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors:
        return error_entries(errors, site)
    if isinstance(body, dict):
        return "no error detail"
    text = response.text
    if is_html(response, text):
        return HTML_PAGE
    return f'"{site.text(text.strip())}"' if text.strip() else "no error detail"


def status_error(exc: Any, call: Call, site: Site) -> InputError:
    """An HTTP error status (the SDK's APIStatusError): the call, the status, Cloudflare's codes, a hint."""
    from launchready.cfapi.limiter import retry_when

    status = exc.status_code
    hint = ""
    if status in (401, 403):
        hint = f" (check that CLOUDFLARE_API_TOKEN is valid and has {call.needs})"
    elif status == 407:
        hint = (f" (HTTP 407 is the proxy's own answer{' from ' + site.proxy if site.proxy else ''}: check the user "
                "and password in HTTPS_PROXY, HTTP_PROXY or ALL_PROXY, or list the API's host in NO_PROXY)")
    elif status == 429:
        hint = (" (rate limited after backing off: Cloudflare allows 1,200 API requests per 5 minutes per user; "
                f"retry {retry_when(exc.response)})")
    return InputError(f"Cloudflare API error on {call.name}{request_line(exc.request)}: HTTP {status}: "
                      f"{body_detail(exc.response, exc.body, site)}{hint}")


def transport_error(exc: Exception, call: Call, site: Site) -> InputError:
    """No usable answer at all: too slow, too large or in a coding not asked for, or no connection."""
    import cloudflare

    from launchready.cfapi.decoding import AnswerRefused, AnswerTooLarge

    where = f"{call.name}{request_line(getattr(exc, 'request', None))}"
    if isinstance(exc, cloudflare.APITimeoutError):
        return InputError(f"the Cloudflare API at {site.shown} did not answer {where} in time (a request may take "
                          f"{site.deadline:g} s in all, {site.timeout:g} s between two reads); check the network "
                          "or --api-base-url, then try again")
    if isinstance(exc.__cause__, AnswerTooLarge):
        return InputError(f"the Cloudflare API at {site.shown} answered {where} with {exc.__cause__}, more than "
                          "any API answer: is --api-base-url right?")
    if isinstance(exc.__cause__, AnswerRefused):
        return InputError(f"the Cloudflare API at {site.shown} answered {where} with {exc.__cause__}: is "
                          "--api-base-url right? (a proxy that rewrites answers can do this too)")
    if isinstance(exc, cloudflare.APIConnectionError):
        return connection_error(exc, where, site)
    return InputError(f"unexpected answer from the Cloudflare API at {site.shown} to {where}: {type(exc).__name__}")


def connection_error(exc: Exception, where: str, site: Site) -> InputError:
    """No connection, direct or through the environment's proxy; the proxy by scheme, host and port only."""
    import httpx

    cause = type(exc.__cause__ or exc).__name__
    if not site.proxy:
        return InputError(f"cannot reach the Cloudflare API at {site.shown} for {where} ({cause}); check the "
                          "network or --api-base-url")
    check = ("the user and password HTTPS_PROXY, HTTP_PROXY or ALL_PROXY gives it" if isinstance(
        exc.__cause__, httpx.ProxyError) else "that it runs where HTTPS_PROXY, HTTP_PROXY or ALL_PROXY says")
    return InputError(f"cannot reach the Cloudflare API at {site.shown} for {where} through the proxy {site.proxy} "
                      f"({cause}); check {check}, or list the API's host in NO_PROXY to go direct")


def answer_error(call: Call, response: httpx.Response, site: Site, problem: str) -> InputError:
    """A 2xx answer that is not what the API sends: not JSON, cut off, or in another shape."""
    return InputError(f"the Cloudflare API at {site.shown} answered {call.name}{request_line(response.request)} "
                      f"with {problem}")
