"""SPF record text (RFC 7208): terms, qualifiers and which terms cost a DNS lookup. No network.

Record selection (§4.5): a TXT record is SPF when it is exactly `v=spf1` or starts with `v=spf1 `.
Terms are separated by spaces (§4.6.1); a term is a mechanism with an optional qualifier or a
`name=value` modifier (§4.6.1, §12). Strings of one TXT record are joined without spaces (§3.3).
The grammar is §12's ABNF in full (launchready.core.mailauth.spf_grammar): dual CIDR lengths on a and mx,
no leading zeros, which macro letters go where, macros in unknown modifiers.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from launchready.core.mailauth.spf_grammar import (
    IP4_NETWORK,
    caution,
    cidr_problem,
    clipped,
    domain_spec_problem,
    ip6_problem,
    macro_string_problem,
)

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

MODIFIER = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9_.-]*)=(?P<value>.*)", re.DOTALL)
"""§12 modifier: name "=" value. Names are case-insensitive ABNF strings (RFC 5234 §2.3)."""
MECHANISM = re.compile(r"(?P<qualifier>[+\-~?]?)(?P<name>[A-Za-z][A-Za-z0-9]*)(?P<rest>.*)", re.DOTALL)
DUAL_CIDR = re.compile(r"(?:/(?P<v4>[0-9]+))?(?://(?P<v6>[0-9]+))?\Z")
IP_CIDR = re.compile(r"(?P<address>[^/]*)(?:/(?P<length>[0-9]*))?\Z")


class SpfSyntaxError(ValueError):
    """A record that does not follow the ABNF of RFC 7208 §12 (or a MUST of §6-§7): receivers answer permerror."""


@dataclass(frozen=True)
class Term:
    """One term of an SPF record: `qualifier` is "" for modifiers, `value` the domain or network;
    `cidr4`/`cidr6` the dual-cidr-length of a and mx (§5.3, §5.4)."""

    text: str
    name: str
    qualifier: str = ""
    value: str | None = None
    modifier: bool = False
    cidr4: int | None = None
    cidr6: int | None = None

    @property
    def lookup(self) -> bool:
        return self.name in LOOKUP_TERMS


def is_spf(text: str) -> bool:
    """§4.5: the version section is exactly `v=spf1`, alone or followed by a space."""
    lowered = text.lower()
    return lowered == VERSION or lowered.startswith(VERSION + " ")


def parse(text: str) -> tuple[Term, ...]:
    """The terms after `v=spf1` (§12: `record = version terms *SP`, terms separated by 1*SP); raises
    SpfSyntaxError naming the first bad term."""
    if not is_spf(text):
        raise SpfSyntaxError(f'"{text[:40]}" does not start with "v=spf1 " (RFC 7208 §4.5)')
    terms = tuple(parse_term(token) for token in text.split(" ")[1:] if token)
    for name in ("redirect", "exp"):
        if sum(term.name == name for term in terms) > 1:
            raise SpfSyntaxError(f'the modifier "{name}" appears more than once (RFC 7208 §6)')
    return terms


def fail(token: str, problem: str) -> SpfSyntaxError:
    return SpfSyntaxError(f'"{clipped(token)}": {problem}')


def parse_term(token: str) -> Term:
    modifier = MODIFIER.fullmatch(token)
    if modifier and not MECHANISM_PREFIX.match(token):
        name, value = modifier.group("name").lower(), modifier.group("value")
        known = name in ("redirect", "exp")
        problem = domain_spec_problem(value) if known else macro_string_problem(value, domain=False)
        if problem:
            raise fail(token, problem)
        return Term(text=token, name=name, value=value, modifier=True)
    return parse_mechanism(token)


MECHANISM_PREFIX = re.compile(r"[+\-~?]|(?:all|include|a|mx|ptr|ip4|ip6|exists)(?:[:/]|\Z)", re.IGNORECASE)
"""A term that starts like a directive is parsed as one, even if a `=` follows (`a:x=y.example.com`)."""


def parse_mechanism(token: str) -> Term:
    match = MECHANISM.fullmatch(token)
    name = match.group("name").lower() if match else ""
    if not match or name not in MECHANISMS:
        raise fail(token, "not an SPF mechanism or modifier (RFC 7208 §5, §6)")
    qualifier, rest = match.group("qualifier") or "+", match.group("rest")
    if name in ("ip4", "ip6"):
        return Term(text=token, name=name, qualifier=qualifier, value=network(name, rest, token))
    if name == "all":
        if rest:
            raise fail(token, "all takes no argument (RFC 7208 §5.1)")
        return Term(text=token, name=name, qualifier=qualifier)
    domain, cidr4, cidr6 = split_cidr(name, rest, token)
    if name in ("include", "exists") and domain is None:
        raise fail(token, f"{name} needs a domain (RFC 7208 §5.2, §5.7)")
    if domain is not None:
        problem = domain_spec_problem(domain)
        if problem:
            raise fail(token, problem)
    return Term(text=token, name=name, qualifier=qualifier, value=domain, cidr4=cidr4, cidr6=cidr6)


def split_cidr(name: str, rest: str, token: str) -> tuple[str | None, int | None, int | None]:
    """`[":" domain-spec] [dual-cidr-length]` (only a and mx take the CIDR part, §5.3, §5.4)."""
    if rest and not rest.startswith((":", "/")):
        raise fail(token, "not an SPF mechanism or modifier (RFC 7208 §5, §6)")
    cidr = DUAL_CIDR.search(rest)
    v4, v6 = (cidr.group("v4"), cidr.group("v6")) if cidr else (None, None)
    body = rest[:cidr.start()] if cidr else rest
    if (v4 is not None or v6 is not None) and name not in ("a", "mx"):
        raise fail(token, "only a, mx, ip4 and ip6 take a prefix length (RFC 7208 §5.6)")
    problem = cidr_problem(v4, v6)
    if problem:
        raise fail(token, problem)
    if body and not body.startswith(":") or body == ":":
        raise fail(token, "expected ':' and a domain (RFC 7208 §12)")
    return (body[1:] or None), (int(v4) if v4 is not None else None), (int(v6) if v6 is not None else None)


def network(name: str, rest: str, token: str) -> str:
    """§12 ip4 = "ip4" ":" ip4-network [ip4-cidr-length]; ip6 likewise."""
    match = IP_CIDR.fullmatch(rest[1:]) if rest.startswith(":") else None
    if match is None:
        raise fail(token, f"{name} needs ':' and an address (RFC 7208 §5.6)")
    address, length = match.group("address"), match.group("length")
    if name == "ip4":
        problem = None if IP4_NETWORK.fullmatch(address) else (
            f"{clipped(address)} is not a dotted-quad IPv4 address without leading zeros (RFC 7208 §12)")
        problem = problem or (cidr_problem(length, None) if length is not None else None)
    else:
        problem = ip6_problem(address) or (cidr_problem(None, length) if length is not None else None)
    if problem:
        raise fail(token, problem)
    suffix = f"/{length}" if length is not None else ""
    return str(ipaddress.ip_network(address + suffix, strict=False))


def cautions(terms: tuple[Term, ...]) -> tuple[str, ...]:
    """Where launchready is stricter than RFC 7208: domains the ABNF allows but DNS cannot look up as
    written. Receivers do not answer permerror for the syntax; the lookup then finds nothing."""
    return tuple(f'"{clipped(term.text)}": {note}' for term in terms if term.value and term.name in DOMAIN_TERMS
                 and (note := caution(term.value)))


DOMAIN_TERMS = frozenset({"include", "a", "mx", "ptr", "exists", "redirect", "exp"})
"""Terms whose value is a domain-spec (§12); unknown modifiers hold any macro-string and are never looked up."""


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


WIDEST_IP4 = 8
"""An ip4 (or a/mx ip4 CIDR) prefix shorter than /8 covers over 16 million addresses: no sender owns that, so
launchready treats it as authorizing everyone. ip6: shorter than /16."""
WIDEST_IP6 = 16


def reached(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """§5.1: mechanisms after `all` are never tested."""
    final = all_term(terms)
    return terms if final is None else terms[:terms.index(final) + 1]


def authorizes_everyone(term: Term) -> bool:
    """A pass-qualified term that matches every client: `+all`, or an address range wider than WIDEST_IP4/6."""
    if term.qualifier != "+":
        return False
    if term.name == "all":
        return True
    if term.name in ("ip4", "ip6") and term.value:
        prefix = ipaddress.ip_network(term.value).prefixlen
        return prefix < (WIDEST_IP4 if term.name == "ip4" else WIDEST_IP6)
    return (term.cidr4 is not None and term.cidr4 < WIDEST_IP4) or (term.cidr6 is not None and term.cidr6 < WIDEST_IP6)


def everyone_terms(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    return tuple(term for term in reached(terms) if authorizes_everyone(term))


def authorizes_senders(terms: tuple[Term, ...]) -> bool:
    """Whether the record can give pass to anyone: a pass-qualified mechanism other than nothing, or a redirect
    (`v=spf1 -all` and `v=spf1 ~all` authorize no one)."""
    return any(term.qualifier == "+" and not term.modifier for term in reached(terms)) or (
        all_term(terms) is None and redirect_term(terms) is not None)
