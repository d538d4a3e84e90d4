"""SPF record text (RFC 7208): terms, qualifiers and which terms cost a DNS lookup. No network.

Record selection (§4.5): a TXT record is SPF when it is exactly `v=spf1` or starts with `v=spf1 `.
Terms are separated by spaces (§4.6.1); a term is a mechanism with an optional qualifier or a
`name=value` modifier (§4.6.1, §12). Strings of one TXT record are joined without spaces (§3.3).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

VERSION = "v=spf1"
MECHANISMS = frozenset({"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"})
LOOKUP_TERMS = frozenset({"include", "a", "mx", "ptr", "exists", "redirect"})
"""§4.6.4: these terms cause DNS queries and count against the limit of 10; ip4, ip6, all and exp do not."""
MAX_LOOKUPS = 10
MAX_VOID_LOOKUPS = 2
MAX_RECORD_BYTES = 512
"""§3.4: a record that keeps a DNS answer within 512 bytes; above 450 the answer may not fit over UDP."""
WARN_RECORD_BYTES = 450
QUALIFIERS = "+-~?"

_MODIFIER = re.compile(r"^([a-z][a-z0-9_.-]*)=(.*)$", re.IGNORECASE)
_MECHANISM = re.compile(r"^([+\-~?]?)([a-z][a-z0-9]*)(?:[:](.*?))?(/\d+)?(//\d+)?$", re.IGNORECASE)
_MACRO = re.compile(r"%(?:\{[slodiphcrtv]\d*r?[.\-+,/_=]*\}|%|_|-)", re.IGNORECASE)
_LABEL = re.compile(r"^[a-z0-9_-]{1,63}$", re.IGNORECASE)
_TOPLABEL = re.compile(r"^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$", re.IGNORECASE)


class SpfSyntaxError(ValueError):
    """A record that does not follow the ABNF of RFC 7208 §12: receivers answer permerror."""


@dataclass(frozen=True)
class Term:
    """One term of an SPF record: `qualifier` is "" for modifiers, `value` the domain or network."""

    text: str
    name: str
    qualifier: str = ""
    value: str | None = None
    modifier: bool = False

    @property
    def lookup(self) -> bool:
        return self.name in LOOKUP_TERMS


def is_spf(text: str) -> bool:
    """§4.5: the version section is exactly `v=spf1`, alone or followed by a space."""
    lowered = text.lower()
    return lowered == VERSION or lowered.startswith(VERSION + " ")


def parse(text: str) -> tuple[Term, ...]:
    """The terms after `v=spf1`; raises SpfSyntaxError naming the first bad term."""
    if not is_spf(text):
        raise SpfSyntaxError(f'"{text[:40]}" does not start with "v=spf1 " (RFC 7208 §4.5)')
    terms = tuple(parse_term(token) for token in text.split(" ")[1:] if token)
    for name in ("redirect", "exp"):
        if sum(term.name == name for term in terms) > 1:
            raise SpfSyntaxError(f'the modifier "{name}" appears more than once (RFC 7208 §6)')
    return terms


def parse_term(token: str) -> Term:
    modifier = _MODIFIER.match(token)
    if modifier:
        name, value = modifier.group(1).lower(), modifier.group(2)
        if name in ("redirect", "exp"):
            check_domain_spec(value, token)
        return Term(text=token, name=name, value=value, modifier=True)
    return parse_mechanism(token)


def parse_mechanism(token: str) -> Term:
    match = _MECHANISM.match(token)
    name = match.group(2).lower() if match else ""
    if not match or name not in MECHANISMS:
        raise SpfSyntaxError(f'"{token}" is not an SPF mechanism or modifier (RFC 7208 §5, §6)')
    qualifier, value, cidr = match.group(1) or "+", match.group(3), (match.group(4) or "") + (match.group(5) or "")
    if name in ("ip4", "ip6"):
        return Term(text=token, name=name, qualifier=qualifier, value=check_network(name, value, cidr, token))
    if name == "all" and (value is not None or cidr):
        raise SpfSyntaxError(f'"{token}": all takes no argument (RFC 7208 §5.1)')
    if name in ("include", "exists") and not value:
        raise SpfSyntaxError(f'"{token}": {name} needs a domain (RFC 7208 §5.2, §5.7)')
    if cidr and name not in ("a", "mx"):
        raise SpfSyntaxError(f'"{token}": only a, mx, ip4 and ip6 take a prefix length (RFC 7208 §5.6)')
    if value is not None:
        check_domain_spec(value, token)
    return Term(text=token, name=name, qualifier=qualifier, value=value)


def check_network(name: str, value: str | None, cidr: str, token: str) -> str:
    version = 4 if name == "ip4" else 6
    try:
        network = ipaddress.ip_network((value or "") + cidr, strict=False)
    except ValueError:
        network = None
    if network is None or network.version != version or "//" in cidr:
        raise SpfSyntaxError(f'"{token}": not an IPv{version} address or network (RFC 7208 §5.6)')
    return str(network)


def check_domain_spec(value: str, token: str) -> None:
    """§7.1 domain-spec: macros are allowed; without macros the name must end in a real top label.
    Stricter than the ABNF on purpose: a label with ":" or "=" is almost always two terms whose strings
    were joined without a space (§3.3), so it is reported rather than looked up."""
    if not value:
        raise SpfSyntaxError(f'"{token}": the domain is empty (RFC 7208 §7.1)')
    if "%" in _MACRO.sub("", value):
        raise SpfSyntaxError(f'"{token}": a "%" that is not a valid macro (RFC 7208 §7.1)')
    if "%" in value:
        return
    labels = value.rstrip(".").split(".")
    if len(labels) < 2 or not _TOPLABEL.match(labels[-1]) or not all(_LABEL.match(label) for label in labels):
        raise SpfSyntaxError(f'"{token}": "{value}" is not a fully qualified domain (RFC 7208 §7.1)')


def lookup_terms(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    return tuple(term for term in terms if term.lookup)


def all_term(terms: tuple[Term, ...]) -> Term | None:
    return next((term for term in terms if term.name == "all"), None)


def redirect_term(terms: tuple[Term, ...]) -> Term | None:
    """§6.1: redirect applies only when the record has no `all` mechanism."""
    return next((term for term in terms if term.name == "redirect"), None)


def record_text(mechanisms: list[str], final: str) -> str:
    """A record from terms in order, each once, and the final `all` term."""
    return " ".join([VERSION, *dict.fromkeys(mechanisms), final])
