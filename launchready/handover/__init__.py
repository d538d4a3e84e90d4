"""The handover document a launch ends with: what was set up, where everything points, every TTL,
how to purge, roll back and watch the first days, and (optionally) how validation went.

    handover(plan, spec, stack_document, results) -> Handover    (pure)
    render(handover, "markdown" | "html") -> str
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from launchready.core.findings import Report
from launchready.core.plan import DomainPlan
from launchready.handover.app_links import app_links_section
from launchready.handover.dnssec import dnssec_section
from launchready.handover.document import Bullets, Handover, Paragraph, Section
from launchready.handover.html import render_html
from launchready.handover.markdown import render_markdown
from launchready.handover.runbook import (
    environment_section,
    first_days_section,
    monitoring_section,
    no_validation_section,
    results_caution,
    rollback_section,
    validation_section,
)
from launchready.handover.secrets import SecretEntry, secrets_section
from launchready.handover.sections import site_sections
from launchready.preflight.environment import required_variables
from launchready.render import plural
from launchready.render.formats import HandoverFormat

__all__ = ["Handover", "handover", "render"]


def glance(plan: DomainPlan, results: Report | None) -> Section:
    items = [
        f"Canonical address: {plan.canonical_url}",
        f"Zone: {plan.zone} on Cloudflare's {plan.cloudflare_plan} plan "
        f"({'created by Pulumi' if plan.zone_mode == 'create' else 'adopted'})",
        f"Managed: {len(plan.records)} DNS records, {len(plan.redirects)} redirect rules, "
        f"{len(plan.cache_rules)} cache rules, {plural(len(plan.rate_limits), 'rate-limit rule')}",
    ]
    if results is not None:
        items.append(f"Last validation: {'PASS' if results.ok else 'FAIL'} "
                     f"({plural(results.summary()['errors'], 'error')})")
    caution = results_caution(results, plan.stack or "prod", plan.zone) if results is not None else None
    return Section("glance", "At a glance", (*((Paragraph(caution),) if caution else ()), Bullets(tuple(items))))


def handover(plan: DomainPlan, spec: Any, stack_document: Any, results: Report | None = None,
             secrets: Sequence[SecretEntry] = (), no_results: str | None = None) -> Handover:
    """`no_results`: why the --results given hold nothing for this stack (said in the validation section)."""
    stack = plan.stack or "prod"
    max_ttl = max((300 if r.ttl == 1 else r.ttl for r in plan.records), default=300)
    dnssec, links = dnssec_section(plan, results), app_links_section(plan, results)
    sections = [glance(plan, results), *site_sections(plan), *([links] if links else []), *([dnssec] if dnssec else []),
                monitoring_section(plan), environment_section(stack, required_variables(spec, stack_document))]
    sections += [secrets_section(stack, secrets)] if secrets else []
    sections += [rollback_section(stack, max_ttl), first_days_section(plan, stack, max_ttl)]
    if results is not None:
        sections.append(validation_section(results, stack, plan.zone))
    elif no_results:
        sections.append(no_validation_section(no_results))
    return Handover(title=f"Handover: {plan.zone}", subtitle=f"stack {stack}, managed with Pulumi and launchready",
                    sections=tuple(sections))


RENDERERS: dict[HandoverFormat, Callable[[Handover], str]] = {
    HandoverFormat.MARKDOWN: render_markdown, HandoverFormat.HTML: render_html,
}


def render(document: Handover, fmt: HandoverFormat) -> str:
    return RENDERERS[fmt](document)
