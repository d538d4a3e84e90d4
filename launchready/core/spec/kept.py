"""What a zone held before launchready: rules it keeps as they are (`rules.keep`), and the records
and rules `launchready adopt` brought in (`adopted`), which the component protects from deletion.

launchready owns a phase's whole entry-point ruleset once it puts one rule there (a zone holds one
entry point per phase; Cloudflare "Phase entry point ruleset", read 2026-11), so a rule made in the
dashboard survives the first `pulumi up` only if the spec names it. `rules.keep` holds such rules in
the Cloudflare API's own shape (`ref`, `expression`, `action`, `action_parameters`, `ratelimit`,
`description`, `enabled`), checked against the `cloudflare` SDK's rule types
(launchready.core.spec.cloudflare_rules). They come first in their phase, before the generated
rules (docs/config.md, "Rules kept from the dashboard").
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

KeptPhase = Literal["http_request_dynamic_redirect", "http_request_cache_settings", "http_ratelimit"]
KEPT_PHASES: tuple[KeptPhase, ...] = ("http_request_dynamic_redirect", "http_request_cache_settings",
                                      "http_ratelimit")
"""The phases whose entry point launchready fills, so the only ones where it could drop a rule."""

PHASE_ACTIONS: dict[str, frozenset[str]] = {
    "http_request_dynamic_redirect": frozenset({"redirect"}),
    "http_request_cache_settings": frozenset({"set_cache_settings"}),
    "http_ratelimit": frozenset({"block", "managed_challenge", "log"}),
}
"""Actions each phase allows (Cloudflare Ruleset Engine, "Phases list" and "Rules actions", read 2026-11)."""

MAX_EXPRESSION = 4096
"""Cloudflare's limit on a rule expression's length (Ruleset Engine "Rules language", read 2026-11)."""


class KeptModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KeptRule(KeptModel):
    """One ruleset rule as the Cloudflare API takes it (rulesets create/update `rules[]`)."""

    ref: str = Field(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")
    expression: str = Field(min_length=1, max_length=MAX_EXPRESSION)
    action: str = Field(pattern=r"^[a-z_]{1,40}$")
    action_parameters: dict[str, Any] | None = None
    ratelimit: dict[str, Any] | None = None
    description: str = Field(default="", max_length=500)
    enabled: bool = True

    def as_cloudflare(self) -> dict[str, Any]:
        """The rule dict for cloudflare.Ruleset `rules` (snake_case, as the API names it)."""
        return self.model_dump(exclude_none=True)


class RulesSpec(KeptModel):
    keep: dict[KeptPhase, tuple[KeptRule, ...]] = Field(default_factory=dict)


class AdoptedSpec(KeptModel):
    """What `launchready adopt` imported: records by `name type [priority] content` (the adopt
    report's form, relative to the zone), rules by `ref`. Each is protected in Pulumi; deleting one
    takes removing it from here first (docs/diff-and-adopt.md, "Removing an adopted record").
    `overwrites` lists what the zone held that the first `pulumi up` may change although the change is
    dangerous (an SPF, DKIM, DMARC, MX, CAA, NS or address record by its existing label, an MX, address
    or nameserver left beside the planned ones, a rule by its ref, a zone setting as `tls.<key> <current
    value>`): the explicit step adopt asks for before it lets such a change through."""

    records: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    overwrites: tuple[str, ...] = ()


def record_label(name: str, rtype: str, priority: int | None, content: str) -> str:
    """`@ MX 10 mx1.example.org`: how adopt names a record and `adopted.records` lists it (`name` is
    relative to the zone, `@` for the apex)."""
    return f"{name} {rtype} {'' if priority is None else f'{priority} '}{content}"
