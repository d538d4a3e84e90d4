"""The API token as the environment holds it, checked before any request: a token that cannot be a
bearer token is refused with a message that says what is wrong and where, never the token.

RFC 6750 §2.1: `Authorization: Bearer b64token`, where b64token is
`1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`: ASCII, no space, no line break. A token
pasted through a word processor or a chat app can come back with curly quotes (U+201C, U+2019) or a
line break inside it; sent as it is, httpx cannot even encode the header.
"""

from __future__ import annotations

import re
import string
import unicodedata

B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
ALLOWED = frozenset(string.ascii_letters + string.digits + "-._~+/=")
HOW = ("copy the token again from the Cloudflare dashboard (My Profile → API Tokens) and set it alone, "
       "on one line, without quotes")


def character(char: str) -> str:
    """A character for a message: a non-ASCII letter or digit is not named (it could be part of a secret)."""
    code = ord(char)
    if char in "\r\n":
        return "a line break"
    if char.isspace():
        return f"a space (U+{code:04X})" if code != 0x20 else "a space"
    if unicodedata.category(char)[0] in "LN":
        return "a non-ASCII letter or digit"
    return f"U+{code:04X} ({unicodedata.name(char, 'a control character').lower()})"


def token_problem(token: str) -> str | None:
    """What stops `token` from being a bearer token (RFC 6750 §2.1), or None."""
    if B64TOKEN.fullmatch(token):
        return None
    bad = next((i for i, char in enumerate(token) if char not in ALLOWED), None)
    if bad is None:
        return "holds = before its end; = may only end an API token"
    return (f"holds {character(token[bad])} at character {bad + 1} of {len(token)}; an API token is ASCII "
            "letters, digits and - . _ ~ + / only")
