"""Text a server sent, made fit for a message: without the API token or anything credential-shaped,
with its control characters escaped, and short.

Cloudflare's error bodies are the server's text, and a server may echo what it was sent: a 403 says
`Invalid access token Bearer <token>` (seen from proxies and stand-ins, 2026-11), a 400 quotes the
request headers. So every message built from a server's text goes through `server_text`: the token
itself, whatever follows `Bearer`, and every word `launchready.core.redact.credential_shaped` flags
are replaced, and the house's `masked_values` shows those by type and length. Escaping keeps an ESC
or a bidirectional override from reaching the terminal raw; a body of megabytes becomes one line.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from launchready.core.redact import TOKEN, credential_shaped, masked_values

REDACTED = "[CLOUDFLARE_API_TOKEN]"
BEARER = re.compile(r"(?i)\b(bearer)\s+(?!\[CLOUDFLARE_API_TOKEN\])\S+")
"""RFC 6750 §2.1: `Authorization: Bearer <b64token>`; whatever follows the word is a credential."""
MAX_TEXT = 200
"""Characters of one server message shown (Cloudflare's own messages are one sentence)."""
MAX_SCANNED = 4096
"""Characters of a body looked at at all: the rest of a 10 MB error page is never read into a message."""


def scrubbed(text: str, token: str) -> str:
    """`text` without the token, a Bearer credential or a credential-shaped word."""
    if token:
        text = text.replace(token, REDACTED)
    text = BEARER.sub(lambda found: f"{found[1]} [redacted]", text)
    return masked_values(text, {word for word in TOKEN.findall(text) if credential_shaped(word)})


def escaped(text: str) -> str:
    """Every character that is not printable (controls, line breaks, bidirectional overrides) as its
    Python escape: `\\x1b`, `\\n`, `\\u202e`."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def without_partial_token(text: str, token: str) -> str:
    """`text` cut before a start of the token at its very end (a body cut off mid-token)."""
    for size in range(min(len(token) - 1, len(text)), 0, -1):
        if text.endswith(token[:size]):
            return text[:-size]
    return text


def server_text(text: str, token: str, limit: int = MAX_TEXT) -> str:
    """A server's text for a message: scrubbed, escaped, at most `limit` characters (and a count)."""
    cut = len(text) > MAX_SCANNED
    shown = escaped(scrubbed(without_partial_token(text[:MAX_SCANNED], token) if cut else text, token))
    return shown if len(shown) <= limit and not cut else f"{shown[:limit]}… ({len(text):,} characters)"


def shown_url(url: str) -> str:
    """A base URL as a message shows it: scheme, host, port and path; never user info, query or fragment."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return escaped(f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}")
