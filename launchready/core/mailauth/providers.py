"""What each mail provider asks of DNS: SPF includes and what they cost, DKIM record shapes, MX hosts.

Facts from the providers' own DNS set-up pages and their Domain Connect templates (github.com/Domain-
Connect/Templates); each lookup cost below names its source and when it was read. Providers change these
records: the spec rules count with this table before anything exists, `launchready check email` and
`launchready validate --only email` count the live records.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IncludeCost:
    """DNS-querying terms one `include:` costs in total: 1 for itself plus its nested terms."""

    lookups: int
    source: str


KNOWN_INCLUDES: dict[str, IncludeCost] = {
    "_spf.google.com": IncludeCost(3, "includes _netblocks and _netblocks2 (_netblocks3 dropped in "
                                   "2025-12; duocircle.com, read 2026-11)"),
    "spf.protection.outlook.com": IncludeCost(2, "nests spfd.protection.outlook.com (mailsleuth.ai "
                                              "2026-06, read 2026-11)"),
    "amazonses.com": IncludeCost(1, "ip4 ranges only (wirewiki.com amazonses.com include, read 2026-11)"),
    "sendgrid.net": IncludeCost(1, "ip4 ranges only (wirewiki.com sendgrid.net include, read 2026-11)"),
    "spf.mtasv.net": IncludeCost(1, "ip4 ranges only (Postmark return-path target; not re-verified)"),
    "mailgun.org": IncludeCost(5, "_spf.mailgun.org (-> _spf1, _spf2) and _spf.eu.mailgun.org "
                               "(wirewiki.com, read 2026-11)"),
}
"""Documented nesting of the includes the presets use. An include not listed costs 1 here."""

SES_DKIM_TARGET = "{token}.dkim.amazonses.com"
SES_FEEDBACK_MX = "feedback-smtp.{region}.amazonses.com"
SES_INBOUND_MX = "inbound-smtp.{region}.amazonaws.com"
SES_INCLUDE = "amazonses.com"
GOOGLE_INCLUDE = "_spf.google.com"
MICROSOFT_INCLUDE = "spf.protection.outlook.com"
MAILGUN_INCLUDE = "mailgun.org"
POSTMARK_RETURN_PATH_TARGET = "pm.mtasv.net"

GOOGLE_MX = ((1, "aspmx.l.google.com"), (5, "alt1.aspmx.l.google.com"), (5, "alt2.aspmx.l.google.com"),
             (10, "alt3.aspmx.l.google.com"), (10, "alt4.aspmx.l.google.com"))
"""Google Workspace MX set (DNSHealth MailProviders/Google.json citing support.google.com/a/answer/174126)."""
MAILGUN_MX = ((10, "mxa.mailgun.org"), (10, "mxb.mailgun.org"))


def include_cost(domain: str) -> IncludeCost:
    return KNOWN_INCLUDES.get(domain.lower().rstrip("."), IncludeCost(1, "not a known provider include"))


def microsoft_dkim_target(selector: str, zone: str, tenant: str, partition: str | None) -> str:
    """Microsoft 365 DKIM CNAME target: the tenant's onmicrosoft.com form, or for custom domains added
    since 2025-05 `<tenant>.<partition>.dkim.mail.microsoft` (defender-docs email-authentication-dkim-configure)."""
    host = f"{selector}-{zone.replace('.', '-')}._domainkey"
    return f"{host}.{tenant}.{partition}.dkim.mail.microsoft" if partition else f"{host}.{tenant}.onmicrosoft.com"


def microsoft_mx(zone: str) -> str:
    """`<domain-key>.mail.protection.outlook.com`, the zone with dots as dashes (DNSHealth Microsoft365.json)."""
    return f"{zone.replace('.', '-')}.mail.protection.outlook.com"
