"""Findings about the stack's Cloudflare API token, from the live API (`preflight --online`).

preflight.token_active: the token verifies and is active (not expired, not disabled).
preflight.token_scope: it is limited to the stack's zone and the permission groups the stack needs.
preflight.token_separation: it does not reach a sibling stack's zone (prod's token cannot touch
staging's zone, nor the reverse), judged from its policies and from which zones it can read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.findings import Finding, failed, passed
from launchready.core.spec.models import DomainSpec
from launchready.core.stack import load_stack
from launchready.preflight.passphrase import stack_decrypter
from launchready.preflight.shared import sibling_stacks
from launchready.preflight.stackfile import config_of, encryption_salt, is_secure
from launchready.preflight.token_api import ApiUnreachable, CloudflareApi
from launchready.preflight.token_scope import Scope, extra_groups, scope_of, token_advice
from launchready.render import plural

ACTIVE = "preflight.token_active"
SCOPE = "preflight.token_scope"
SEPARATION = "preflight.token_separation"
STATUSES = ("active", "disabled", "expired")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?")
"""Server text is shown only when it is one of these shapes (Cloudflare "Verify Token", read 2026-11)."""


@dataclass(frozen=True)
class Sibling:
    source: str
    zone: str
    zone_id: str | None


@dataclass(frozen=True)
class TokenContext:
    spec: DomainSpec
    source: str
    """Where the token came from (a name, never the value)."""
    siblings: tuple[Sibling, ...]

    @property
    def account(self) -> str | None:
        monitoring = self.spec.monitoring
        return self.spec.zone.account_id or (monitoring.account_id if monitoring else None)


def stack_token(variables: Mapping[str, str], document: Any, passphrase: str | None) -> tuple[str, str] | None:
    """(token, where it came from), or None: the environment first, as pulumi-cloudflare reads it."""
    if variables.get("CLOUDFLARE_API_TOKEN", "").strip():
        return variables["CLOUDFLARE_API_TOKEN"].strip(), "CLOUDFLARE_API_TOKEN"
    value = config_of(document).get("cloudflare:apiToken")
    if isinstance(value, str) and value.strip():
        return value.strip(), "cloudflare:apiToken"
    salt = encryption_salt(document)
    decrypt = stack_decrypter(salt, passphrase) if is_secure(value) and salt and passphrase is not None else None
    plain = decrypt(value["secure"]) if decrypt and isinstance(value, dict) else None
    return (plain, "cloudflare:apiToken (secure)") if plain else None


def siblings_of(path: Path) -> tuple[Sibling, ...]:
    found = []
    for other in sibling_stacks(path):
        try:
            zone = load_stack(other).spec.zone
        except InputError:  # an invalid sibling is its own preflight's problem
            continue
        found.append(Sibling(other.name, zone.name, zone.id))
    return tuple(found)


def verify(api: CloudflareApi, ctx: TokenContext, tokens: str) -> tuple[Finding, str | None]:
    """The verify finding and, when active, the token's id."""
    answer = api.get(f"{tokens}/verify")
    result = answer.result if isinstance(answer.result, dict) else {}
    status, token_id = result.get("status"), result.get("id")
    if not answer.success or not isinstance(status, str):
        codes = f", error {', '.join(map(str, answer.codes))}" if answer.codes else ""
        return failed(ACTIVE, ctx.source, f"Cloudflare refused {ctx.source} (HTTP {answer.status}{codes}): the "
                      f"token is invalid or was revoked; {token_advice(ctx.spec)}"), None
    if status != "active":
        expires = str(result.get("expires_on") or "")
        until = f" (expires_on {expires})" if TIMESTAMP.fullmatch(expires) else ""
        said = status if status in STATUSES else "not active"
        return failed(ACTIVE, ctx.source, f"{ctx.source} is {said}{until}: pulumi up would fail with "
                      f"an authentication error; {token_advice(ctx.spec)}"), None
    return passed(ACTIVE, ctx.source, f"{ctx.source} verifies with Cloudflare and is active"), \
        token_id if isinstance(token_id, str) and token_id.isalnum() else None


def scope_findings(scope: Scope, ctx: TokenContext, zone_id: str | None) -> list[Finding]:
    advice = token_advice(ctx.spec)
    findings = []
    if scope.all_zones:
        findings.append(failed(SCOPE, ctx.source, f"{ctx.source} may act on {scope.all_zones}, where stack's zone "
                               f"{ctx.spec.zone.name} is all it needs; {advice}", warning=True))
    others = scope.zone_ids - {zone_id}
    if others:
        findings.append(failed(SCOPE, ctx.source, f"{ctx.source} also grants {plural(len(others), 'other zone')} "
                               f"besides {ctx.spec.zone.name}; {advice}", warning=True))
    extra = extra_groups(scope, ctx.spec)
    if extra:
        findings.append(failed(SCOPE, ctx.source, f"{ctx.source} has permission groups this stack does not use: "
                               f"{', '.join(extra[:12])}; {advice}", warning=True))
    if not findings:
        findings.append(passed(SCOPE, ctx.source, f"{ctx.source} is limited to {ctx.spec.zone.name} with "
                               f"{len(scope.groups)} permission groups the stack uses"))
    return findings


def separation(api: CloudflareApi, ctx: TokenContext, scope: Scope | None) -> list[Finding]:
    findings = []
    for other in ctx.siblings:
        if other.zone == ctx.spec.zone.name:
            continue
        seen = api.zone_id(other.zone)
        granted = scope is not None and (other.zone_id or seen) in scope.zone_ids
        if seen or granted:
            how = "its policies include" if granted else "it can read"
            findings.append(failed(SEPARATION, ctx.source, f"{ctx.source} reaches {other.zone}, the zone of "
                                   f"{other.source} ({how} it): one stack's leaked token would open the other; "
                                   f"{token_advice(ctx.spec)}"))
        else:
            findings.append(passed(SEPARATION, ctx.source, f"{ctx.source} does not reach {other.zone} "
                                   f"({other.source})"))
    return findings


def policies(api: CloudflareApi, ctx: TokenContext, tokens: str, token_id: str) -> Scope | Finding:
    answer = api.get(f"{tokens}/{token_id}")
    result = answer.result if isinstance(answer.result, dict) else {}
    if answer.success and isinstance(result.get("policies"), list):
        return scope_of(result["policies"])
    return failed(SCOPE, ctx.source, f"{ctx.source} cannot read its own policies (HTTP {answer.status}), so its "
                  "scope was judged only by the zones it can read; to check it here, add API Tokens Read to it, "
                  f"or compare it in the dashboard with what the stack needs: {token_advice(ctx.spec)}", warning=True)


def token_findings(api: CloudflareApi, ctx: TokenContext, token: str) -> list[Finding]:
    account = ctx.account if token.startswith("cfat_") else None
    tokens = f"/accounts/{account}/tokens" if account else "/user/tokens"
    try:
        found, token_id = verify(api, ctx, tokens)
        if token_id is None:
            return [found]
        scope = policies(api, ctx, tokens, token_id)
        zone_id = ctx.spec.zone.id or api.zone_id(ctx.spec.zone.name)
        if isinstance(scope, Finding):
            return [found, scope, *separation(api, ctx, None)]
        return [found, *scope_findings(scope, ctx, zone_id), *separation(api, ctx, scope)]
    except ApiUnreachable as exc:
        return [failed(ACTIVE, ctx.source, f"could not ask the Cloudflare API ({exc}); the token's status and "
                       "scope are unchecked", warning=True)]
