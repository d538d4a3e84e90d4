"""Rules over `rules.keep` and `adopted` that need the plan: one `ref` per rule of a phase, and every
adopted record or rule still in the plan, so deleting one is a step of its own (docs/diff-and-adopt.md,
"Removing an adopted record or rule")."""

from __future__ import annotations

from collections.abc import Iterator

from launchready.core.errors import Problem
from launchready.core.plan.adopted import label_of
from launchready.core.plan.model import DomainPlan
from launchready.core.spec.models import DomainSpec


def kept_plan_problems(plan: DomainPlan, spec: DomainSpec) -> Iterator[Problem]:
    if spec.rules.keep:
        yield from ref_problems(plan, spec)
    if spec.adopted.records or spec.adopted.rules:
        yield from adopted_problems(plan, spec)


def generated_refs(plan: DomainPlan) -> dict[str, set[str]]:
    return {"http_request_dynamic_redirect": {r.ref for r in plan.redirects},
            "http_request_cache_settings": {r.ref for r in plan.cache_rules},
            "http_ratelimit": {r.ref for r in plan.rate_limits}}


def ref_problems(plan: DomainPlan, spec: DomainSpec) -> Iterator[Problem]:
    """A ref names one rule of a phase (Cloudflare keeps a rule's identity by it, read 2026-11)."""
    generated = generated_refs(plan)
    for phase, rules in spec.rules.keep.items():
        seen: set[str] = set()
        for i, rule in enumerate(rules):
            if rule.ref in generated[phase]:
                yield Problem(f"rules.keep.{phase}[{i}].ref", f'"{rule.ref}" is the ref of a rule launchready '
                              "generates in this phase; give the kept rule another ref")
            elif rule.ref in seen:
                yield Problem(f"rules.keep.{phase}[{i}].ref", f'"{rule.ref}" is used twice in this phase')
            seen.add(rule.ref)


def adopted_problems(plan: DomainPlan, spec: DomainSpec) -> Iterator[Problem]:
    labels = {" ".join(label_of(r, spec.zone.name).split()) for r in plan.records}
    for i, label in enumerate(spec.adopted.records):
        if " ".join(label.split()) not in labels:
            yield Problem(f"adopted.records[{i}]", f'"{label}" is not a record of this stack; an adopted record '
                          "is deleted on purpose only: first remove it from adopted.records and run `pulumi up` "
                          "(it loses its protection), then remove the record itself")
    refs = {rule.ref for rules in spec.rules.keep.values() for rule in rules}
    refs |= set().union(*generated_refs(plan).values())
    for i, ref in enumerate(spec.adopted.rules):
        if ref not in refs:
            yield Problem(f"adopted.rules[{i}]", f'no rule has ref "{ref}"; an adopted rule is deleted on purpose '
                          "only: remove it from adopted.rules in the same change that removes the rule")
