"""Rules over `rules.keep` and `adopted`: kept rules Cloudflare accepts in their phase, one `ref` per
rule of a phase; the rules that need the planned rules and records are in launchready.core.plan.kept_checks."""

from __future__ import annotations

from collections.abc import Iterator

from launchready.core.errors import Problem
from launchready.core.spec.cloudflare_rules import SDK_MISSING, rule_problem, sdk_available
from launchready.core.spec.kept import PHASE_ACTIONS
from launchready.core.spec.models import DomainSpec
from launchready.core.spec.operations import PLAN_LIMITS


def kept_rule_problems(spec: DomainSpec) -> Iterator[Problem]:
    keep = spec.rules.keep
    if any(keep.values()) and not sdk_available():
        yield Problem("rules.keep", SDK_MISSING)
        return
    for phase, rules in keep.items():
        for i, rule in enumerate(rules):
            path = f"rules.keep.{phase}[{i}]"
            if rule.action not in PHASE_ACTIONS[phase]:
                yield Problem(f"{path}.action", f'"{rule.action}" is not an action of phase {phase}; it allows '
                              + ", ".join(sorted(PHASE_ACTIONS[phase])))
            elif problem := rule_problem(rule.as_cloudflare()):
                yield Problem(path, problem)


def ratelimit_count(spec: DomainSpec) -> Iterator[Problem]:
    """Kept rate limiting rules count against the plan's allowance like declared ones (Cloudflare
    "Rate limiting rules: availability", read 2026-11)."""
    kept, allowed = len(spec.rules.keep.get("http_ratelimit", ())), PLAN_LIMITS[spec.plan].ratelimit_rules
    if kept and kept + len(spec.rate_limits) > allowed:
        yield Problem("rules.keep.http_ratelimit", f"{kept} kept and {len(spec.rate_limits)} declared rate limiting "
                      f"rules exceed the {spec.plan} plan's {allowed}; drop one or raise plan")


def kept_and_adopted(spec: DomainSpec) -> Iterator[Problem]:
    """The rules that read the spec alone; refs and adopted entries are checked on the plan
    (launchready.core.plan.kept_checks)."""
    yield from kept_rule_problems(spec)
    if spec.rules.keep:
        yield from ratelimit_count(spec)
