"""Amazon SES calls shared by `launchready email ses` and the `email.ses.*` checks.

Uses the SES API actions VerifyDomainDkim (creates the domain identity with Easy DKIM, or returns the
tokens of the existing one), SetIdentityMailFromDomain, GetIdentityVerificationAttributes,
GetIdentityDkimAttributes and GetIdentityMailFromDomainAttributes. SES v1 and v2 share identities;
these actions are used because the local emulator the tests run against (moto's server) implements
them, while its SESv2 returns no Easy DKIM tokens and lacks PutEmailIdentityMailFromAttributes.

Credentials come from the standard AWS chain (environment, shared config, SSO, instance role); no
function here prints or returns them. boto3 is imported only when a client is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from launchready.core.errors import LaunchreadyError

DKIM_TOKEN_COUNT = 3


class SesError(LaunchreadyError):
    """An SES call failed; the message names the region and AWS's error code, never credentials."""


@dataclass(frozen=True)
class SesIdentity:
    domain: str
    created: bool
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class SesStatus:
    """What SES says about a domain identity (statuses as SES spells them: Success, Pending, Failed...)."""

    domain: str
    exists: bool
    verification: str | None = None
    dkim: str | None = None
    tokens: tuple[str, ...] = ()
    mail_from: str | None = None
    mail_from_status: str | None = None


def client(region: str, endpoint_url: str | None = None, timeout: float | None = None) -> Any:
    """An SES client; `timeout` caps each call at one attempt of that many seconds to connect and to read
    (botocore's defaults, 60 s and retries, would outlast a check run's --deadline)."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError

    once = {"total_max_attempts": 1}
    config = Config(connect_timeout=timeout, read_timeout=timeout, retries=once) if timeout else None
    try:
        return boto3.client("ses", region_name=region, endpoint_url=endpoint_url, config=config)
    except BotoCoreError as exc:  # botocore checks the region's form before any call (InvalidRegionError)
        raise SesError(f"Amazon SES: no client for region {region!r} ({exc}); name a region such as "
                       "eu-west-1") from None


def call(ses: Any, action: str, **params: Any) -> Any:
    """One SES call; AWS and connection errors become SesError with what to do about them."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    region = ses.meta.region_name
    try:
        return getattr(ses, action)(**params)
    except NoCredentialsError:
        raise SesError(f"Amazon SES ({region}): no AWS credentials found; set AWS_PROFILE or "
                       "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`") from None
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise SesError(f"Amazon SES ({region}) refused {action}: {error.get('Code', 'error')}: "
                       f"{error.get('Message', '')}".rstrip(": ")) from None
    except BotoCoreError as exc:
        raise SesError(f"Amazon SES ({region}): {type(exc).__name__}: {exc}") from None


def identity_exists(ses: Any, domain: str) -> bool:
    attributes = call(ses, "get_identity_verification_attributes", Identities=[domain])
    return domain in attributes.get("VerificationAttributes", {})


def ensure_identity(ses: Any, domain: str) -> SesIdentity:
    """Create the domain identity with Easy DKIM, or read the existing one's tokens."""
    existed = identity_exists(ses, domain)
    tokens = tuple(call(ses, "verify_domain_dkim", Domain=domain).get("DkimTokens", ()))
    if len(tokens) != DKIM_TOKEN_COUNT:
        raise SesError(f"Amazon SES returned {len(tokens)} DKIM tokens for {domain}, not {DKIM_TOKEN_COUNT}; "
                       "check the identity's DKIM settings in the SES console (it may use BYODKIM)")
    return SesIdentity(domain=domain, created=not existed, tokens=tokens)


def set_mail_from(ses: Any, domain: str, mail_from: str, behavior: str) -> None:
    """The custom MAIL FROM domain (a subdomain of the identity that receives no mail)."""
    call(ses, "set_identity_mail_from_domain", Identity=domain, MailFromDomain=mail_from,
         BehaviorOnMXFailure=behavior)


def status(ses: Any, domain: str) -> SesStatus:
    if not identity_exists(ses, domain):
        return SesStatus(domain=domain, exists=False)
    verification = call(ses, "get_identity_verification_attributes", Identities=[domain])
    dkim = call(ses, "get_identity_dkim_attributes", Identities=[domain])["DkimAttributes"].get(domain, {})
    mail_from = call(ses, "get_identity_mail_from_domain_attributes", Identities=[domain])
    mail_from = mail_from["MailFromDomainAttributes"].get(domain, {})
    return SesStatus(
        domain=domain, exists=True,
        verification=verification["VerificationAttributes"][domain].get("VerificationStatus"),
        dkim=dkim.get("DkimVerificationStatus"), tokens=tuple(dkim.get("DkimTokens", ())),
        mail_from=mail_from.get("MailFromDomain"), mail_from_status=mail_from.get("MailFromDomainStatus"),
    )


def lookup(region: str, endpoint_url: str | None = None) -> Callable[[str, float], SesStatus]:
    """What `validate --ses-region` hands the validators: the identity's status within a timeout."""

    def ask(domain: str, timeout: float) -> SesStatus:
        return status(client(region, endpoint_url, timeout=timeout), domain)

    return ask


def checked_region(region: str, flag: str = "--region") -> str:
    """The spec's own rule for an SES region, checked before any AWS call or file edit."""
    from pydantic import TypeAdapter, ValidationError

    from launchready.core.errors import InputError
    from launchready.core.redact import shown
    from launchready.core.spec.email import Region

    try:
        return str(TypeAdapter(Region).validate_python(region))
    except ValidationError:
        raise InputError(f"{flag} {shown(region)} is not an AWS region name; write it like eu-west-1 or "
                         "us-east-1") from None
