"""Plan diffs for pull requests: what a change to a stack file does to DNS, rules and zone settings,
and which of those changes can break mail, TLS or the site. No credentials, no network."""

from __future__ import annotations

from launchready.core.plan.model import DomainPlan
from launchready.core.project import Project
from launchready.diff.compare import diff_monitoring, diff_records, diff_rules, diff_settings
from launchready.diff.dangerous import find_dangers
from launchready.diff.model import Danger, PlanDiff, RecordChange, RuleChange, SettingChange, Side
from launchready.diff.project_dangers import project_dangers

__all__ = ["Danger", "PlanDiff", "RecordChange", "RuleChange", "SettingChange", "Side", "diff_plans"]


def diff_plans(base: DomainPlan | None, head: DomainPlan | None, *, stack: str, base_side: Side,
               head_side: Side, notes: tuple[str, ...] = (),
               projects: tuple[Project | None, Project | None] = (None, None)) -> PlanDiff:
    """Compare two plans of one stack; None stands for a revision without the stack file (an empty plan).
    `projects`: the project file at each end, whose changes are dangerous too (launchready.diff.project_dangers)."""
    records, same_records = diff_records(base.records if base else (), head.records if head else ())
    redirects, same_redirects = diff_rules("redirect", base.redirects if base else (), head.redirects if head else ())
    cache, same_cache = diff_rules("cache", base.cache_rules if base else (), head.cache_rules if head else ())
    limits, same_limits = diff_rules("ratelimit", base.rate_limits if base else (),
                                     head.rate_limits if head else ())
    kept, same_kept = diff_rules("kept", base.kept_rules if base else (), head.kept_rules if head else (),
                                 key=lambda rule: f"{getattr(rule, 'phase', '')} {rule.ref}")
    settings, same_settings = diff_settings(base, head)
    monitoring, same_monitoring = diff_monitoring(base, head)
    either = head or base
    zone = either.zone if either else ""
    diff = PlanDiff(
        stack=stack, zone=zone, base=base_side, head=head_side, records=records, redirects=redirects,
        cache_rules=cache, rate_limits=limits, kept_rules=kept, settings=settings, monitoring=monitoring, notes=notes,
        unchanged={"records": same_records, "redirects": same_redirects, "cache_rules": same_cache,
                   "rate_limits": same_limits, "kept_rules": same_kept, "settings": same_settings,
                   "monitoring": same_monitoring},
    )
    dangers = (*project_dangers(*projects), *find_dangers(diff, base, head))
    return diff.model_copy(update={"dangers": dangers})
