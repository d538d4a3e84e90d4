"""URLs as a browser reads them: the WHATWG URL Standard (url.spec.whatwg.org), through the `ada-url` package.

Every URL a server under test hands us (a redirect's `Location`, a page's `src`, `href` or `<base>`) is
resolved here, never by httpx.URL.join or urllib.parse.urljoin. Those follow RFC 3986, and browsers do
not: for http(s) URLs the WHATWG parser reads `\\` as `/`, skips extra slashes after the scheme, drops
tab and newline anywhere, and takes `http:host/x` as absolute. So `/\\evil.example/x`,
`\\\\evil.example/x` and `https:///evil.example/x` take a browser to https://evil.example/x, where RFC 3986
reads a path on the same host; `<script src="http:evil.example/a.js">` is a plain-HTTP load in a browser
and a relative path to urljoin. Judging the RFC reading would pass what a browser does otherwise. ada is
a WHATWG-compliant parser (the C++ library behind Node.js's URL, tested against the web-platform-tests
URL suite), so none of these rules is written by hand here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ada_url import URL


@dataclass(frozen=True)
class WebUrl:
    """A parsed URL, in the WHATWG serialisation a browser requests."""

    href: str
    scheme: str
    """Lowercase, without the colon: "https"."""
    host: str
    """ASCII and lowercase: an internationalised name as A-labels (xn--…), an IPv6 literal without brackets;
    empty for a URL without one (javascript:, mailto:)."""
    port: int | None
    """None for the scheme's default port."""
    search: str
    """The query with its "?", or ""."""

    @property
    def effective_port(self) -> int | None:
        return self.port if self.port is not None else {"http": 80, "https": 443}.get(self.scheme)

    def without_query(self) -> str:
        """The URL for a message without its query and fragment (they can carry a code or a token)."""
        base = self.href.split("#", 1)[0].split("?", 1)[0]
        return base + ("?…" if self.search else "")


def parse(text: str, base: str | None = None) -> WebUrl | None:
    """`text` (resolved against `base` when given) as a browser parses it, or None where a browser's parser
    fails (an unclosed IPv6 literal, a port over 65535, a forbidden host character…)."""
    try:
        url = URL(text, base)
    except ValueError:
        return None
    host = url.hostname
    return WebUrl(url.href, url.protocol.removesuffix(":"), host.removeprefix("[").removesuffix("]"),
                  int(url.port) if url.port else None, url.search)


def resolve(reference: str, base: str) -> str:
    """`reference` resolved against `base` as a browser resolves it, or as sent when it cannot be."""
    parsed = parse(reference, base)
    return parsed.href if parsed else reference
