"""Operating after launch: the Cloudflare plan, uptime monitoring and abuse rate limits.

The models are structural; `operations_problems` holds the rules that relate them to the zone's
Cloudflare plan, because what a plan allows is the usual reason a stack applies cleanly in
staging and fails in prod (or the reverse). Every limit below is Cloudflare's published table,
"Rate limiting rules: availability" and "Health Checks: availability" (developers.cloudflare.com,
read 2026-11); docs/operations.md quotes them with their sources.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import SplitResult, urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from launchready.core.addresses import mail_domain_problem
from launchready.core.errors import Problem
from launchready.core.redact import (
    credential_in_url,
    credential_parameter,
    credential_shaped,
    shown,
    shown_key,
    shown_url,
    url_host,
)

CloudflarePlan = Literal["free", "pro", "business", "enterprise"]
PLAN_ORDER: tuple[CloudflarePlan, ...] = ("free", "pro", "business", "enterprise")


@dataclass(frozen=True)
class PlanLimits:
    """What one Cloudflare plan allows for rate limiting rules and standalone health checks."""

    ratelimit_rules: int
    max_period: int
    max_timeout: int
    host_field: bool
    method_field: bool
    health_checks: int


SUPPORTED_SECONDS = (10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800,
                     2400, 3600, 65535, 86400)
"""The counting periods and mitigation timeouts the Rulesets API accepts, in seconds (footnote 3 of
Cloudflare's rate limiting availability table, read 2026-11); each plan allows those up to its cap."""

PLAN_LIMITS: dict[str, PlanLimits] = {
    # Free: one rule, the Path field only, a 10 s period and a 10 s timeout; no health checks.
    "free": PlanLimits(1, 10, 10, host_field=False, method_field=False, health_checks=0),
    "pro": PlanLimits(2, 60, 3600, host_field=True, method_field=False, health_checks=10),
    "business": PlanLimits(5, 600, 86400, host_field=True, method_field=True, health_checks=50),
    "enterprise": PlanLimits(100, 65535, 86400, host_field=True, method_field=True, health_checks=1000),
}


def cheapest_plan(allows: str) -> str:
    """Name of the first plan in PLAN_ORDER that allows a feature (for fix hints)."""
    for plan in PLAN_ORDER:
        limits = PLAN_LIMITS[plan]
        if (allows == "host" and limits.host_field) or (allows == "method" and limits.method_field) or (
                allows == "health_checks" and limits.health_checks):
            return plan
    return "enterprise"


def _email(value: str) -> str:
    address = value.strip()
    local, _, domain = address.partition("@")
    if not local or "." not in domain or any(c.isspace() for c in address):
        raise ValueError(f'"{value}" is not an email address')
    if problem := mail_domain_problem(domain):
        raise ValueError(f'"{value}" {problem}; give the address of a mailbox that receives mail from the internet')
    return address.lower()


PLAIN_TEXT_CHECK = ("a check is kept in plain text in the monitor's configuration and in Pulumi state, and alerts "
                    "quote it")
"""Why a check (or the text it looks for) may hold no credential: the house rule keeps secrets out of state."""


def _check_target(value: str) -> str:
    """A path on the canonical host ("/", "/health") or an https:// URL (RFC 3986), holding no credential."""
    text = value.strip()
    if part := credential_in_url(text):
        raise ValueError(f"{shown_url(text)} holds a credential in its {part}; {PLAIN_TEXT_CHECK}: move the "
                         "credential to a secret, rotate it (the stack file held it in plain text) and check a URL "
                         "that needs none, such as /health")
    if name := credential_parameter(text):
        raise ValueError(f"{shown_url(text)} sends a credential in its query parameter {shown_key(name)}; "
                         f"{PLAIN_TEXT_CHECK}: check a URL that needs none, such as /health, and rotate the "
                         "credential if it was real (the stack file held it in plain text); a check that must "
                         "authenticate needs a header from a Worker secret, which checks cannot send yet")
    if text.startswith("/"):
        return text
    parts = urlsplit(text)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f'"{value}" must be a path ("/health") or an https:// URL; health checks use HTTPS')
    if (port := url_port(parts)) != HTTPS_PORT:
        raise ValueError(f"the URL names port {port}; launchready's checks ask on 443, the HTTPS port: check a "
                         "URL on 443 that reaches the service (a route or another host), or remove the port")
    return text


HTTPS_PORT = 443


def url_port(parts: SplitResult) -> int | str:
    """The URL's port (443 when none is written), or its text when it is not a port number (RFC 3986 §3.2.3)."""
    try:
        return parts.port or HTTPS_PORT
    except ValueError:
        return repr(parts.netloc.rpartition(":")[2][:8])


def check_url(target: str, canonical: str) -> str:
    """The URL a check asks for: a bare path is on the canonical host (FQDN), a URL keeps its path and query
    (a check of `/health?full=1` asks for the same thing either way); the host in lowercase."""
    if target.startswith("/"):
        return f"https://{canonical}{target}"
    parts = urlsplit(target)
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{(parts.hostname or '').lower()}{parts.path or '/'}{query}"


def _body_text(value: str) -> str:
    """Text a check's body must hold: what the page shows anyone, never a credential."""
    if credential_shaped(value):
        raise ValueError(f"{shown(value)} looks like a credential; {PLAIN_TEXT_CHECK}: look for text the page "
                         'shows anyone (such as "ok"), and if it is a credential, move it to a secret and rotate it')
    return value


Email = Annotated[str, AfterValidator(_email)]
CheckTarget = Annotated[str, AfterValidator(_check_target)]
BodyText = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_body_text)]
Path = Annotated[str, Field(pattern=r"^/[^\s\"\\]*$")]


class OpsSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class SecureValue(OpsSpec):
    """A Pulumi config secret (`pulumi config set --path --secret 'launchready:domain.monitoring.webhook_url'
    URL` writes `{secure: <ciphertext>}`). Offline it stays ciphertext; `pulumi up` hands the program the
    decrypted value, which the component passes on as a secret Output."""

    secure: str = Field(min_length=1)


def _webhook_url(value: str) -> str:
    """An https:// URL whose host can be read (RFC 3986 §3.2.2); the message never quotes it: a webhook URL
    is a secret."""
    if not url_host(value):
        raise ValueError("is not a URL with a host that can be read (a bracket or port out of place?); give the "
                         "receiver's https:// URL")
    return value


WebhookUrl = Annotated[str, Field(pattern=r"^https://\S+$"), AfterValidator(_webhook_url)]
"""A webhook URL: opaque beyond its host, since Slack and Discord put the secret in the path; in a stack
file it may also be a Pulumi secret (SecureValue)."""
MonitorEngine = Literal["worker", "healthchecks"]


class MonitoringSpec(OpsSpec):
    """Uptime checks every 60 s on the canonical URL and API routes, and who hears when they fail."""

    engine: MonitorEngine | None = Field(
        default=None, description="worker (a cron Worker, any plan; default on free) or healthchecks "
                                  "(Cloudflare health checks, Pro and up; default there)")
    alerts: tuple[Email, ...] = Field(default=(), description="addresses emailed on a status change")
    checks: tuple[CheckTarget, ...] = ("/",)
    expected_codes: tuple[Annotated[str, Field(pattern=r"^[1-5]([0-9]{2}|xx)$")], ...] = ("200",)
    timeout: int = Field(default=5, ge=1, le=30, description="seconds before a check counts as failed (worker)")
    body_contains: dict[str, BodyText] = Field(
        default_factory=dict, description="check (as written in checks) -> text its body must hold (worker)")
    fail_after: int = Field(default=2, ge=1, le=10, description="failures in a row before a check is down (worker)")
    max_alerts_per_hour: int = Field(default=12, ge=1, le=60, description="alert messages per hour at most (worker)")
    webhook_url: WebhookUrl | SecureValue | None = Field(
        default=None, description="an https:// URL, or {secure: ...} from `pulumi config set --secret --path`")
    slack_webhook_url: WebhookUrl | SecureValue | None = None
    discord_webhook_url: WebhookUrl | SecureValue | None = None
    email_from: Email | None = Field(default=None, description="sender of worker alert mail (default monitor@<zone>)")
    workers_plan: Literal["free", "paid"] = Field(default="free", description="the account's Workers plan")
    account_cron_triggers: int = Field(default=0, ge=0, le=1000,
                                       description="cron triggers the account's other Workers already use")
    webhook_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    account_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$",
                                   description="account of the notification policy (default: the zone's)")


def monitor_engine(plan: str, monitoring: MonitoringSpec) -> MonitorEngine:
    """The declared engine, else the Worker where the plan has no health checks."""
    if monitoring.engine:
        return monitoring.engine
    return "healthchecks" if PLAN_LIMITS[plan].health_checks else "worker"


class RateLimitSpec(OpsSpec):
    """One rate limiting rule: requests to these paths, counted per client IP and data center."""

    paths: tuple[Path, ...] = Field(min_length=1)
    requests: int = Field(ge=1, le=1_000_000, description="requests allowed per period before blocking")
    period: int = 10
    timeout: int = Field(default=10, description="seconds the client stays blocked (mitigation_timeout)")
    hosts: tuple[str, ...] = ()
    methods: tuple[Literal["GET", "POST", "PUT", "PATCH", "DELETE"], ...] = ()


def monitoring_problems(plan: str, monitoring: MonitoringSpec, host_names: set[str]) -> Iterator[Problem]:
    if monitoring.webhook_url and monitoring.webhook_id:
        yield Problem("monitoring", "give webhook_url (launchready creates the destination) or webhook_id "
                      "(one you made in the dashboard), not both")
    for i, target in enumerate(monitoring.checks):
        host = urlsplit(target).hostname if target.startswith("https://") else None
        if host and host not in host_names:
            yield Problem(f"monitoring.checks[{i}]", f'{host} is not a host of this zone; declare it under '
                          "hosts or check one of: " + ", ".join(sorted(host_names)))
    allowed = PLAN_LIMITS[plan].health_checks
    if monitor_engine(plan, monitoring) == "healthchecks" and allowed and len(monitoring.checks) > allowed:
        yield Problem("monitoring.checks", f"{len(monitoring.checks)} health checks exceed the {plan} plan's "
                      f"{allowed}; drop some or raise plan")


def seconds_problem(plan: str, key: str, value: int, cap: int) -> str | None:
    """Why a period or timeout is refused on `plan`, naming the values it allows and the plan that
    would allow this one."""
    allowed = [s for s in SUPPORTED_SECONDS if s <= cap]
    if value in allowed:
        return None
    choices = "only 10" if allowed == [10] else "one of " + ", ".join(map(str, allowed))
    fix = f"set {key}: {min(allowed, key=lambda s: abs(s - value))}"
    if value in SUPPORTED_SECONDS:
        limit = "max_period" if key == "period" else "max_timeout"
        upgrade = next(p for p in PLAN_ORDER if getattr(PLAN_LIMITS[p], limit) >= value)
        fix += f" or plan: {upgrade}"
    return f"{value} s is not allowed on the {plan} plan ({choices}); {fix}"


def rate_limit_problems(plan: str, name: str, rule: RateLimitSpec, labels: set[str]) -> Iterator[Problem]:
    limits, path = PLAN_LIMITS[plan], f"rate_limits.{name}"
    for key, value, cap in (("period", rule.period, limits.max_period),
                            ("timeout", rule.timeout, limits.max_timeout)):
        problem = seconds_problem(plan, key, value, cap)
        if problem:
            yield Problem(f"{path}.{key}", problem)
    if rule.hosts and not limits.host_field:
        yield Problem(f"{path}.hosts", f"the {plan} plan matches rate limits on the path only; remove hosts "
                      f"(the rule then covers every host) or set plan: {cheapest_plan('host')}")
    if rule.methods and not limits.method_field:
        yield Problem(f"{path}.methods", f"the {plan} plan cannot match the request method; remove methods "
                      f"or set plan: {cheapest_plan('method')}")
    for label in rule.hosts:
        if label not in labels:
            known = ", ".join(sorted(labels))
            yield Problem(f"{path}.hosts", f'"{label}" is not a declared host; use one of {known}')
    if name != name.lower() or not name.replace("_", "").replace("-", "").isalnum():
        yield Problem(path, "name rules with lowercase letters, digits, - and _ (it becomes the rule ref)")


def operations_problems(plan: str, monitoring: MonitoringSpec | None, rate_limits: dict[str, RateLimitSpec],
                        zone: str, labels: set[str]) -> Iterator[Problem]:
    """Plan-aware rules for `monitoring` and `rate_limits` (health checks on a free plan are not a
    problem: the plan shows them and notes that they are not created)."""
    if monitoring:
        names = {zone if label == "apex" else f"{label}.{zone}" for label in labels}
        yield from monitoring_problems(plan, monitoring, names)
    allowed = PLAN_LIMITS[plan].ratelimit_rules
    if len(rate_limits) > allowed:
        yield Problem("rate_limits", f"{len(rate_limits)} rules exceed the {plan} plan's {allowed}; put several "
                      "paths in one rule (paths: [...]) or raise plan")
    for name, rule in rate_limits.items():
        yield from rate_limit_problems(plan, name, rule, labels)
