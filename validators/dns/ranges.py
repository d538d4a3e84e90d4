"""`--refresh-cloudflare-ranges`: download Cloudflare's current lists, or fall back with a note.

Cloudflare publishes its ranges as plain text, one CIDR a line, at https://www.cloudflare.com/ips-v4
and /ips-v6, and says they "might change at any time" (developers.cloudflare.com/fundamentals,
"Cloudflare's IP addresses", read 2026-11). A failed download never fails the run: the pinned (or
--cloudflare-ranges) copy is used and the report says so.
"""

from __future__ import annotations

import os

import httpx

from launchready.core.cloudflare_ips import SOURCE_URLS, CloudflareRanges, parse_ranges
from launchready.core.errors import InputError

BASE_URL_VARIABLE = "LAUNCHREADY_CLOUDFLARE_IPS_URL"
"""Overrides where the lists are fetched from: BASE/ips-v4 and BASE/ips-v6 (tests use a local server)."""


def source_urls() -> tuple[str, str]:
    base = os.environ.get(BASE_URL_VARIABLE, "").rstrip("/")
    return (f"{base}/ips-v4", f"{base}/ips-v6") if base else SOURCE_URLS


def fetch_ranges(urls: tuple[str, ...], timeout: float) -> CloudflareRanges:
    """Download and parse every list; raises httpx.HTTPError or InputError on any problem."""
    texts = []
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for url in urls:
            response = client.get(url)
            response.raise_for_status()
            texts.append(response.text)
    return parse_ranges("\n".join(texts), " and ".join(urls))


def refresh_ranges(fallback: CloudflareRanges, timeout: float,
                   urls: tuple[str, ...] | None = None) -> tuple[CloudflareRanges, str | None]:
    """(fresh ranges, None), or (fallback, a note saying why the download was not used)."""
    urls = urls or source_urls()
    try:
        fresh = fetch_ranges(urls, timeout)
    except (httpx.HTTPError, InputError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return fallback, f"could not refresh Cloudflare's ranges from {urls[0]} ({reason}); used {fallback.describe()}"
    return fresh, None
