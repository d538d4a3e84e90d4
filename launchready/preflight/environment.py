"""What a `pulumi up` run needs from its environment, checked by name (values are never read out).

Sources: pulumi-cloudflare reads `cloudflare:apiToken` or CLOUDFLARE_API_TOKEN (config/vars.py);
the Pulumi CLI needs a backend login (PULUMI_ACCESS_TOKEN, PULUMI_BACKEND_URL or
~/.pulumi/credentials.json) and, for passphrase-encrypted stacks, PULUMI_CONFIG_PASSPHRASE or
PULUMI_CONFIG_PASSPHRASE_FILE; boto3 finds AWS credentials in its documented chain (read 2026-11).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.findings import Finding, failed, passed
from launchready.core.inputs import CREDENTIALS_FILE, read_text
from launchready.core.inputs.jsondoc import load_json
from launchready.core.spec.email import Ses
from launchready.core.spec.models import DomainSpec
from launchready.preflight.stackfile import config_of, is_secure, uses_passphrase

AWS_PAIRS = (("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), ("AWS_PROFILE",),
             ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"), ("AWS_CONTAINER_CREDENTIALS_FULL_URI",),
             ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",))
"""Environment forms of boto3's credential chain, each complete on its own."""


@dataclass(frozen=True)
class Environment:
    """The variables and home directory of the run being checked (passed in, so tests choose them)."""

    variables: Mapping[str, str]
    home: Path

    def has(self, name: str) -> bool:
        return bool(self.variables.get(name, "").strip())


def cloudflare_token(env: Environment, document: Any) -> Finding:
    if env.has("CLOUDFLARE_API_TOKEN"):
        return passed("preflight.cloudflare_token", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_TOKEN is set")
    value = config_of(document).get("cloudflare:apiToken")
    if is_secure(value):
        return passed("preflight.cloudflare_token", "cloudflare:apiToken", "cloudflare:apiToken is a secure "
                      "stack value")
    if value:
        return passed("preflight.cloudflare_token", "cloudflare:apiToken", "cloudflare:apiToken is set in the "
                      "stack file (see preflight.plaintext_secret)")
    return failed("preflight.cloudflare_token", "CLOUDFLARE_API_TOKEN", "no Cloudflare API token: export "
                  "CLOUDFLARE_API_TOKEN, or run `pulumi config set --secret cloudflare:apiToken <token>`")


def sends_through_ses(spec: DomainSpec | None) -> bool:
    return spec is not None and spec.email is not None and any(isinstance(p, Ses) for p in spec.email.send)


def aws_credentials(env: Environment, spec: DomainSpec | None) -> Finding | None:
    """A warning at most: `pulumi up` makes no AWS call (`launchready email ses` wrote the SES tokens
    into the stack file, docs/email.md), so CI needs no AWS key for it; only `launchready email ses`
    and `launchready validate --ses-region` do."""
    if not sends_through_ses(spec):
        return None
    for names in AWS_PAIRS:
        if all(env.has(name) for name in names):
            return passed("preflight.aws_credentials", " + ".join(names), f"AWS credentials for SES come from "
                          f"{' and '.join(names)}")
    if (env.home / ".aws" / "credentials").is_file():
        return passed("preflight.aws_credentials", "~/.aws/credentials", "AWS credentials for SES come from "
                      "~/.aws/credentials")
    return failed("preflight.aws_credentials", "AWS_ACCESS_KEY_ID", "the stack sends mail through Amazon SES and "
                  "no AWS credentials are set: pulumi up does not need them (the SES tokens are in the stack "
                  "file), but `launchready email ses` and `launchready validate --ses-region` do; there, export "
                  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or AWS_ROLE_ARN with "
                  "AWS_WEB_IDENTITY_TOKEN_FILE in CI)", warning=True)


def pulumi_login(env: Environment) -> str | None:
    """Where the backend login comes from, or None."""
    for name in ("PULUMI_ACCESS_TOKEN", "PULUMI_BACKEND_URL"):
        if env.has(name):
            return name
    try:  # through the one reader: a FIFO or a huge file there must not hang or fill memory
        path = env.home / ".pulumi" / "credentials.json"
        credentials = load_json(read_text(path, CREDENTIALS_FILE), str(path), "run `pulumi login` again")
    except InputError:
        return None
    return "~/.pulumi/credentials.json" if isinstance(credentials, dict) and credentials.get("current") else None


def pulumi_backend(env: Environment) -> Finding:
    source = pulumi_login(env)
    if source:
        return passed("preflight.pulumi_backend", source, f"a Pulumi backend login comes from {source}")
    return failed("preflight.pulumi_backend", "PULUMI_ACCESS_TOKEN", "no Pulumi backend login: export "
                  "PULUMI_ACCESS_TOKEN (Pulumi Cloud) or PULUMI_BACKEND_URL (s3://…, file://…), or run "
                  "`pulumi login` once")


def config_passphrase(env: Environment) -> str | None:
    if env.has("PULUMI_CONFIG_PASSPHRASE"):
        return env.variables["PULUMI_CONFIG_PASSPHRASE"]
    file_name = env.variables.get("PULUMI_CONFIG_PASSPHRASE_FILE", "").strip()
    try:
        return read_text(Path(file_name).expanduser(), CREDENTIALS_FILE).rstrip("\n") if file_name else None
    except InputError:
        return None


def pulumi_passphrase(env: Environment, document: Any, source: str) -> Finding:
    if not uses_passphrase(document):
        return passed("preflight.pulumi_passphrase", source, f"{source} does not use passphrase secrets")
    if config_passphrase(env) is not None:
        name = "PULUMI_CONFIG_PASSPHRASE" if env.has("PULUMI_CONFIG_PASSPHRASE") else "PULUMI_CONFIG_PASSPHRASE_FILE"
        return passed("preflight.pulumi_passphrase", name, f"{name} is set for the passphrase-encrypted stack")
    return failed("preflight.pulumi_passphrase", "PULUMI_CONFIG_PASSPHRASE", f"{source} is encrypted with a "
                  "passphrase (it has encryptionsalt) but neither PULUMI_CONFIG_PASSPHRASE nor a readable "
                  "PULUMI_CONFIG_PASSPHRASE_FILE is set; pulumi up would stop at the first secret")


def required_variables(spec: DomainSpec | None, document: Any) -> list[tuple[str, str]]:
    """(name, what it is for) of every variable a run of this stack can need, for the handover."""
    names = [("CLOUDFLARE_API_TOKEN", "Cloudflare API token (or the secure stack value cloudflare:apiToken)")]
    names.append(("PULUMI_ACCESS_TOKEN", "Pulumi Cloud login (or PULUMI_BACKEND_URL for an s3:// or file:// "
                                         "backend)"))
    if uses_passphrase(document):
        names.append(("PULUMI_CONFIG_PASSPHRASE", "decrypts the stack's secure values (or "
                                                  "PULUMI_CONFIG_PASSPHRASE_FILE)"))
    if sends_through_ses(spec):
        names.append(("AWS_ACCESS_KEY_ID", "Amazon SES, for `launchready email ses` and `validate --ses-region` "
                                           "(with AWS_SECRET_ACCESS_KEY, or AWS_PROFILE); pulumi up does not "
                                           "need it"))
    return names
