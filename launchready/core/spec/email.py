"""The `email` section of the spec: who sends, who receives, the DMARC policy, or no mail at all.

    email:
      send: [google_workspace, {provider: ses, region: eu-west-1, dkim_tokens: [...]}]
      receive: google_workspace          # a preset, a list of {host, priority}, or none (null MX)
      dmarc: {policy: quarantine, rua: mailto:dmarc@example.com}

A bare preset name is shorthand for `{provider: NAME}`. Parameters a provider hands out (DKIM
tokens and keys, tenant names, ids) are optional in the models and required by `email_problems`,
so a missing one is reported with the place to find it. The rules for this section live in
`launchready.core.spec.email_rules`.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from launchready.core.dnsname import check_name, owner_name
from launchready.core.redact import is_plain

Name = Annotated[str, AfterValidator(check_name)]
OwnerName = Annotated[str, AfterValidator(owner_name)]
"""A name relative to the zone ("@" for the apex), normalised when the spec is read."""
Region = Annotated[str, Field(pattern=r"^[a-z]{2}(-[a-z]+)+-\d$")]
Selector = Annotated[str, Field(pattern=r"^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$")]
Policy = Literal["none", "quarantine", "reject"]
MAILTO = re.compile(r"^mailto:[^@\s,;!]+@[^@\s,;!]+(![0-9]+[kmgt]?)?$")


def report_uri(value: str) -> str:
    """A DMARC report address (RFC 7489 §6.4 dmarc-uri) as receivers send to it: mailto:, an optional !size."""
    if MAILTO.match(value):
        return value
    if "@" in value and not value.lower().startswith("mailto:"):
        example = f"mailto:{value}" if is_plain(value) else "mailto:dmarc@example.com"
        raise ValueError(f"is an address without the mailto: scheme DMARC reports need; write {example}")
    raise ValueError("should be a mailto: address, such as mailto:dmarc@example.com")


ReportUri = Annotated[str, AfterValidator(report_uri)]
Network4 = Annotated[ipaddress.IPv4Network, BeforeValidator(lambda v: ipaddress.ip_network(str(v), strict=False))]
Network6 = Annotated[ipaddress.IPv6Network, BeforeValidator(lambda v: ipaddress.ip_network(str(v), strict=False))]


class EmailModel(BaseModel):
    """Same contract as the other spec models: immutable, unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def as_tuple(value: Any) -> Any:
    """`rua: mailto:a@x` and `rua: [mailto:a@x]` mean the same."""
    if isinstance(value, str):
        return (value,)
    return tuple(value) if isinstance(value, list) else value


class Ses(EmailModel):
    """Amazon SES: Easy DKIM (three CNAMEs) and a custom MAIL FROM subdomain (SPF + feedback MX).
    `launchready email ses` fills region, dkim_tokens and mail_from from the SES API."""

    provider: Literal["ses"]
    region: Region | None = None
    mail_from: OwnerName | None = Field(default="mail", description="MAIL FROM subdomain; null keeps amazonses.com")
    behavior_on_mx_failure: Literal["UseDefaultValue", "RejectMessage"] = "UseDefaultValue"
    dkim_tokens: tuple[Annotated[str, Field(pattern=r"^[a-z0-9]{16,64}$")], ...] = ()


class GoogleWorkspace(EmailModel):
    provider: Literal["google_workspace"]
    selector: Selector = "google"
    dkim_key: str | None = Field(default=None, description="the TXT value from Admin console › Gmail › "
                                 "Authenticate email (v=DKIM1; k=rsa; p=...)")


class Microsoft365(EmailModel):
    provider: Literal["microsoft365"]
    tenant: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$",
                               description="initial domain prefix: contoso for contoso.onmicrosoft.com")
    partition: str | None = Field(default=None, pattern=r"^[a-z0-9]{1,4}$",
                                  description="dynamic partition of *.dkim.mail.microsoft targets (2025-05+)")


class Postmark(EmailModel):
    provider: Literal["postmark"]
    selector: Selector | None = Field(default=None, description="e.g. 20260519190009pm")
    dkim_key: str | None = None
    return_path: OwnerName = "pm-bounces"


class SendGrid(EmailModel):
    """SendGrid with Automated Security: every record is a CNAME into sendgrid.net."""

    provider: Literal["sendgrid"]
    subdomain: str | None = Field(default=None, pattern=r"^em[0-9]+$", description="emNNNN")
    user_id: int | None = Field(default=None, ge=1, description="the NNN of uNNN.wlNNN.sendgrid.net")
    link_id: int | None = Field(default=None, ge=1, description="the NNN of wlNNN")


class Resend(EmailModel):
    """Resend sends through SES from a subdomain (`send` by default): SPF + feedback MX there."""

    provider: Literal["resend"]
    dkim_key: str | None = None
    region: Region = "us-east-1"
    return_path: OwnerName = "send"


class Mailgun(EmailModel):
    provider: Literal["mailgun"]
    selector: Selector | None = None
    dkim_key: str | None = None
    domain: OwnerName = Field(default="@", description="the sending domain relative to the zone, e.g. mg")


class DkimEntry(EmailModel):
    """A custom DKIM selector: a TXT key record, or a CNAME into the provider (never proxied)."""

    selector: Selector
    key: str | None = None
    cname: Name | None = None
    proxied: bool = False


class Custom(EmailModel):
    """Any other sender: its SPF terms on `mail_from` (the envelope domain) and its DKIM selectors."""

    provider: Literal["custom"]
    name: str | None = None
    mail_from: OwnerName = "@"
    includes: tuple[Name, ...] = ()
    ip4: tuple[Network4, ...] = ()
    ip6: tuple[Network6, ...] = ()
    mechanisms: tuple[str, ...] = Field(default=(), description="other SPF terms, e.g. a, mx, exists:...")
    dkim: tuple[DkimEntry, ...] = ()


Provider = Annotated[Ses | GoogleWorkspace | Microsoft365 | Postmark | SendGrid | Resend | Mailgun | Custom,
                     Field(discriminator="provider")]
PRESETS = ("ses", "google_workspace", "microsoft365", "postmark", "sendgrid", "resend", "mailgun", "custom")
RECEIVE_PRESETS = ("google_workspace", "microsoft365", "mailgun", "ses", "none")


class MxHost(EmailModel):
    host: Name
    priority: int = Field(default=10, ge=0, le=65535)


class DmarcSpec(EmailModel):
    """DMARC (RFC 7489 §6.3): roll out none → quarantine → reject; reports go to rua/ruf."""

    policy: Policy | None = None
    sp: Policy | None = None
    adkim: Literal["r", "s"] | None = None
    aspf: Literal["r", "s"] | None = None
    rua: Annotated[tuple[ReportUri, ...], BeforeValidator(as_tuple)] = ()
    ruf: Annotated[tuple[ReportUri, ...], BeforeValidator(as_tuple)] = ()
    external_reports_authorized: bool = Field(
        default=False, description="the report domain publishes <zone>._report._dmarc.<host> (RFC 7489 §7.1)")


class EmailSpec(EmailModel):
    """The mail posture of the zone. `sends_mail: false` publishes v=spf1 -all, p=reject and null MX."""

    sends_mail: bool = True
    send: tuple[Provider, ...] = ()
    receive: Literal["google_workspace", "microsoft365", "mailgun", "ses", "none"] | tuple[MxHost, ...] | None = None
    spf_all: Literal["~all", "-all"] = "~all"
    dmarc: DmarcSpec = DmarcSpec()

    @field_validator("send", mode="before")
    @classmethod
    def _preset_shorthand(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str | dict) else value
        if not isinstance(items, list | tuple):
            return value
        return tuple({"provider": item} if isinstance(item, str) else item for item in items)

    @field_validator("receive", mode="before")
    @classmethod
    def _receive_list(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @property
    def policy(self) -> Policy:
        """The DMARC policy to publish: reject for a zone that sends no mail, none until stated."""
        if not self.sends_mail:
            return "reject"
        return self.dmarc.policy or "none"
