"""The pieces of RFC 7208 §12's ABNF that SPF terms are made of: macro-string, domain-spec, ip4/ip6 networks
and CIDR lengths. Each check returns the problem as text (None when the piece is valid), so the term
parser can name it. Every match is a whole-string match (`fullmatch`, `\\Z`): Python's `$` also matches
before a final newline, which would let "example.com\\n" pass.

Two kinds of verdict:
- a violation of the ABNF (or of a MUST in §7 about macros) is an error: receivers answer permerror;
- `caution` is for text the ABNF allows but DNS cannot look up as written (a label with ':' or '=', an
  empty label, a label over 63 octets): launchready is stricter than the RFC there and says so.
"""

from __future__ import annotations

import ipaddress
import re

MACRO_EXPAND = r"%\{[slodiphcrtv][0-9]*r?[.\-+,/_=]*\}|%%|%_|%-"
"""§7.1 macro-expand: `%{` macro-letter transformers *delimiter `}`, or `%%`, `%_`, `%-`. ABNF literals are
case-insensitive (RFC 5234 §2.3), so the letters and `r` are matched without case."""
MACRO_TOKEN = re.compile(rf"(?P<macro>{MACRO_EXPAND})|(?P<literal>[\x21-\x24\x26-\x7e]++)", re.IGNORECASE)
"""One macro-expand or a run of macro-literals (%x21-24 / %x26-7E: visible ASCII except '%'): a run, not a
token per character, so a 64 KB term is a few matches, not 64,000."""
EXP_ONLY_LETTERS = frozenset("crt")
"""§7.2: c, r and t may appear only in explanation text (the TXT record exp= points at), so nowhere in the
record itself, unknown modifiers included; pyspf answers permerror for them too."""
TOPLABEL = re.compile(r"[0-9]*+[A-Za-z][A-Za-z0-9]*+|[A-Za-z0-9]++-[A-Za-z0-9-]*[A-Za-z0-9]")
"""§7.1 toplabel: alphanumerics with at least one letter, or alphanumerics around inner hyphens. The ABNF's
`*alphanum ALPHA *alphanum` is written with digits before the first letter: the same labels, matched in linear
time (two adjacent runs of the same characters cost quadratic time on a long label that fails, and the
label comes from a DNS record)."""
QNUM = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])"
IP4_NETWORK = re.compile(rf"{QNUM}(?:\.{QNUM}){{3}}")
"""§12 ip4-network: dotted quad, no leading zeros (qnum)."""
IP4_CIDR = re.compile(r"0|[1-9][0-9]?")
IP6_CIDR = re.compile(r"0|[1-9][0-9]{0,2}")
"""§12 ip4-cidr-length and ip6-cidr-length: no leading zeros; ranges 0-32 and 0-128 checked as numbers."""
LDH_LABEL = re.compile(r"[A-Za-z0-9_-]{1,63}")


def clipped(text: str, limit: int = 80) -> str:
    """Record text for a message: a hostile TXT record may hold one 60 KB term, so it is cut and counted."""
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} characters)"


def macro_tokens(text: str) -> list[re.Match[str]] | None:
    """`text` as a macro-string (§7.1), token by token, or None when a character fits neither form."""
    tokens, position = [], 0
    while position < len(text):
        match = MACRO_TOKEN.match(text, position)
        if match is None:
            return None
        tokens.append(match)
        position = match.end()
    return tokens


def macro_string_problem(text: str, *, domain: bool) -> str | None:
    """Why `text` is not a valid macro-string of a record (§7.1, §7.2); `domain` adds §7.3's nonzero digit
    transformer, which matters where the string is expanded into a name."""
    tokens = macro_tokens(text)
    if tokens is None:
        return "has a '%' that starts no valid macro, or a character outside visible ASCII (RFC 7208 §7.1)"
    for token in tokens:
        macro = token.group("macro")
        if not macro or len(macro) < 3:
            continue
        if macro[2].lower() in EXP_ONLY_LETTERS:
            return f"uses {clipped(macro)}: the c, r and t macros are allowed only in explanation text (RFC 7208 §7.2)"
        digits = re.match(r"[0-9]*", macro[3:])
        if domain and digits and digits.group() and int(digits.group()) == 0:
            return f"uses {clipped(macro)}: a macro's digit transformer must not be zero (RFC 7208 §7.3)"
    return None


def domain_spec_problem(text: str) -> str | None:
    """§7.1 domain-spec = macro-string domain-end; domain-end = "." toplabel ["."] / macro-expand."""
    if not text:
        return "the domain is empty (RFC 7208 §7.1)"
    problem = macro_string_problem(text, domain=True)
    if problem:
        return problem
    tokens = macro_tokens(text) or []
    if tokens[-1].group("macro"):
        return None
    body = text[:-1] if text.endswith(".") else text
    head, dot, last = body.rpartition(".")
    if not dot or not TOPLABEL.fullmatch(last):
        return (f'"{clipped(text)}" does not end in a dot and a top label such as .com, or in a macro (RFC 7208 §7.1 '
                "domain-end)")
    return None


def caution(text: str) -> str | None:
    """Valid per the ABNF but not a name DNS can look up as written (only for domains without macros)."""
    if "%" in text:
        return None
    labels = text.rstrip(".").split(".")
    if len(text.rstrip(".")) > 253 or any(len(label) > 63 for label in labels):
        return f'"{clipped(text)}" has a label over 63 octets or is over 253 (RFC 1035 §2.3.4)'
    if any(not label for label in labels):
        return f'"{clipped(text)}" has an empty label'
    odd = next((label for label in labels if not LDH_LABEL.fullmatch(label)), None)
    if odd is not None:
        return (f'"{clipped(text)}" has the label "{clipped(odd)}", with characters host names do not use: '
                "often two terms whose TXT strings were joined without a space (RFC 7208 §3.3)")
    return None


def cidr_problem(v4: str | None, v6: str | None) -> str | None:
    """§12 dual-cidr-length: `/N` (0-32) and/or `//N` (0-128), no leading zeros."""
    if v4 is not None and (not IP4_CIDR.fullmatch(v4) or int(v4) > 32):
        return f"/{clipped(v4, 10)} is not an IPv4 prefix length: 0-32 without leading zeros (RFC 7208 §5.6, §12)"
    if v6 is not None and (not IP6_CIDR.fullmatch(v6) or int(v6) > 128):
        return f"//{clipped(v6, 10)} is not an IPv6 prefix length: 0-128 without leading zeros (RFC 7208 §5.6, §12)"
    return None


def ip6_problem(text: str) -> str | None:
    """§12 ip6-network: an address as in RFC 4291 §2.2 (no zone index, which Python would accept)."""
    if "%" in text or "/" in text:
        return f"{clipped(text)} is not an IPv6 address (RFC 4291 §2.2)"
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return f"{clipped(text)} is not an IPv6 address (RFC 4291 §2.2)"
    return None
