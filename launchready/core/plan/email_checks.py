"""Mail rules that need the planned records: SPF as published (planned from `email` and written by
hand, together) and the TXT names the email section owns. Each reads the plan's records, whose
`source` names the key that produced them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from launchready.core.errors import Problem
from launchready.core.mailauth import providers, spf
from launchready.core.plan.model import PlannedRecord

PlanRule = Callable[[list[PlannedRecord]], Iterator[Problem]]


def published_spf(records: list[PlannedRecord]) -> list[PlannedRecord]:
    """Every SPF record the stack would publish: planned from `email`, then hand-written."""
    spf_records = [r for r in records if r.type == "TXT" and spf.is_spf(r.content)]
    return sorted(spf_records, key=lambda r: r.source.startswith("records["))


def spf_once_per_name(records: list[PlannedRecord]) -> Iterator[Problem]:
    """RFC 7208 §4.5: two `v=spf1` records at one name make every SPF check a permerror."""
    seen: dict[str, str] = {}
    for record in published_spf(records):
        if record.name in seen:
            yield Problem(record.source, f"a second SPF record at {record.name} (the first comes from "
                          f"{seen[record.name]}); RFC 7208 §4.5 makes that a permerror. Remove the hand-written "
                          "one: email.send merges every sender into one record, or add its terms as a custom sender")
        seen.setdefault(record.name, record.source)


def lookup_count(terms: tuple[spf.Term, ...]) -> tuple[int, list[str]]:
    """DNS-querying terms (RFC 7208 §4.6.4), with known provider includes at their documented depth."""
    total, notes = 0, []
    for term in spf.lookup_terms(terms):
        cost = providers.include_cost(term.value or "") if term.name in ("include", "redirect") else None
        total += cost.lookups if cost else 1
        notes.append(f"{term.text} {cost.lookups}" if cost and cost.lookups > 1 else term.text)
    return total, notes


def spf_records_sound(records: list[PlannedRecord]) -> Iterator[Problem]:
    """Syntax (RFC 7208 §12), the 10-lookup limit (§4.6.4), no ptr (§5.5), no +all (§5.1), no
    range that covers everyone."""
    for record in published_spf(records):
        name, source = record.name, record.source
        try:
            terms = spf.parse(record.content)
        except spf.SpfSyntaxError as exc:
            yield Problem(source, f"the SPF record for {name} is invalid: {exc}")
            continue
        for caution in spf.cautions(terms):  # valid RFC 7208 syntax, but no name DNS can look up
            yield Problem(source, f"SPF for {name}: {caution}; RFC 7208 allows the text, but DNS cannot look the "
                          "name up, so the term never matches (an include or redirect then fails with permerror, "
                          "§5.2). Fix the term")
        total, notes = lookup_count(terms)
        if total > spf.MAX_LOOKUPS:
            yield Problem(source, f"SPF for {name} would need {total} DNS lookups ({', '.join(notes)}); RFC 7208 "
                          "§4.6.4 allows 10. Drop a sender, or move one to its own MAIL FROM subdomain")
        if any(term.name == "ptr" for term in terms):
            yield Problem(source, f"SPF for {name} uses ptr, which RFC 7208 §5.5 says not to use (slow, "
                          "unreliable, and many receivers ignore it); list the addresses with ip4/ip6")
        final = spf.all_term(terms)
        if final and final.qualifier in ("+", "?"):
            yield Problem(source, f'SPF for {name} ends in "{final.text}", which lets anyone send as {name} '
                          "(RFC 7208 §5.1); end it in ~all or -all")
        yield from wide_range_problems(name, source, terms)


def wide_range_problems(name: str, source: str, terms: tuple[spf.Term, ...]) -> Iterator[Problem]:
    """The live check's email.spf.all threshold: a pass range shorter than /8 (IPv4) or /16 (IPv6) is everyone."""
    for term in spf.everyone_terms(terms):
        if term.name != "all":
            yield Problem(source, f'SPF for {name} has "{term.text}", which authorizes every sender, so anyone can '
                          f"send as {name} (RFC 7208 §5.6); list your senders' own ranges (ip4 /{spf.WIDEST_IP4} or "
                          f"longer, ip6 /{spf.WIDEST_IP6} or longer)")


def email_txt_owned(records: list[PlannedRecord]) -> Iterator[Problem]:
    """A DKIM selector and `_dmarc` hold one TXT each: two keys at a selector give undefined results
    (RFC 6376 §3.6.2.2) and two DMARC records make receivers apply no policy (RFC 7489 §6.6.3)."""
    owned = {r.name: r.source for r in records
             if r.type == "TXT" and r.source.startswith("email.") and not spf.is_spf(r.content)}
    for record in records:
        if record.type == "TXT" and record.source.startswith("records[") and record.name in owned:
            kind = "DMARC record" if record.name.startswith("_dmarc.") else "DKIM key"
            yield Problem(record.source, f"{record.name} already gets its {kind} from {owned[record.name]}, and "
                          f"two TXT records there break it; remove this one and keep the {kind} under email")


EMAIL_PLAN_RULES: tuple[PlanRule, ...] = (email_txt_owned, spf_once_per_name, spf_records_sound)
