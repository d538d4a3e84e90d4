"""Amazon SES's own verdict (`--ses-region`): the identity exists, Easy DKIM and the custom MAIL FROM
domain verified, and the DKIM tokens SES holds are the ones the stack publishes. Synchronous (boto3);
the family runs it in a thread. SES errors become findings, never exceptions."""

from __future__ import annotations

from launchready.core.dnsname import fqdn
from launchready.core.errors import LaunchreadyError
from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.spec.email import Ses
from validators.context import CheckContext, SesStatus


def ses_senders(ctx: CheckContext) -> list[Ses]:
    email = ctx.spec.email
    return [p for p in email.send if isinstance(p, Ses)] if email else []


def check_ses(ctx: CheckContext) -> list[Finding]:
    zone, region = ctx.plan.zone, ctx.ses_region or ""
    senders = ses_senders(ctx)
    subject = Subject(type="SES", url=ctx.ses_endpoint)
    if not senders:
        return [failed("email.ses.identity", zone, f"--ses-region {region} was given but the stack declares no "
                       "ses sender under email.send", subject, warning=True)]
    if ctx.ses_lookup is None:
        return [failed("email.ses.identity", zone, f"--ses-region {region}: no SES client was given", subject)]
    try:
        found = ctx.ses_lookup(zone, ctx.budget())
    except LaunchreadyError as exc:
        return [failed("email.ses.identity", zone, f"{exc}", subject)]
    if not found.exists:
        return [failed("email.ses.identity", zone, f"SES in {region} has no identity for {zone}; run `launchready "
                       f"email ses --stack {ctx.plan.stack or 'NAME'} --region {region}`", subject)]
    sender = senders[0]
    return [
        passed("email.ses.identity", zone, f"SES in {region} has the identity {zone} "
               f"(verification {found.verification})", subject, observed=found.verification),
        dkim_finding(found, region, subject),
        tokens_finding(found, sender, subject),
        *mail_from_findings(found, sender, zone, subject),
    ]


def dkim_finding(found: SesStatus, region: str, subject: Subject) -> Finding:
    if found.dkim == "Success":
        return passed("email.ses.dkim", found.domain, "SES verified Easy DKIM", subject, observed=found.dkim)
    return failed("email.ses.dkim", found.domain, f"SES in {region} reports DKIM {found.dkim}: it has not found "
                  "the three CNAMEs yet (detection can take up to 72 hours); check email.dkim.* findings", subject,
                  warning=found.dkim == "Pending", expected="Success", observed=found.dkim)


def tokens_finding(found: SesStatus, sender: Ses, subject: Subject) -> Finding:
    if set(found.tokens) == set(sender.dkim_tokens):
        return passed("email.ses.tokens", found.domain, "the stack publishes the DKIM tokens SES holds", subject)
    return failed("email.ses.tokens", found.domain, "the stack's dkim_tokens differ from the tokens SES holds; run "
                  "`launchready email ses` again to write them", subject, expected=list(found.tokens),
                  observed=list(sender.dkim_tokens))


def mail_from_findings(found: SesStatus, sender: Ses, zone: str, subject: Subject) -> list[Finding]:
    if not sender.mail_from:
        return []
    wanted = fqdn(sender.mail_from, zone)
    if found.mail_from != wanted:
        return [failed("email.ses.mail_from", wanted, f"SES uses MAIL FROM {found.mail_from or 'its default'}, not "
                       f"{wanted}; run `launchready email ses` again", subject, expected=wanted,
                       observed=found.mail_from)]
    if found.mail_from_status != "Success":
        return [failed("email.ses.mail_from", wanted, f"SES reports MAIL FROM {wanted} {found.mail_from_status}: "
                       "it has not seen the MX and SPF records there yet", subject,
                       warning=found.mail_from_status == "Pending", expected="Success",
                       observed=found.mail_from_status)]
    return [passed("email.ses.mail_from", wanted, f"SES verified MAIL FROM {wanted}", subject)]
