"""The proxy the standard environment names for each Cloudflare API request, the way httpx reads it.

httpx applies HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (either case) only to the transports it
builds itself (httpx docs, "Environment Variables", read 2026-11); a client given its own transport, as
launchready's is (the deadline and the limiter), goes direct. So the same map httpx would use is read
here with httpx's own helper (`httpx._utils.get_environment_proxies`, httpx 0.28: urllib's getproxies()
plus NO_PROXY as curl reads it) and mounted as httpx would mount it, each proxy behind the same
deadline and limiter. A proxy URL can carry a user and password (`http://user:pass@proxy:3128`): a
message shows its scheme, host and port only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx

from launchready.core.errors import InputError

T = TypeVar("T")
VARIABLES = {"http://": "HTTP_PROXY", "https://": "HTTPS_PROXY", "all://": "ALL_PROXY"}
SCHEMES = ("http", "https")
"""Proxies httpcore speaks without an extra package: SOCKS needs `socksio` (httpx[socks]), not installed."""


def environment_proxies() -> dict[str, str | None]:
    """URL pattern (`https://`, `all://*.example.com`) -> proxy URL, or None where NO_PROXY says go direct."""
    from httpx._utils import get_environment_proxies

    found = get_environment_proxies()
    for pattern, proxy in found.items():
        if proxy is not None:
            require_usable(pattern, proxy)
    return found


def require_usable(pattern: str, proxy: str) -> None:
    """An http:// or https:// proxy with a host, or InputError naming the variable, never the URL whole."""
    try:
        url: httpx.URL | None = httpx.URL(proxy)
    except (httpx.InvalidURL, TypeError, ValueError):
        url = None
    variable = VARIABLES.get(pattern, "the proxy variable")
    if url is None or not url.host:
        raise InputError(f"{variable} (or its lowercase form) is not a proxy URL with a host; give "
                         "http://HOST:PORT, or unset it to reach the Cloudflare API directly")
    if url.scheme not in SCHEMES:
        raise InputError(f"{variable} (or its lowercase form) names a {url.scheme[:12]}:// proxy "
                         f"({shown_proxy(proxy)}); launchready reaches the Cloudflare API through an http:// or "
                         "https:// proxy only; give one, or list api.cloudflare.com in NO_PROXY")


def shown_proxy(proxy: str) -> str:
    """A proxy URL as a message shows it: scheme, host and port; never its user and password."""
    url = httpx.URL(proxy)
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def proxy_for(url: str, proxies: dict[str, str | None]) -> str | None:
    """The proxy a request to `url` goes through under `proxies` (httpx's rule: the most specific pattern)."""
    from httpx._utils import URLPattern

    target = httpx.URL(url)
    patterns = sorted(((URLPattern(pattern), proxy) for pattern, proxy in proxies.items()), key=lambda item: item[0])
    return next((proxy for pattern, proxy in patterns if pattern.matches(target)), None)


def proxy_mounts(proxies: dict[str, str | None], through: Callable[[str], T]) -> dict[str, T | None]:
    """httpx `mounts`: a transport through each proxy (`through(proxy_url)`), None (the client's own,
    direct transport) where NO_PROXY matches."""
    return {pattern: None if proxy is None else through(proxy) for pattern, proxy in proxies.items()}


def proxy_shown(url: str) -> str:
    """The environment's proxy for `url` as a message shows it, or "" when it goes direct."""
    proxy = proxy_for(url, environment_proxies())
    return shown_proxy(proxy) if proxy else ""
