"""Planning for operations: uptime health checks, who gets alerts, and the rate-limit ruleset.

Pure: the spec in, frozen values (launchready.core.plan.ops_model) out.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from launchready.core.dnsname import fqdn
from launchready.core.plan.folding import distinct_keys
from launchready.core.plan.monitor_model import AlertChannel, ChannelKind, MonitorCheck, MonitorWorker
from launchready.core.plan.ops_model import HealthCheck, MonitoringPlan, RateLimitRule
from launchready.core.plan.records import slug, written_label
from launchready.core.plan.redirects import canonical_hosts, quote
from launchready.core.spec.models import DomainSpec
from launchready.core.spec.operations import (
    PLAN_LIMITS,
    MonitoringSpec,
    RateLimitSpec,
    SecureValue,
    cheapest_plan,
    check_url,
    monitor_engine,
)


def check_target(spec: DomainSpec, target: str) -> tuple[str, str]:
    """(host, path and query) of a check, as the spec reads it (launchready.core.spec.operations.check_url)."""
    host, _, rest = check_url(target, canonical_hosts(spec)[0]).removeprefix("https://").partition("/")
    return host, f"/{rest}"


def health_checks(spec: DomainSpec, monitoring: MonitoringSpec) -> tuple[HealthCheck, ...]:
    """One check per URL: `/` and `https://<canonical>/` are the same check, not two resources. Keyed by
    host and path, never the query: plans show its values masked, and the key is shown whole."""
    urls = dict.fromkeys(check_target(spec, target) for target in monitoring.checks)
    checks = tuple(HealthCheck(key=slug(f"{host}{urlsplit(path).path}"), url=f"https://{host}{path}", address=host,
                               path=path, expected_codes=monitoring.expected_codes) for host, path in urls)
    return distinct_keys(checks, "key", check_identity, lambda check: check_written(check, spec.zone.name))


def check_identity(check: HealthCheck) -> str:
    return check.url


def check_written(check: HealthCheck, zone: str) -> tuple[str, str]:
    """Host label and path (with its query) as written: `/health` keeps the plain key beside `/health/` or
    `/health?full=1`; `/` is plain, so the usual first check keeps its name whatever is added."""
    return written_label(check.address, zone), check.path.removeprefix("/")


def free_plan_note(plan: str) -> str | None:
    if PLAN_LIMITS[plan].health_checks:
        return None
    return (f"the {plan} plan has no standalone health checks (Cloudflare offers them from Pro up), so these "
            f"are shown but not created; set plan: {cheapest_plan('health_checks')} in the stack to create them")


def alert_channels(monitoring: MonitoringSpec) -> tuple[AlertChannel, ...]:
    webhooks: tuple[tuple[ChannelKind, str | SecureValue | None], ...] = (
        ("slack", monitoring.slack_webhook_url), ("discord", monitoring.discord_webhook_url),
        ("webhook", monitoring.webhook_url))
    channels = [AlertChannel.webhook(kind, url) for kind, url in webhooks if url]
    if monitoring.alerts:
        channels.append(AlertChannel(kind="email", target=", ".join(monitoring.alerts)))
    return tuple(channels)


def monitor_worker(spec: DomainSpec, monitoring: MonitoringSpec) -> MonitorWorker:
    """The Worker checks the same URLs as the health checks would, by the check as written."""
    targets = {check_target(spec, target): target for target in monitoring.checks}
    checks = tuple(MonitorCheck(url=f"https://{host}{path}", expected_codes=monitoring.expected_codes,
                                body_contains=monitoring.body_contains.get(target),
                                timeout_ms=monitoring.timeout * 1000) for (host, path), target in targets.items())
    zone = spec.zone.name
    return MonitorWorker(
        zone=zone, script_name=f"launchready-monitor-{slug(zone)}", kv_title=f"launchready monitor {zone}",
        checks=checks, channels=alert_channels(monitoring), email_from=monitoring.email_from or f"monitor@{zone}",
        fail_after=monitoring.fail_after, max_alerts_per_hour=monitoring.max_alerts_per_hour,
        workers_plan=monitoring.workers_plan)


def monitoring_plan(spec: DomainSpec) -> MonitoringPlan | None:
    monitoring = spec.monitoring
    if monitoring is None:
        return None
    engine = monitor_engine(spec.plan, monitoring)
    worker = monitor_worker(spec, monitoring) if engine == "worker" else None
    note = None if worker else free_plan_note(spec.plan)
    return MonitoringPlan(
        engine=engine, worker=worker, created=note is None, note=note, checks=health_checks(spec, monitoring),
        alert_emails=monitoring.alerts, webhook_url=monitoring.webhook_url if isinstance(monitoring.webhook_url, str)
        else None, webhook_secure=isinstance(monitoring.webhook_url, SecureValue), webhook_id=monitoring.webhook_id,
        account_id=monitoring.account_id or spec.zone.account_id, policy_name=f"{spec.zone.name} uptime",
    )


def field_test(field: str, values: tuple[str, ...]) -> str:
    """`field eq "x"` for one value, `field in {"x" "y"}` for several (Cloudflare Rules language)."""
    if len(values) == 1:
        return f"{field} eq {quote(values[0])}"
    return f"{field} in {{{' '.join(quote(v) for v in values)}}}"


def ratelimit_expression(paths: tuple[str, ...], hosts: tuple[str, ...], methods: tuple[str, ...]) -> str:
    """Only the fields the plan allows reach the expression: the spec rules refuse hosts on Free and
    methods below Business, so a Free rule tests the path alone."""
    tests = [field_test("http.request.uri.path", paths)]
    tests += [field_test("http.host", hosts)] if hosts else []
    tests += [field_test("http.request.method", methods)] if methods else []
    return "(" + " and ".join(tests) + ")"


def rate_limit_rule(spec: DomainSpec, name: str, rule: RateLimitSpec) -> RateLimitRule:
    hosts = tuple(fqdn(label, spec.zone.name) for label in rule.hosts)
    body = {"error": "rate_limited", "message": f"Too many requests. Try again in {rule.timeout} seconds.",
            "retry_after": rule.timeout}
    where = " ".join(rule.methods) + " " if rule.methods else ""
    return RateLimitRule(
        ref=f"ratelimit_{slug(name).replace('-', '_')}",
        description=f"{name}: {rule.requests} {where}requests per {rule.period}s per IP to "
                    + ", ".join(rule.paths),
        paths=rule.paths, hosts=hosts, methods=rule.methods,
        expression=ratelimit_expression(rule.paths, hosts, rule.methods),
        requests_per_period=rule.requests, period=rule.period, mitigation_timeout=rule.timeout,
        response_body=json.dumps(body, separators=(",", ":")),
    )


def rate_limit_rules(spec: DomainSpec) -> tuple[RateLimitRule, ...]:
    """In spec order; Cloudflare evaluates rate limiting rules in order (read 2026-11). The description
    starts with the rule's unique name, so it tells `login-a` from `login_a` when their refs fold; `login-a`,
    written in slug form, keeps the plain ref (launchready.core.plan.folding)."""
    rules = tuple(rate_limit_rule(spec, name, rule) for name, rule in spec.rate_limits.items())
    names = {rule.description: name for rule, name in zip(rules, spec.rate_limits, strict=True)}
    return distinct_keys(rules, "ref", lambda rule: rule.description, lambda rule: (names[rule.description],),
                         sep="_")
