"""SPF checks (RFC 7208) for one sending name: one record, valid syntax, the planned terms, at most 10
DNS-querying terms and 2 void lookups through nested include/redirect, no loops, no ptr, a strict
ending, and a size that fits a DNS answer.

The walk evaluates the record the way a receiver's processing limits see it (§4.6.4): it does not
need a client address because it counts every term that could cost a query, as checkdmarc and
internet.nl do. Macros are not expanded, so a term with a macro is counted but not followed.
"""

from __future__ import annotations

from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.mailauth import spf
from validators.dnsquery import bare
from validators.email.lookup import Lookup, Txt, unanswered
from validators.email.spf_policy import Walk, policy_findings

MAX_WALK = 30
"""Stop following includes after this many lookups: enough to show how far over 10 a record is."""


def spf_texts(txt: Txt) -> list[str]:
    return [text for text in txt.texts if spf.is_spf(text)]


def is_void(status: str) -> bool:
    """§4.6.4: a query answered NOERROR with no answers, or NXDOMAIN."""
    return status in ("nxdomain", "nodata")


async def walk(lookup: Lookup, domain: str, terms: tuple[spf.Term, ...], chain: tuple[str, ...], found: Walk,
               via: tuple[spf.Term, ...] = ()) -> None:
    """Count the DNS-querying terms of `domain`'s record and of every record it includes or redirects to;
    `via` holds the include/redirect terms that led here."""
    note_reach(domain, terms, via, found)
    has_all = spf.all_term(terms) is not None
    for term in terms:
        if not term.lookup or len(found.lookups) >= MAX_WALK or (term.name == "redirect" and has_all):
            continue
        found.lookups.append(f"{domain}: {term.text}")
        target = bare(term.value or domain)
        if "%" in target or term.name == "ptr":
            if term.name == "ptr" and chain[1:]:
                found.nested_ptr.append(f"{domain}: {term.text}")
            continue
        if term.name in ("include", "redirect"):
            await follow(lookup, domain, term, target, chain, found, via)
        else:
            await count_void(lookup, term.name, target, found)


def note_reach(domain: str, terms: tuple[spf.Term, ...], via: tuple[spf.Term, ...], found: Walk) -> None:
    """§5.2: an include matches when the included record passes; §6.1: a redirect's result is the result. So a
    term matching everyone, reached through pass-qualified includes and redirects, authorizes everyone at the top."""
    if all(step.name == "redirect" or step.qualifier == "+" for step in via):
        found.everyone += [(domain, term) for term in spf.everyone_terms(terms)]
    if via and all(step.name == "redirect" for step in via):
        found.ending = (domain, spf.all_term(terms))


async def follow(lookup: Lookup, domain: str, term: spf.Term, target: str, chain: tuple[str, ...],
                 found: Walk, via: tuple[spf.Term, ...]) -> None:
    if target in chain:
        found.loops.append(" → ".join((*chain, target)))
        return
    txt = await lookup.txt(target)
    problem = unanswered(txt.answer, f"{domain}'s {term.text}")
    if problem:
        found.unchecked.append(problem)
        return
    if is_void(txt.answer.status):
        found.void.append(f"{term.text} ({txt.answer.status})")
    records = spf_texts(txt)
    if len(records) != 1:
        what = "no SPF record" if not records else f"{len(records)} SPF records"
        found.broken.append(f"{domain}: {term.text} finds {what} at {target} (§5.2: permerror)")
        return
    try:
        nested = spf.parse(records[0])
    except spf.SpfSyntaxError as exc:
        found.broken.append(f"{domain}: {term.text}: {exc}")
        return
    await walk(lookup, target, nested, (*chain, target), found, (*via, term))


async def count_void(lookup: Lookup, mechanism: str, target: str, found: Walk) -> None:
    if mechanism == "mx":
        answer = await lookup.query(target, "MX")
        if len(answer.rdata) > 10:
            found.broken.append(f"mx:{target} has {len(answer.rdata)} MX hosts; §4.6.4 allows 10")
        statuses = [answer.status]
    elif mechanism == "exists":
        statuses = [(await lookup.query(target, "A")).status]
    else:
        statuses = [a.status for a in await lookup.addresses(target)]
    if all(is_void(status) for status in statuses):
        found.void.append(f"{mechanism}:{target} ({statuses[0]})")


async def check_name(lookup: Lookup, name: str, planned: str | None) -> list[Finding]:
    """Every SPF finding for the sending name `name`."""
    txt = await lookup.txt(name)
    subject = Subject(type="TXT", resolver=str(txt.answer.server))
    records = [(text, strings) for text, strings in zip(txt.texts, txt.records, strict=True) if spf.is_spf(text)]
    if len(records) != 1:
        return [record_count_finding(name, len(records), txt, planned is not None, subject)]
    text, strings = records[0]
    findings = [passed("email.spf.record", name, f"{name} publishes one SPF record (RFC 7208 §4.5)", subject,
                       observed=text), *size_findings(name, strings, subject)]
    try:
        terms = spf.parse(text)
    except spf.SpfSyntaxError as exc:
        return [*findings, failed("email.spf.syntax", name, f"the SPF record at {name} is invalid, so receivers "
                                  f"answer permerror: {exc}", subject, observed=text)]
    findings.append(syntax_finding(name, terms, subject))
    findings += expected_terms(name, terms, planned, subject)
    found = Walk()
    await walk(lookup, name, terms, (name,), found)
    findings += policy_findings(name, terms, found, subject)
    return findings + walk_findings(name, found, subject)


def syntax_finding(name: str, terms: tuple[spf.Term, ...], subject: Subject) -> Finding:
    """A pass, or a warning where launchready is stricter than the RFC (the syntax is valid, so receivers do
    not answer permerror for it; what the lookup then finds is judged by the include checks)."""
    cautions = spf.cautions(terms)
    if not cautions:
        return passed("email.spf.syntax", name, "the record follows RFC 7208 §12", subject)
    return failed("email.spf.syntax", name, f"the SPF record at {name} follows RFC 7208 §12, but launchready is "
                  f"stricter than the RFC here: {'; '.join(cautions)}. Receivers look such a name up as written "
                  "and find nothing; check the term", subject, warning=True)


def record_count_finding(name: str, count: int, txt: Txt, planned: bool, subject: Subject) -> Finding:
    if count == 0:
        problem = unanswered(txt.answer, f"the SPF record of {name}")
        if problem:
            return failed("email.spf.record", name, problem, subject, observed=txt.answer.status.upper())
        status = txt.answer.status
        why = f"{status.upper()}: no TXT records" if status != "ok" else "no TXT record starts with v=spf1"
        fix = ("Publish the planned record (launchready plan shows it)" if planned else
               'Publish one that lists your senders, e.g. "v=spf1 include:<provider> ~all" ("v=spf1 -all" when '
               "the domain sends no mail)")
        return failed("email.spf.record", name, f"{name} has no SPF record ({why}); receivers treat its mail as "
                      f"unauthenticated. {fix}", subject)
    return failed("email.spf.record", name, f"{name} has {count} SPF records; RFC 7208 §4.5 makes that a permerror "
                  "for every message. Merge them into one", subject, observed=list(txt.texts))


def size_findings(name: str, strings: tuple[bytes, ...], subject: Subject) -> list[Finding]:
    """§3.3: a character-string holds 255 bytes; §3.4: keep the record within a 512-byte answer."""
    size = sum(len(s) for s in strings)
    if any(len(s) > 255 for s in strings):
        return [failed("email.spf.size", name, f"a string of the SPF record at {name} exceeds 255 bytes "
                       "(RFC 7208 §3.3); split it", subject, observed=size)]
    if size > spf.MAX_RECORD_BYTES:
        return [failed("email.spf.size", name, f"the SPF record at {name} is {size} bytes; above 512 the answer "
                       "may not fit in UDP and some receivers fail it (RFC 7208 §3.4). Shorten it", subject,
                       expected=f"<= {spf.MAX_RECORD_BYTES}", observed=size)]
    if size > spf.WARN_RECORD_BYTES:
        return [failed("email.spf.size", name, f"the SPF record at {name} is {size} bytes, close to the 512 that "
                       "fit one UDP answer (RFC 7208 §3.4)", subject, warning=True,
                       expected=f"<= {spf.WARN_RECORD_BYTES}", observed=size)]
    return [passed("email.spf.size", name, f"the SPF record is {size} bytes (RFC 7208 §3.4)", subject)]


def expected_terms(name: str, terms: tuple[spf.Term, ...], planned: str | None,
                   subject: Subject) -> list[Finding]:
    if planned is None:
        return []
    live = {term.text.lower() for term in terms}
    missing = [term.text for term in spf.parse(planned) if term.text.lower() not in live]
    if missing:
        return [failed("email.spf.expected", name, f"the SPF record at {name} lacks {' '.join(missing)}, so mail "
                       "from those senders fails SPF; publish the planned record", subject, expected=planned,
                       observed=" ".join(t.text for t in terms))]
    return [passed("email.spf.expected", name, "every planned SPF term is published", subject, expected=planned)]


def walk_findings(name: str, found: Walk, subject: Subject) -> list[Finding]:
    count, findings = len(found.lookups), []
    more = "+" if count >= MAX_WALK else ""
    if count > spf.MAX_LOOKUPS:
        findings.append(failed("email.spf.lookups", name, f"checking {name} takes {count}{more} DNS lookups "
                               "through nested include/redirect; RFC 7208 §4.6.4 stops at 10 with permerror. "
                               "Remove a sender or move one to its own subdomain", subject,
                               expected=f"<= {spf.MAX_LOOKUPS}", observed=found.lookups))
    else:
        findings.append(passed("email.spf.lookups", name, f"{count} DNS lookups, within 10 (RFC 7208 §4.6.4)", subject,
                               observed=count))
    if len(found.void) > spf.MAX_VOID_LOOKUPS:
        findings.append(failed("email.spf.void", name, f"{len(found.void)} lookups of {name}'s SPF find nothing "
                               f"({', '.join(found.void)}); RFC 7208 §4.6.4 allows 2. Remove the dead terms", subject,
                               observed=found.void))
    else:
        findings.append(passed("email.spf.void", name, f"{len(found.void)} void lookups, within 2 (RFC 7208 §4.6.4)",
                               subject))
    findings += [failed("email.spf.loop", name, f"SPF include/redirect loop {loop}; receivers stop with permerror "
                        "(RFC 7208 §4.6.4, §5.2)", subject) for loop in found.loops]
    findings += [failed("email.spf.include", name, f"{text}; fix or remove that term", subject)
                 for text in found.broken]
    findings += [failed("email.spf.include", name, text, subject) for text in found.unchecked]
    findings += [failed("email.spf.ptr", name, f"an included record uses ptr ({text}; RFC 7208 §5.5)", subject,
                        warning=True) for text in found.nested_ptr]
    return findings
