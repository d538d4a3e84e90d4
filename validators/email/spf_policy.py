"""The SPF verdict on how a record ends (RFC 7208 §5.1, §6.1), through the redirects and includes the walk
followed: a record that authorizes every client (`+all`, an include of a record that passes everyone, an
ip4 range wider than /8 or ip6 wider than /16) lets anyone send as the domain and pass SPF."""

from __future__ import annotations

from dataclasses import dataclass, field

from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.mailauth import spf


@dataclass
class Walk:
    """What following one record's includes and redirects found."""

    lookups: list[str] = field(default_factory=list)
    void: list[str] = field(default_factory=list)
    loops: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    nested_ptr: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    """Includes no resolver answered for: receivers would answer temperror (RFC 7208 §4.4)."""
    everyone: list[tuple[str, spf.Term]] = field(default_factory=list)
    """Terms whose pass reaches the top record and that match every client: where, and the term."""
    ending: tuple[str, spf.Term | None] | None = None
    """The record a chain of redirects from the top ends at, and its `all` (§6.1: its result is the result)."""


def policy_findings(name: str, terms: tuple[spf.Term, ...], found: Walk, subject: Subject) -> list[Finding]:
    """§5.1: what `all` says; §6.1: redirect only without `all`; §5.5: ptr SHOULD NOT be used."""
    findings = []
    if any(term.name == "ptr" for term in terms):
        findings.append(failed("email.spf.ptr", name, f"the SPF record at {name} uses ptr, which RFC 7208 §5.5 "
                               "says not to use; list the senders with ip4/ip6 or include", subject))
    if found.everyone:
        return [*findings, everyone_finding(name, found.everyone, subject)]
    return [*findings, ending_finding(name, terms, found, subject)]


def ending_finding(name: str, terms: tuple[spf.Term, ...], found: Walk, subject: Subject) -> Finding:
    final, redirect = spf.all_term(terms), spf.redirect_term(terms)
    where = name
    if final is None and redirect is not None and found.ending is not None:
        where, final = found.ending[0], found.ending[1]
        redirect = None if final is None else redirect
    if final is None and (redirect is None or where != name):
        return failed("email.spf.all", name, f"the SPF record at {where} has neither all nor redirect, so "
                      "unlisted senders get neutral (RFC 7208 §4.7); end it in ~all or -all", subject)
    if final is not None and final.qualifier == "?":
        return failed("email.spf.all", name, f'the SPF record at {where} ends in "{final.text}", which gives '
                      f"{name}'s unlisted senders neutral (RFC 7208 §5.1, §6.1); end it in ~all or -all", subject)
    ending = f"{final.text}" + (f" (at {where}, by redirect)" if where != name else "") if final else "redirect"
    return passed("email.spf.all", name, f"the record ends in {ending} (RFC 7208 §5.1, §6.1)", subject)


def everyone_finding(name: str, everyone: list[tuple[str, spf.Term]], subject: Subject) -> Finding:
    where = [f'"{term.text}" at {domain}' for domain, term in everyone]
    fixes = sorted({everyone_fix(name, domain, term) for domain, term in everyone})
    return failed("email.spf.all", name, f"the SPF record at {name} authorizes every sender through "
                  f"{', '.join(where)}, so anyone can send as {name} and pass SPF (RFC 7208 §5.1, §5.2, §6.1). "
                  f"{' '.join(fixes)}", subject, observed=[f"{domain}: {term.text}" for domain, term in everyone])


def everyone_fix(name: str, domain: str, term: spf.Term) -> str:
    owner = "" if domain == name else f" (if {domain} is not yours, remove the include or redirect to it)"
    if term.name == "all":
        return f'Change "{term.text}" at {domain} to "-all" or "~all"{owner}.'
    return (f'Replace "{term.text}" at {domain} with your senders\' own ranges (ip4 /{spf.WIDEST_IP4} or longer, '
            f"ip6 /{spf.WIDEST_IP6} or longer) or their include{owner}.")
