"""Polite query rates for the public resolvers the dns family asks by default, in queries per second
from one client address.

Google Public DNS documents its per-client limit: "Your per-IP address QPS rate is less than 1000 QPS:
... you do not need to request a rate limit increase" (developers.google.com/speed/public-dns/docs/isp,
read 2026-11; older copies of the page say 1500, the lower figure is used). Cloudflare 1.1.1.1, Quad9,
OpenDNS and Control D publish no per-client query limit (their resolver documentation and FAQs, read
2026-11), so they get the same polite 1000 queries a second: a portfolio run never looks like a flood
to any of them. Resolvers given with --resolver have no cap: they are the user's own.
"""

from __future__ import annotations

from validators.endpoints import PUBLIC_RESOLVERS_V4, PUBLIC_RESOLVERS_V6

GOOGLE_QPS = 1000.0
"""developers.google.com/speed/public-dns/docs/isp, read 2026-11."""

POLITE_QPS = GOOGLE_QPS
"""For resolvers that document no limit: the lowest documented one."""

PUBLIC_RATE_CAPS: dict[str, float] = {
    endpoint.address: GOOGLE_QPS if endpoint.address in ("8.8.8.8", "2001:4860:4860::8888") else POLITE_QPS
    for endpoint in (*PUBLIC_RESOLVERS_V4, *PUBLIC_RESOLVERS_V6)
}
