"""Spec rules for mail: everything that would break SPF, DKIM or DMARC is rejected before any record
exists. Each rule yields Problems with the key path and the fix; all of them run.
"""

from __future__ import annotations

from collections.abc import Iterator

from launchready.core.dnsname import fqdn, name_error
from launchready.core.errors import Problem
from launchready.core.mailauth import dkim, dmarc
from launchready.core.private_keys import PRIVATE_KEY_MESSAGE
from launchready.core.redact import shown
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
        if problem := key_record_problem(key):
            whole = problem.startswith("is not a usable") and "remove " not in problem
            yield Problem(where, f"{problem}; paste the whole TXT value" if whole else problem)


def key_record_problem(text: str | None) -> str | None:
    """Why a DKIM key record (RFC 6376 §3.6.1) is unusable, or None; a private key is said so, and never shown."""
    try:
        key = dkim.public_key(text) if text else None
    except dkim.DkimPrivateKeyError:
        return PRIVATE_KEY_MESSAGE
    except dkim.DkimKeyError as exc:
        return f"is not a usable DKIM key record: {exc}"
    if key is not None and key.testing:
        return ("is a DKIM key in testing mode (t=y): verifiers may treat mail signed with it as unsigned "
                "(RFC 6376 §3.6.1); remove t=y")
    return None


def dkim_records_hold_public_keys(spec: DomainSpec) -> Iterator[Problem]:
    """A TXT record under `records` that is a DKIM key record gets the checks of email.send[].dkim_key."""
    for i, record in enumerate(spec.records):
        text = txt_text(record)
        problem = key_record_problem(text) if text is not None and is_key_record(record.name, text) else None
        if problem:
            hint = "" if problem == PRIVATE_KEY_MESSAGE else "; copy the whole TXT value from the mail provider"
            yield Problem(f"records[{i}].content", problem + hint)


def txt_text(record: RecordSpec) -> str | None:
    """A TXT record's text as verifiers read it: its strings joined (RFC 6376 §3.6.2.2)."""
    if record.type is not RecordType.TXT or record.content is None:
        return None
    return record.content if isinstance(record.content, str) else "".join(record.content)


def is_key_record(name: str, text: str) -> bool:
    """A DKIM key record: `v=DKIM1` first, or a name under `_domainkey` (`<selector>._domainkey`), but not
    the historic ADSP record `_adsp._domainkey` (RFC 5617, which holds no key)."""
    labels = name.lower().rstrip(".").split(".")
    under = "_domainkey" in labels[1:] and labels[0] != "_adsp"
    return under or text.lstrip().startswith("v=DKIM1")


def envelope_name_problems(provider: Provider, path: str, zone: str) -> Iterator[Problem]:
    fields = {"mail_from": getattr(provider, "mail_from", None), "return_path": getattr(provider, "return_path", None),
              "domain": getattr(provider, "domain", None), "subdomain": getattr(provider, "subdomain", None)}
    for field, value in fields.items():
        if not value or value == "@":
            continue
        problem = name_error(value)
        if problem:
            yield Problem(f"{path}.{field}", f"{shown(value)} {problem}")
        elif value.endswith(zone):
            yield Problem(f"{path}.{field}", f'write it relative to the zone ({shown(value.removesuffix("." + zone))})')


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
    dkim_records_hold_public_keys,
    dmarc_reports_authorized,
    email_providers_complete,
    mail_posture_consistent,
)
