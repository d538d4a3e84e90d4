"""Spec rules for mail: everything that would break SPF, DKIM or DMARC is rejected before any record
exists. Each rule yields Problems with the key path and the fix; all of them run.
"""

from __future__ import annotations

from collections.abc import Iterator

from launchready.core.errors import Problem
from launchready.core.mailauth import dkim, dmarc, providers, spf
from launchready.core.spec.email import (
    Custom,
    EmailSpec,
    GoogleWorkspace,
    Mailgun,
    Microsoft365,
    Postmark,
    Provider,
    Resend,
    SendGrid,
    Ses,
)
from launchready.core.spec.models import DomainSpec, RecordSpec, RecordType
from launchready.core.spec.names import fqdn, lenient_name, name_problem, normalize_name

SES_HINT = ("run `launchready email ses --stack NAME --region REGION`: it creates the SES identity and "
            "writes region and dkim_tokens here")
REQUIRED: dict[type, tuple[tuple[str, ...], str]] = {
    Ses: (("region", "dkim_tokens"), SES_HINT),
    GoogleWorkspace: (("dkim_key",), "copy the TXT value from Google Admin › Apps › Gmail › Authenticate email"),
    Microsoft365: (("tenant",), "the initial domain prefix: contoso for contoso.onmicrosoft.com"),
    Postmark: (("selector", "dkim_key"), "Postmark › Sender signatures › DNS settings shows both "
               "(the selector looks like 20260519190009pm)"),
    SendGrid: (("subdomain", "user_id", "link_id"), "SendGrid's domain authentication shows emNNNN and "
               "uNNN.wlNNN.sendgrid.net; user_id and link_id are those numbers"),
    Resend: (("dkim_key",), "copy the resend._domainkey TXT value from Resend › Domains"),
    Mailgun: (("selector", "dkim_key"), "Mailgun › Domains › DNS records shows both"),
}
"""What each preset needs from the provider's dashboard (or API), and where to find it."""


def spf_content(record: RecordSpec) -> str:
    content = record.content or ""
    return "".join(content) if isinstance(content, tuple) else content


def handwritten_spf(spec: DomainSpec) -> Iterator[tuple[str, str, str]]:
    """(fqdn, record text, key path) of each `v=spf1` TXT written by hand under `records`."""
    for i, record in enumerate(spec.records):
        text = spf_content(record)
        if record.type is RecordType.TXT and spf.is_spf(text):
            name = normalize_name(record.name) if record.name != "@" else "@"
            yield fqdn(name, spec.zone.name), text, f"records[{i}]"


def all_spf(spec: DomainSpec) -> list[tuple[str, str, str]]:
    """Every SPF record the stack would publish: planned from `email`, then hand-written."""
    from launchready.core.plan.email import spf_records

    planned = [(record.name, record.content, record.source) for record in spf_records(spec)]
    return planned + list(handwritten_spf(spec))


def email_providers_complete(spec: DomainSpec) -> Iterator[Problem]:
    email = spec.email
    for i, provider in enumerate(email.send if email else ()):
        path = f"email.send[{i}]"
        fields, hint = REQUIRED.get(type(provider), ((), ""))
        missing = [field for field in fields if not getattr(provider, field)]
        if missing:
            yield Problem(path, f"{provider.provider} needs {' and '.join(missing)}; {hint}")
        if isinstance(provider, Ses) and provider.dkim_tokens and len(provider.dkim_tokens) != 3:
            yield Problem(f"{path}.dkim_tokens", f"SES Easy DKIM uses exactly 3 tokens, got "
                          f"{len(provider.dkim_tokens)}; {SES_HINT}")
        yield from dkim_key_problems(provider, path)
        yield from envelope_name_problems(provider, path, spec.zone.name)


def dkim_key_problems(provider: Provider, path: str) -> Iterator[Problem]:
    keys = [(f"{path}.dkim_key", getattr(provider, "dkim_key", None))]
    if isinstance(provider, Custom):
        keys += [(f"{path}.dkim[{j}].key", entry.key) for j, entry in enumerate(provider.dkim)]
    for where, key in keys:
        try:
            if key:
                dkim.public_key(key)
        except dkim.DkimKeyError as exc:
            yield Problem(where, f"is not a usable DKIM key record: {exc}; paste the whole TXT value")


def envelope_name_problems(provider: Provider, path: str, zone: str) -> Iterator[Problem]:
    fields = {"mail_from": getattr(provider, "mail_from", None), "return_path": getattr(provider, "return_path", None),
              "domain": getattr(provider, "domain", None), "subdomain": getattr(provider, "subdomain", None)}
    for field, value in fields.items():
        if not value or value == "@":
            continue
        problem = name_problem(normalize_name(value))
        if problem:
            yield Problem(f"{path}.{field}", f'"{value}" {problem}')
        elif value.endswith(zone):
            yield Problem(f"{path}.{field}", f'write it relative to the zone ("{value.removesuffix("." + zone)}")')


def spf_once_per_name(spec: DomainSpec) -> Iterator[Problem]:
    """RFC 7208 §4.5: two `v=spf1` records at one name make every SPF check a permerror."""
    seen: dict[str, str] = {}
    for name, _, source in all_spf(spec):
        if name in seen:
            yield Problem(source, f"a second SPF record at {name} (the first comes from {seen[name]}); RFC 7208 "
                          "§4.5 makes that a permerror. Remove the hand-written one: email.send merges every "
                          "sender into one record, or add its terms as a custom sender")
        seen.setdefault(name, source)


def lookup_count(terms: tuple[spf.Term, ...]) -> tuple[int, list[str]]:
    """DNS-querying terms (RFC 7208 §4.6.4), with known provider includes at their documented depth."""
    total, notes = 0, []
    for term in spf.lookup_terms(terms):
        cost = providers.include_cost(term.value or "") if term.name in ("include", "redirect") else None
        total += cost.lookups if cost else 1
        notes.append(f"{term.text} {cost.lookups}" if cost and cost.lookups > 1 else term.text)
    return total, notes


def spf_records_sound(spec: DomainSpec) -> Iterator[Problem]:
    """Syntax (RFC 7208 §12), the 10-lookup limit (§4.6.4), no ptr (§5.5), no +all (§5.1)."""
    for name, text, source in all_spf(spec):
        try:
            terms = spf.parse(text)
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


def dmarc_reports_authorized(spec: DomainSpec) -> Iterator[Problem]:
    """RFC 7489 §7.1: reports to another domain need `<zone>._report._dmarc.<host>` there."""
    email, zone = spec.email, spec.zone.name
    if email is None or email.dmarc.external_reports_authorized:
        return
    for tag in ("rua", "ruf"):
        for i, uri in enumerate(getattr(email.dmarc, tag)):
            host = dmarc.uri_host(uri)
            if host and dmarc.is_external(host, zone):
                yield Problem(f"email.dmarc.{tag}[{i}]", f"reports go to {host}, another domain; receivers send "
                              f"them only if {host} publishes TXT \"v=DMARC1\" at "
                              f"{dmarc.authorization_name(zone, host)} (RFC 7489 §7.1). Have the report service "
                              "publish it, then set email.dmarc.external_reports_authorized: true")


def dkim_cnames_not_proxied(spec: DomainSpec) -> Iterator[Problem]:
    """A proxied CNAME answers with Cloudflare's addresses, so verifiers never see the key."""
    email = spec.email
    for i, provider in enumerate(email.send if email else ()):
        for j, entry in enumerate(provider.dkim if isinstance(provider, Custom) else ()):
            if entry.cname and entry.proxied:
                yield Problem(f"email.send[{i}].dkim[{j}].proxied", "a DKIM CNAME must be DNS-only; a proxied name "
                              "hides the provider's key from verifiers. Remove proxied: true")
            if entry.cname and entry.key:
                yield Problem(f"email.send[{i}].dkim[{j}]", "give key (a TXT record) or cname, not both")
    for i, record in enumerate(spec.records):
        if record.proxied and "._domainkey" in f".{record.name.lower()}":
            yield Problem(f"records[{i}].proxied", f"{record.name} is a DKIM key name; it must be DNS-only so "
                          "verifiers reach the key. Remove proxied: true")


def email_txt_owned(spec: DomainSpec) -> Iterator[Problem]:
    """A DKIM selector and `_dmarc` hold one TXT each: two keys at a selector give undefined results
    (RFC 6376 §3.6.2.2) and two DMARC records make receivers apply no policy (RFC 7489 §6.6.3)."""
    from launchready.core.plan.email import email_records

    owned = {record.name: record.source for record in email_records(spec)
             if record.type == "TXT" and not spf.is_spf(record.content)}
    for i, record in enumerate(spec.records):
        name = fqdn(lenient_name(record.name), spec.zone.name) if record.name != "@" else spec.zone.name
        if record.type is RecordType.TXT and name in owned:
            kind = "DMARC record" if name.startswith("_dmarc.") else "DKIM key"
            yield Problem(f"records[{i}]", f"{name} already gets its {kind} from {owned[name]}, and two TXT "
                          f"records there break it; remove this one and keep the {kind} under email")


def mail_posture_consistent(spec: DomainSpec) -> Iterator[Problem]:
    email = spec.email
    if email is None:
        return
    if not email.sends_mail:
        yield from no_mail_problems(email)
    yield from mx_problems(spec, email)


def no_mail_problems(email: EmailSpec) -> Iterator[Problem]:
    """RFC 7505 / M3AAWG parked-domain posture: v=spf1 -all, p=reject and null MX, nothing else."""
    if email.send:
        yield Problem("email.send", "sends_mail: false publishes v=spf1 -all; remove the senders or the flag")
    if email.receive not in (None, "none"):
        yield Problem("email.receive", "sends_mail: false publishes a null MX (RFC 7505); remove receive")
    if email.dmarc.policy not in (None, "reject"):
        yield Problem("email.dmarc.policy", "a domain that sends no mail publishes p=reject; remove the policy")


def mx_problems(spec: DomainSpec, email: EmailSpec) -> Iterator[Problem]:
    zone = spec.zone.name
    manages_mx = email.receive is not None or not email.sends_mail
    for i, record in enumerate(spec.records):
        if manages_mx and record.type is RecordType.MX and fqdn(record.name, zone) == zone:
            yield Problem(f"records[{i}]", "the apex MX set comes from email.receive; declare inbound hosts "
                          "there as [{host, priority}] instead of under records")
    if email.receive == "ses" and not any(isinstance(p, Ses) and p.region for p in email.send):
        yield Problem("email.receive", "receiving with SES needs an ses sender with a region "
                      "(inbound-smtp.<region>.amazonaws.com)")


EMAIL_RULES = (
    dkim_cnames_not_proxied,
    dmarc_reports_authorized,
    email_providers_complete,
    email_txt_owned,
    mail_posture_consistent,
    spf_once_per_name,
    spf_records_sound,
)
