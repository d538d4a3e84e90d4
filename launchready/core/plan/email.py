"""Mail records from the `email` section: SPF, DKIM, envelope (MAIL FROM) records, MX and DMARC.

One SPF record per sending name, the union of every provider that sends as that name, because a
second `v=spf1` record at a name is a permerror (RFC 7208 §4.5). The envelope domain is where the
SPF check runs (RFC 7208 §2.4), so providers with a custom MAIL FROM (SES, Resend) get their include
on that subdomain, not the apex. DKIM CNAMEs are never proxied: a proxied name answers with
Cloudflare addresses, not the provider's key (Cloudflare, "Proxy status: which records can be
proxied", read 2026-11; RFC 6376 §3.6.2.1 puts the key at <selector>._domainkey).

Planning is total on a spec the models accepted: missing tokens or keys plan nothing, so the rules
over the plan (launchready.core.plan.email_checks) can count SPF lookups as they will be published.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from launchready.core.dnsname import fqdn, normalize_name
from launchready.core.mailauth import dkim, dmarc, providers, spf
from launchready.core.plan.model import PlannedRecord
from launchready.core.plan.records import DEFAULT_RECORD_TTL, record_key, txt_record
from launchready.core.spec.email import (
    Custom,
    EmailSpec,
    GoogleWorkspace,
    Mailgun,
    Microsoft365,
    MxHost,
    Postmark,
    Provider,
    Resend,
    SendGrid,
    Ses,
)
from launchready.core.spec.models import DomainSpec


@dataclass(frozen=True)
class SpfPart:
    """SPF terms one provider needs at one name."""

    name: str
    terms: tuple[str, ...]
    source: str


def send_source(index: int) -> str:
    return f"email.send[{index}]"


def spf_parts(provider: Provider, zone: str, source: str) -> Iterator[SpfPart]:
    """Where each provider's envelope domain is, and the terms it needs there."""
    if isinstance(provider, Ses) and provider.mail_from:
        yield SpfPart(fqdn(provider.mail_from, zone), (f"include:{providers.SES_INCLUDE}",), source)
    elif isinstance(provider, GoogleWorkspace):
        yield SpfPart(zone, (f"include:{providers.GOOGLE_INCLUDE}",), source)
    elif isinstance(provider, Microsoft365):
        yield SpfPart(zone, (f"include:{providers.MICROSOFT_INCLUDE}",), source)
    elif isinstance(provider, Resend):
        yield SpfPart(fqdn(provider.return_path, zone), (f"include:{providers.SES_INCLUDE}",), source)
    elif isinstance(provider, Mailgun):
        yield SpfPart(fqdn(provider.domain, zone), (f"include:{providers.MAILGUN_INCLUDE}",), source)
    elif isinstance(provider, Custom):
        terms = [f"ip4:{n}" for n in provider.ip4] + [f"ip6:{n}" for n in provider.ip6]
        terms += [*provider.mechanisms, *(f"include:{d}" for d in provider.includes)]
        if terms:
            yield SpfPart(fqdn(normalize_name(provider.mail_from), zone) if provider.mail_from != "@" else zone,
                          tuple(terms), source)


def spf_texts(email: EmailSpec, zone: str) -> dict[str, tuple[str, str]]:
    """name → (SPF record text, source) for every sending name, providers merged in spec order."""
    merged: dict[str, tuple[list[str], list[str]]] = {}
    for i, provider in enumerate(email.send):
        for part in spf_parts(provider, zone, send_source(i)):
            terms, sources = merged.setdefault(part.name, ([], []))
            terms.extend(part.terms)
            sources.append(part.source)
    return {name: (spf.record_text(terms, email.spf_all), sources[0] if len(sources) == 1 else "email.send")
            for name, (terms, sources) in merged.items()}


def spf_records(spec: DomainSpec) -> tuple[PlannedRecord, ...]:
    email, zone = spec.email, spec.zone.name
    if email is None:
        return ()
    if not email.sends_mail:
        return (txt_record(zone, zone, "v=spf1 -all", DEFAULT_RECORD_TTL, "email.sends_mail",
                           key=record_key(zone, zone, "TXT", "spf")),)
    return tuple(txt_record(name, zone, text, DEFAULT_RECORD_TTL, source, key=record_key(name, zone, "TXT", "spf"))
                 for name, (text, source) in spf_texts(email, zone).items())


def cname(name: str, zone: str, target: str, source: str) -> PlannedRecord:
    return PlannedRecord(name=name, type="CNAME", content=normalize_name(target), ttl=DEFAULT_RECORD_TTL,
                         proxied=False, key=record_key(name, zone, "CNAME", None), source=source)


def dkim_txt(selector: str, domain: str, zone: str, key: str, source: str) -> PlannedRecord:
    name = dkim.key_name(selector, domain)
    return txt_record(name, zone, key, DEFAULT_RECORD_TTL, source, key=record_key(name, zone, "TXT", None))


def mx(name: str, zone: str, priority: int, host: str, source: str) -> PlannedRecord:
    host = normalize_name(host) if host != "." else "."
    discriminator = "null" if host == "." else f"{priority} {host}"
    return PlannedRecord(name=name, type="MX", content=host, priority=priority, ttl=DEFAULT_RECORD_TTL,
                         key=record_key(name, zone, "MX", discriminator), source=source)


def provider_records(provider: Provider, zone: str, source: str) -> Iterator[PlannedRecord]:
    """DKIM keys or CNAMEs, and the envelope records (MAIL FROM MX, return-path CNAME) of one provider."""
    if isinstance(provider, Ses):
        for token in provider.dkim_tokens:
            target = providers.SES_DKIM_TARGET.format(token=token)
            yield cname(dkim.key_name(token, zone), zone, target, source)
        if provider.mail_from and provider.region:
            feedback = providers.SES_FEEDBACK_MX.format(region=provider.region)
            yield mx(fqdn(provider.mail_from, zone), zone, 10, feedback, source)
    elif isinstance(provider, GoogleWorkspace | Postmark | Resend | Mailgun | Microsoft365 | SendGrid):
        yield from preset_dkim(provider, zone, source)
    elif isinstance(provider, Custom):
        yield from custom_dkim(provider, zone, source)


def preset_dkim(provider: Provider, zone: str, source: str) -> Iterator[PlannedRecord]:
    if isinstance(provider, GoogleWorkspace) and provider.dkim_key:
        yield dkim_txt(provider.selector, zone, zone, provider.dkim_key, source)
    elif isinstance(provider, Postmark):
        if provider.selector and provider.dkim_key:
            yield dkim_txt(provider.selector, zone, zone, provider.dkim_key, source)
        yield cname(fqdn(provider.return_path, zone), zone, providers.POSTMARK_RETURN_PATH_TARGET, source)
    elif isinstance(provider, Resend):
        if provider.dkim_key:
            yield dkim_txt("resend", zone, zone, provider.dkim_key, source)
        feedback = providers.SES_FEEDBACK_MX.format(region=provider.region)
        yield mx(fqdn(provider.return_path, zone), zone, 10, feedback, source)
    elif isinstance(provider, Mailgun) and provider.selector and provider.dkim_key:
        yield dkim_txt(provider.selector, fqdn(provider.domain, zone), zone, provider.dkim_key, source)
    elif isinstance(provider, Microsoft365) and provider.tenant:
        for selector in ("selector1", "selector2"):
            target = providers.microsoft_dkim_target(selector, zone, provider.tenant, provider.partition)
            yield cname(dkim.key_name(selector, zone), zone, target, source)
    elif isinstance(provider, SendGrid) and provider.subdomain and provider.user_id and provider.link_id:
        base = f"u{provider.user_id}.wl{provider.link_id}.sendgrid.net"
        yield cname(fqdn(provider.subdomain, zone), zone, base, source)
        for selector in ("s1", "s2"):
            yield cname(dkim.key_name(selector, zone), zone, f"{selector}.domainkey.{base}", source)


def custom_dkim(provider: Custom, zone: str, source: str) -> Iterator[PlannedRecord]:
    for j, entry in enumerate(provider.dkim):
        where = f"{source}.dkim[{j}]"
        if entry.cname:
            yield cname(dkim.key_name(entry.selector, zone), zone, entry.cname, where)
        elif entry.key:
            yield dkim_txt(entry.selector, zone, zone, entry.key, where)


def receive_hosts(email: EmailSpec, zone: str) -> tuple[tuple[int, str], ...]:
    """(priority, exchange) of the inbound MX set; `none` is the null MX of RFC 7505."""
    receive = email.receive
    if receive is None:
        return ()
    if isinstance(receive, tuple):
        return tuple((host.priority, host.host) for host in receive)
    if receive == "none":
        return ((0, "."),)
    if receive == "ses":
        region = next((p.region for p in email.send if isinstance(p, Ses) and p.region), None)
        return ((10, providers.SES_INBOUND_MX.format(region=region)),) if region else ()
    presets = {"google_workspace": providers.GOOGLE_MX, "mailgun": providers.MAILGUN_MX,
               "microsoft365": ((0, providers.microsoft_mx(zone)),)}
    return presets[receive]


def mx_records(spec: DomainSpec) -> tuple[PlannedRecord, ...]:
    email, zone = spec.email, spec.zone.name
    if email is None:
        return ()
    hosts = ((0, "."),) if not email.sends_mail else receive_hosts(email, zone)
    source = "email.sends_mail" if not email.sends_mail else "email.receive"
    return tuple(mx(zone, zone, priority, host, source) for priority, host in hosts)


def dmarc_text(email: EmailSpec) -> str:
    settings = email.dmarc
    tags: list[tuple[str, str]] = [("p", email.policy)]
    tags += [(name, value) for name, value in (("sp", settings.sp), ("adkim", settings.adkim),
                                                ("aspf", settings.aspf)) if value]
    tags += [(name, ",".join(uris)) for name, uris in (("rua", settings.rua), ("ruf", settings.ruf)) if uris]
    return dmarc.record_text(tags)


def dmarc_record(spec: DomainSpec) -> tuple[PlannedRecord, ...]:
    email, zone = spec.email, spec.zone.name
    if email is None:
        return ()
    name = f"_dmarc.{zone}"
    return (txt_record(name, zone, dmarc_text(email), DEFAULT_RECORD_TTL, "email.dmarc",
                       key=record_key(name, zone, "TXT", None)),)


def email_records(spec: DomainSpec) -> tuple[PlannedRecord, ...]:
    """Every mail record of the spec, in a stable order: SPF, provider records, MX, DMARC."""
    email, zone = spec.email, spec.zone.name
    if email is None:
        return ()
    planned = list(spf_records(spec))
    if email.sends_mail:
        for i, provider in enumerate(email.send):
            planned.extend(provider_records(provider, zone, send_source(i)))
    return (*planned, *mx_records(spec), *dmarc_record(spec))


__all__ = ["MxHost", "email_records", "receive_hosts", "spf_records", "spf_texts"]
