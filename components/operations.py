"""Operations children of a ProductDomain: the rate-limit ruleset, uptime health checks and the
notification policy that tells people when a check fails.

A child builder (see components.scope): ProductDomain runs it after its own builders. Everything it
creates comes from values the plan already holds (`as_cloudflare()`), so the tests that validate
those values against the Cloudflare SDK's types cover what is sent here.
"""

from __future__ import annotations

from typing import Any, cast

import pulumi
import pulumi_cloudflare as cloudflare

from components.monitor import build_monitor_worker
from components.rulesets import phase_ruleset
from components.scope import DomainScope, Exports
from launchready.core.naming import healthcheck_name, notification_policy_name, notification_webhook_name
from launchready.core.plan.folding import former_key
from launchready.core.plan.operations import check_identity
from launchready.core.plan.ops_model import RATELIMIT_PHASE, HealthCheck, MonitoringPlan


def build_rate_limits(scope: DomainScope) -> None:
    # Rate limiting rules must be the zone's http_ratelimit entry point, one ruleset for all of them
    # (Cloudflare, "Create rate limiting rules via API", read 2026-11). No outputs leave this
    # function: ruleset outputs break Output.from_input (pulumi#12806).
    kept = [rule.as_cloudflare() for rule in scope.plan.phase_rules(RATELIMIT_PHASE)]
    rules = [cast(cloudflare.RulesetRuleArgsDict, rule)
             for rule in (*kept, *(limit.as_cloudflare() for limit in scope.plan.rate_limits))]
    phase_ruleset(scope, RATELIMIT_PHASE, rules)


def account_id(scope: DomainScope, monitoring: MonitoringPlan) -> pulumi.Input[str]:
    """Notification policies belong to the account. Without an id in the spec, ask the zone for its
    account (GET /zones/<id> returns it)."""
    if monitoring.account_id:
        return monitoring.account_id
    zone = cloudflare.get_zone_output(zone_id=scope.zone_id, opts=pulumi.InvokeOptions(parent=scope.parent))
    return zone.apply(lambda found: found.account.id if found.account else "")


def webhook_ids(scope: DomainScope, monitoring: MonitoringPlan, account: pulumi.Input[str]) -> list[Any]:
    if monitoring.webhook_id:
        return [monitoring.webhook_id]
    if monitoring.webhook_secure and not monitoring.webhook_url:
        raise pulumi.RunError("monitoring.webhook_url is still encrypted ({secure: ...}); run the program "
                              "through `pulumi up`, which decrypts stack config")
    if not monitoring.webhook_url:
        return []
    # A chat webhook's path is its credential (Slack, Discord): a secret Output, so Pulumi encrypts it in
    # state and masks it in output. Config read with require_object is plaintext (pulumi/pulumi#7127).
    webhook = cloudflare.NotificationPolicyWebhooks(
        notification_webhook_name(scope.name), account_id=account, name=f"{scope.plan.zone} alerts",
        url=pulumi.Output.secret(monitoring.webhook_url), opts=scope.opts())
    return [webhook.id]


def check_options(scope: DomainScope, monitoring: MonitoringPlan, check: HealthCheck) -> pulumi.ResourceOptions:
    """From 2026-11-27 (commit 011353b) until plain members kept their key, every check of a group whose keys
    fold alike (`/health`, `/health/`) was suffixed; the one that keeps the plain name now carries the old one
    as an alias, so Pulumi moves it in state (https://www.pulumi.com/docs/iac/concepts/options/aliases/)."""
    former = former_key(check, monitoring.checks, "key", check_identity)
    return scope.opts(aliases=[pulumi.Alias(name=healthcheck_name(former, scope.name))] if former else [])


def build_monitoring(scope: DomainScope) -> Exports:
    """The monitor Worker (engine worker), or health checks and their alert policy on plans that
    include health checks; health checks on Free are shown with a note and nothing is created."""
    monitoring = scope.plan.monitoring
    if monitoring is None or not monitoring.created:
        return {}
    if monitoring.worker is not None:
        return build_monitor_worker(scope, monitoring.worker, account_id(scope, monitoring))
    checks = [cloudflare.Healthcheck(healthcheck_name(check.key, scope.name), zone_id=scope.zone_id,
                                     opts=check_options(scope, monitoring, check), **check.as_cloudflare())
              for check in monitoring.checks]
    account = account_id(scope, monitoring)
    ids = [check.id for check in checks]
    policy = cloudflare.NotificationPolicy(
        notification_policy_name(scope.name), account_id=account, opts=scope.opts(),
        **monitoring.notification_policy(ids, webhook_ids(scope, monitoring, account)))
    return {"healthcheck_ids": ids, "alert_policy_id": policy.id}


def build_operations(scope: DomainScope) -> Exports:
    build_rate_limits(scope)
    return build_monitoring(scope)
