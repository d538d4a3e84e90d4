"""`preflight --online`: the checks that ask Cloudflare and AWS what the credentials may do.

Off by default (preflight stays offline and needs no network); with --online, the Cloudflare token
is checked whenever one is available (CLOUDFLARE_API_TOKEN, or cloudflare:apiToken in the stack file,
decrypted with the passphrase when secure), and the AWS identity whenever the stack sends mail
through SES and AWS credentials are set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from launchready.core.findings import Finding, failed
from launchready.core.spec.email import Ses
from launchready.core.spec.models import DomainSpec
from launchready.preflight.environment import AWS_PAIRS, Environment, sends_through_ses
from launchready.preflight.token_checks import ACTIVE, TokenContext, siblings_of, stack_token, token_findings


def cloudflare_findings(path: Path, document: Any, spec: DomainSpec, env: Environment,
                        passphrase: str | None) -> list[Finding]:
    from launchready.preflight.token_api import CloudflareApi, api_base

    base = api_base(env.variables)
    found = stack_token(env.variables, document, passphrase)
    if found is None:
        return [failed(ACTIVE, "CLOUDFLARE_API_TOKEN", "--online: no Cloudflare token to check (set "
                       "CLOUDFLARE_API_TOKEN, or PULUMI_CONFIG_PASSPHRASE to read the secure cloudflare:apiToken)",
                       warning=True)]
    token, source = found
    with CloudflareApi(base, token) as api:
        return token_findings(api, TokenContext(spec, source, siblings_of(path)), token)


def aws_findings(spec: DomainSpec, env: Environment) -> list[Finding]:
    if not sends_through_ses(spec) or spec.email is None:
        return []
    if not any(all(env.has(name) for name in names) for names in AWS_PAIRS):
        return []  # preflight.aws_credentials already says so
    from launchready.preflight.aws_scope import aws_scope_within

    region = next((p.region for p in spec.email.send if isinstance(p, Ses) and p.region), None)
    return aws_scope_within(region or "us-east-1", spec.zone.name)  # IAM and STS answer in any region


def online_findings(path: Path, document: Any, spec: DomainSpec | None, env: Environment,
                    passphrase: str | None) -> list[Finding]:
    if spec is None:
        return []  # preflight.spec reports the invalid spec; scope needs a valid one
    return cloudflare_findings(path, document, spec, env, passphrase) + aws_findings(spec, env)
