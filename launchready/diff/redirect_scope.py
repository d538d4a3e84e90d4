"""Reading a redirect rule without running it: which hosts its target names, and which requests its
expression catches.

Cloudflare evaluates a rule's `expression` and a dynamic target's `target_url.expression` in its Rules
language (Cloudflare docs, "Rules language", "Single Redirects", read 2026-11): string literals in double
quotes, `and`/`&&`, `or`/`||`, parentheses, and `concat(...)` to build a URL. The reading is cautious:
a target whose host cannot be read is treated as leaving the zone, and a changed expression counts as
matching more unless it keeps every condition it had.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from launchready.core.plan.model import PlannedKeptRule, RedirectRule
from launchready.diff.elide import few

LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
URL_START = re.compile(r"[a-z][a-z0-9+.-]*://([^/?#]*)(.*)", re.IGNORECASE | re.DOTALL)
HOST = re.compile(r"[a-z0-9.-]+")
HOST_ENDS = re.compile(r"\s*(\)|,\s*http\.request\.uri)")
"""After a literal `"https://host"`: the URL ends, or the request's path follows, so the host is whole."""
REQUEST_HOST = re.compile(r"\s*,\s*http\.host\b")
SAME_HOST = ""
"""A target on the request's own host: a path, or `concat("https://", http.host, …)`."""
UNREADABLE = re.compile(r"[\\@\s]|[^\x21-\x7e]")
"""What makes a browser read a URL's host differently from a parser: WHATWG URL treats `\\` as `/` in http(s)
URLs and strips tabs and newlines, `@` ends a userinfo, and a non-ASCII host is mapped first."""

TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\(|\)|&&|\|\||\s(?:and|or|xor)\s|[^"()]', re.IGNORECASE)
AND, OR = ("and", "&&"), ("or", "||", "xor")
SCHEME_ONLY = re.compile(r'(not\s+)?ssl|http\.request\.uri\.scheme\s+(eq|==)\s+"https?"')
HOST_MATCH = re.compile(r"http\.host\s+(eq|==|in|wildcard|strict\s+wildcard|matches|~|contains)\s+.+")
CATCH_ALL = re.compile(
    r'true|not\s+.+|!.+'  # a negation matches all but what it names
    r'|starts_with\(http\.request\.(uri\.path|uri|full_uri),\s*"(https?://[^/"]*)?/?"\)'
    r'|http\.request\.(uri\.path|uri|full_uri)\s+(ne|!=)\s+.+'
    r'|http\.request\.(uri\.path|uri|full_uri)\s+(matches|~)\s+r?"\^?(https?://[^/"]*)?/?\.[*+]\$?"'
    r'|http\.request\.(uri\.path|uri|full_uri)\s+(strict\s+)?wildcard\s+r?"(https?://[^/"]*)?/?\*"',
    re.IGNORECASE)


def value_host(value: str) -> str | None:
    """The host of a static target URL; SAME_HOST for a path; None when it cannot be read for sure."""
    if UNREADABLE.search(value.split("?")[0].split("#")[0]):
        return None
    if value.startswith("/") and not value.startswith("//"):
        return SAME_HOST
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    return host.removesuffix(".") if host else None


def expression_hosts(expression: str) -> tuple[str | None, ...]:
    """The host of every URL literal in a target expression (None where a host is computed or continued
    by another argument); (None,) when it holds no URL at all."""
    hosts = [literal_host(literal, expression[literal.end():]) for literal in LITERAL.finditer(expression)
             if URL_START.fullmatch(literal.group(1))]
    return tuple(hosts) or (None,)


def literal_host(literal: re.Match[str], after: str) -> str | None:
    match = URL_START.fullmatch(literal.group(1))
    assert match is not None
    authority, rest = match.group(1).lower(), match.group(2)
    host = authority.split(":")[0].removesuffix(".")
    if not authority:
        return SAME_HOST if REQUEST_HOST.match(after) else None
    if UNREADABLE.search(authority) or not HOST.fullmatch(host):
        return None
    return host if rest or HOST_ENDS.match(after) else None


def target_hosts(rule: RedirectRule | PlannedKeptRule) -> tuple[str | None, ...]:
    """The hosts a redirect rule's target names (launchready.diff.rule_dangers.redirect_effect reads the same)."""
    if isinstance(rule, RedirectRule):
        if rule.target_expression:
            return expression_hosts(rule.target_expression)
        return (value_host(rule.target_value or rule.target_url),)
    from_value = (rule.action_parameters or {}).get("from_value")
    target = from_value.get("target_url") if isinstance(from_value, dict) else None
    if not isinstance(target, dict):
        return (None,)
    if target.get("expression"):
        return expression_hosts(str(target["expression"]))
    return (value_host(str(target.get("value") or "")),)


def unwrapped(text: str) -> str:
    """The expression without whitespace around it and without parentheses around all of it."""
    text = " ".join(text.split())
    while text.startswith("(") and text.endswith(")") and closing(text) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def closing(text: str) -> int:
    """Where the parenthesis opening `text` closes (-1 if never)."""
    depth = 0
    for token in TOKEN.finditer(text):
        depth += {"(": 1, ")": -1}.get(token.group(), 0)
        if depth == 0:
            return token.start()
    return -1


def split_top(text: str, words: tuple[str, ...]) -> list[str]:
    """`text` split at `words` outside parentheses and string literals."""
    text = unwrapped(text)
    parts, depth, start = [], 0, 0
    for token in TOKEN.finditer(text):
        value = token.group()
        depth += {"(": 1, ")": -1}.get(value, 0)
        if depth == 0 and value.strip().lower() in words:
            parts.append(text[start:token.start()])
            start = token.end()
    return [unwrapped(part) for part in [*parts, text[start:]]]


def conditions(expression: str) -> frozenset[str]:
    return frozenset(split_top(expression, AND))


def catch_all_scope(expression: str) -> str | None:
    """"every request" or "every request to <hosts>" when some branch of the expression matches whole
    hosts (`true`, a bare host match, a `/` prefix, a negation); None for a narrower expression."""
    for branch in split_top(expression, OR):
        terms = [term for term in split_top(branch, AND) if not SCHEME_ONLY.fullmatch(term)]
        if all(CATCH_ALL.fullmatch(term) or HOST_MATCH.fullmatch(term) for term in terms):
            hosts = [m.group(1) for term in terms if HOST_MATCH.fullmatch(term) for m in LITERAL.finditer(term)]
            return f"every request to {few(hosts)}" if hosts else "every request"
    return None


def matches_more(old: str, new: str) -> bool:
    """Whether `new` may match a request `old` did not: it drops or changes one of old's conditions."""
    return not conditions(new) >= conditions(old)
