"""The product-domain spec: frozen pydantic models for the `launchready:domain` stack-config key.

Parsed once, at the edge (`launchready.core.spec.load_spec`), then shared read-only by the planner, the
Pulumi components and the validators. Structural rules live here; rules that relate several keys
(a CNAME beside other data, redirect loops, CAA coverage) live in `launchready.core.spec.rules`, so that
all of them are reported at once.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from launchready.core.dnsname import check_name, check_zone, host_label, normalize_name, owner_name
from launchready.core.spec.app_links import AppLinksSpec
from launchready.core.spec.email import EmailSpec
from launchready.core.spec.kept import AdoptedSpec, RulesSpec
from launchready.core.spec.operations import CloudflarePlan, MonitoringSpec, RateLimitSpec
from launchready.core.spec.redirect_models import RedirectSpec

Name = Annotated[str, AfterValidator(check_name)]
ZoneName = Annotated[str, AfterValidator(check_zone)]
IPv4 = Annotated[ipaddress.IPv4Address, BeforeValidator(lambda v: str(v).strip())]
IPv6 = Annotated[ipaddress.IPv6Address, BeforeValidator(lambda v: unscoped_ipv6(str(v).strip()))]

RECORD_WIRE_LIMIT = 4096
"""Cloudflare refuses a DNS record over 4,096 bytes in wire format (Cloudflare docs, "DNS record types",
read 2026-11); DNS itself caps record data at 65,535 bytes (RFC 1035 §3.2.1, RDLENGTH is 16 bits)."""


def unscoped_ipv6(value: str) -> str:
    """`fe80::1%eth0` names an interface of the machine that reads it (RFC 4007 §11): record data holds
    16 bytes of address and no zone index (RFC 3596 §2.2), so Cloudflare could not store it."""
    if "%" in value:
        raise ValueError(f'"{value}" carries a zone index (%{value.partition("%")[2]}), which only means '
                         "something on one machine and is not record data; drop it")
    return value


def txt_wire_size(strings: tuple[str, ...]) -> int:
    """RDATA of a TXT record: each ≤255-byte character-string plus its length byte (RFC 1035 §3.3.14)."""
    total = sum(len(text.encode()) for text in strings)
    return total + max(len(strings), -(-total // 255))

AUTO_TTL = 1
"""Cloudflare's "automatic" TTL; proxied records always use it (300 s when DNS-only)."""

CLOUDFLARE_CAS = ("letsencrypt.org", "pki.goog", "ssl.com", "sectigo.com")
"""CAA issuers Cloudflare's Universal and backup certificates come from (Cloudflare docs,
"Certificate authorities", read 2026-11)."""


class Spec(BaseModel):
    """Base of every spec model: immutable, and unknown keys are errors (typos never pass silently)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ZoneSpec(Spec):
    """The Cloudflare zone: adopt it by id, look it up by name, or create it in an account."""

    name: ZoneName
    id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    account_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")

    @property
    def mode(self) -> Literal["id", "lookup", "create"]:
        if self.id:
            return "id"
        return "create" if self.account_id else "lookup"


class Origin(Spec):
    """Default targets for proxied web hosts that declare none of their own."""

    ipv4: tuple[IPv4, ...] = ()
    ipv6: tuple[IPv6, ...] = ()
    cname: Name | None = None


class CacheMode(StrEnum):
    STANDARD = "standard"
    BYPASS = "bypass"


class HostSpec(Spec):
    """A web host: where it points, whether Cloudflare proxies it, and how it is cached."""

    ipv4: tuple[IPv4, ...] = ()
    ipv6: tuple[IPv6, ...] = ()
    cname: Name | None = None
    proxied: bool = True
    ttl: int = AUTO_TTL
    cache: CacheMode | None = None
    flatten: bool = Field(default=False, description="opt in to a CNAME at the apex (Cloudflare flattens it)")

    @property
    def has_targets(self) -> bool:
        return bool(self.ipv4 or self.ipv6 or self.cname)


class RecordType(StrEnum):
    A = "A"
    AAAA = "AAAA"
    CNAME = "CNAME"
    MX = "MX"
    TXT = "TXT"
    CAA = "CAA"
    SRV = "SRV"
    NS = "NS"


PROXIABLE = frozenset({RecordType.A, RecordType.AAAA, RecordType.CNAME})
NAMED_TARGETS = frozenset({RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.SRV})


def spelled_target(rtype: RecordType, content: str) -> str:
    """The content with its target name normalised (SRV: "weight port target"); ValueError for a name
    that cannot be IDNA-encoded."""
    if rtype is RecordType.SRV:
        *numbers, target = content.split() or [""]
        return " ".join([*numbers, normalize_name(target)]) if numbers else content
    return normalize_name(content)


class RecordSpec(Spec):
    """An extra record: verification TXT, a CNAME to a SaaS, MX, CAA, … (name relative to the zone)."""

    name: Annotated[str, AfterValidator(owner_name)] = "@"
    type: RecordType
    content: str | tuple[str, ...] | None = None
    priority: int | None = Field(default=None, ge=0, le=65535)
    ttl: int | None = None
    proxied: bool = False
    flags: int = Field(default=0, ge=0, le=255)
    tag: Literal["issue", "issuewild", "iodef"] | None = None
    value: str | None = None
    comment: str | None = None

    @field_validator("type", mode="before")
    @classmethod
    def _upper_type(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("content", mode="before")
    @classmethod
    def _content_list(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @model_validator(mode="after")
    def _target_spelled(self) -> RecordSpec:
        """A target name (CNAME, MX, NS, SRV) is lowercased and IDNA-encoded here, once, so the planner
        never meets a name it cannot spell; whether the name is usable is a rule (records_are_well_formed)."""
        if self.type in NAMED_TARGETS and isinstance(self.content, str) and self.content.strip() != ".":
            object.__setattr__(self, "content", spelled_target(self.type, self.content))
        return self
    @field_validator("content")
    @classmethod
    def _content_fits(cls, value: str | tuple[str, ...] | None) -> str | tuple[str, ...] | None:
        strings = (value,) if isinstance(value, str) else value or ()
        size = txt_wire_size(strings)
        if size > RECORD_WIRE_LIMIT:
            raise ValueError(f"content of {size:,} bytes as record data is over Cloudflare's limit of "
                             f"{RECORD_WIRE_LIMIT:,} bytes per record (and DNS's 65,535); shorten it")
        return value


class Hsts(Spec):
    """HTTP Strict Transport Security (RFC 6797) as Cloudflare's `security_header` setting sends it."""

    enabled: bool = True
    max_age: int = Field(default=31536000, ge=0, le=31536000 * 2)
    include_subdomains: bool = False
    preload: bool = False
    nosniff: bool = True


def _tls_version(value: Any) -> Any:
    # YAML reads `1.2` as a float; the setting is the string "1.2".
    return f"{value:.1f}" if isinstance(value, float) else value


class TlsSpec(Spec):
    """Edge TLS settings; the defaults are the launch checklist (Full (strict), TLS 1.2+, HTTPS only)."""

    ssl: Literal["off", "flexible", "full", "strict"] = "strict"
    min_tls_version: Annotated[Literal["1.0", "1.1", "1.2", "1.3"], BeforeValidator(_tls_version)] = "1.2"
    tls_1_3: bool = True
    always_use_https: bool = True
    automatic_https_rewrites: bool = True
    hsts: Hsts = Hsts()


class CaaSpec(Spec):
    """CAA (RFC 8659): which certificate authorities may issue for the zone."""

    issuers: tuple[Name, ...] = CLOUDFLARE_CAS
    iodef: str | None = Field(default=None, pattern=r"^(mailto:|https?://)\S+$")
    override_cloudflare: bool = False


DEFAULT_STATIC_EXTENSIONS = (
    "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico",
    "woff", "woff2", "ttf", "otf", "mp4", "webm", "wasm",
)
DEFAULT_BYPASS_PATHS = ("/api/", "/auth/", "/login", "/logout", "/oauth/", "/account", "/reset-password")


class CacheSpec(Spec):
    """Cache rules: static assets cached for stated TTLs; API/admin hosts and auth paths never cached."""

    static_extensions: tuple[Annotated[str, Field(pattern=r"^[a-z0-9]{1,10}$")], ...] = DEFAULT_STATIC_EXTENSIONS
    edge_ttl: int = Field(default=86400, ge=1, le=31536000)
    browser_ttl: int = Field(default=3600, ge=0, le=31536000)
    bypass_paths: tuple[Annotated[str, Field(pattern=r"^/\S*$")], ...] = DEFAULT_BYPASS_PATHS


class DomainSpec(Spec):
    """Everything launchready knows about one product domain (one stack)."""

    zone: ZoneSpec
    canonical: Literal["apex", "www"] = "apex"
    canonical_status: Literal[301, 308] = 301
    origin: Origin = Origin()
    hosts: dict[str, HostSpec] = Field(default_factory=dict, validate_default=True)
    records: tuple[RecordSpec, ...] = ()
    tls: TlsSpec = TlsSpec()
    caa: CaaSpec = CaaSpec()
    redirects: tuple[RedirectSpec, ...] = ()
    cache: CacheSpec = CacheSpec()
    dnssec: bool = False
    dnssec_protected: bool = Field(default=True, description="protect ZoneDnssec from deletion (docs/config.md)")
    email: EmailSpec | None = None
    plan: CloudflarePlan = Field(default="free", description="the zone's Cloudflare plan (what it allows)")
    monitoring: MonitoringSpec | None = None
    rate_limits: dict[str, RateLimitSpec] = Field(default_factory=dict)
    app_links: AppLinksSpec | None = None
    rules: RulesSpec = RulesSpec()
    adopted: AdoptedSpec = AdoptedSpec()

    @field_validator("zone", mode="before")
    @classmethod
    def _zone_shorthand(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @field_validator("hosts", mode="before")
    @classmethod
    def _host_labels(cls, value: Any, info: ValidationInfo) -> Any:
        """Keys are labels relative to the zone (dnsname.host_label): case-insensitive, maybe internationalised
        (IDNA, RFC 5891), `@` for the apex, absolute with a final dot. A second spelling of one host is an
        error, never a silent overwrite (spec/host_keys.py reports each one at its key). `www:` means `{}`."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            return value
        zone = info.data.get("zone")
        hosts: dict[str, Any] = {}
        for key, host in value.items():
            label = host_label(str(key), zone.name if isinstance(zone, ZoneSpec) else None)
            if label in hosts:
                raise ValueError(f'"{key}" names a host given twice; merge the two entries')
            hosts[label] = {} if host is None else host
        return hosts

    @field_validator("hosts")
    @classmethod
    def _canonical_pair(cls, hosts: dict[str, HostSpec], info: ValidationInfo) -> dict[str, HostSpec]:
        """apex and www always exist (one is canonical, the other redirects to it); left out, each uses
        the origin, so a stack file names only the hosts that differ from it."""
        origin = info.data.get("origin")
        if not isinstance(origin, Origin) or not (origin.ipv4 or origin.ipv6 or origin.cname):
            return hosts
        return {**{label: HostSpec() for label in ("apex", "www") if label not in hosts}, **hosts}
