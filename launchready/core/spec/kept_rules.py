"""Rules over `rules.keep` and `adopted`: kept rules Cloudflare accepts in their phase, one `ref` per
rule of a phase, and every adopted record or rule still in the plan, so deleting one is a step of
its own (docs/diff-and-adopt.md, "Removing an adopted record or rule")."""

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


def generated_refs(spec: DomainSpec) -> dict[str, set[str]]:
    from launchready.core.plan import build_plan

    plan = build_plan(spec)
    return {"http_request_dynamic_redirect": {r.ref for r in plan.redirects},
            "http_request_cache_settings": {r.ref for r in plan.cache_rules},
            "http_ratelimit": {r.ref for r in plan.rate_limits}}


def ref_problems(spec: DomainSpec) -> Iterator[Problem]:
    """A ref names one rule of a phase (Cloudflare keeps a rule's identity by it, read 2026-11)."""
    generated = generated_refs(spec)
    for phase, rules in spec.rules.keep.items():
        seen: set[str] = set()
        for i, rule in enumerate(rules):
            if rule.ref in generated[phase]:
                yield Problem(f"rules.keep.{phase}[{i}].ref", f'"{rule.ref}" is the ref of a rule launchready '
                              "generates in this phase; give the kept rule another ref")
            elif rule.ref in seen:
                yield Problem(f"rules.keep.{phase}[{i}].ref", f'"{rule.ref}" is used twice in this phase')
            seen.add(rule.ref)


def adopted_problems(spec: DomainSpec) -> Iterator[Problem]:
    from launchready.core.plan.adopted import label_of
    from launchready.core.plan.records import dns_records

    labels = {" ".join(label_of(r, spec.zone.name).split()) for r in dns_records(spec)}
    for i, label in enumerate(spec.adopted.records):
        if " ".join(label.split()) not in labels:
            yield Problem(f"adopted.records[{i}]", f'"{label}" is not a record of this stack; an adopted record '
                          "is deleted on purpose only: first remove it from adopted.records and run `pulumi up` "
                          "(it loses its protection), then remove the record itself")
    refs = {rule.ref for rules in spec.rules.keep.values() for rule in rules}
    refs |= set().union(*generated_refs(spec).values())
    for i, ref in enumerate(spec.adopted.rules):
        if ref not in refs:
            yield Problem(f"adopted.rules[{i}]", f'no rule has ref "{ref}"; an adopted rule is deleted on purpose '
                          "only: remove it from adopted.rules in the same change that removes the rule")


def kept_and_adopted(spec: DomainSpec) -> Iterator[Problem]:
    yield from kept_rule_problems(spec)
    if spec.rules.keep:
        yield from ref_problems(spec)
        yield from ratelimit_count(spec)
    if spec.adopted.records or spec.adopted.rules:
        yield from adopted_problems(spec)
