"""The handover's DNSSEC section: which state the chain of trust was in at the last validation, and the
exact DS record the registrar must hold (RFC 4035 §5: without it, or with a stale one, validating
resolvers either ignore the signatures or fail the whole domain)."""

from __future__ import annotations

from launchready.core.findings import Finding, Report, Severity
from launchready.core.plan import DomainPlan
from launchready.handover.document import Block, Code, Paragraph, Section, Steps

STACK_OUTPUT = "pulumi stack output ds_record"
STATE = {Severity.INFO: "in place", Severity.WARNING: "needs a step", Severity.ERROR: "BROKEN"}


def finding(results: Report | None, check: str) -> list[Finding]:
    return [f for f in results.findings if f.check == check] if results is not None else []


def ds_record(results: Report | None) -> str | None:
    """The DS the registrar must hold, as the last validation computed it from the zone's own key: what
    a pending or broken state asks to add, or the DS already at the parent that completes the chain."""
    for state in finding(results, "dnssec.state"):
        if state.severity is not Severity.INFO and isinstance(state.expected, str) and " IN DS " in state.expected:
            return state.expected
    good = [f.observed for f in finding(results, "dnssec.ds") if f.severity is Severity.INFO]
    return good[0] if good and isinstance(good[0], str) else None


def state_paragraph(results: Report | None, stack: str) -> Paragraph:
    states = finding(results, "dnssec.state")
    if not states:
        when = "not validated yet" if results is None else "the last validation did not check it"
        return Paragraph(f"State: {when}. Run `launchready validate --stack {stack} --only dnssec`.")
    state = states[0]
    return Paragraph(f"State at the last validation ({STATE[state.severity]}): {state.message}")


def dnssec_section(plan: DomainPlan, results: Report | None) -> Section | None:
    """None for a stack without DNSSEC whose validation saw nothing about it."""
    if not plan.dnssec and not finding(results, "dnssec.state"):
        return None
    stack = plan.stack or "prod"
    ds = ds_record(results)
    blocks: list[Block] = [state_paragraph(results, stack)]
    if plan.dnssec:
        blocks += [Paragraph("The registrar must hold exactly this DS record, and no other:" if ds else
                             f"The registrar must hold exactly the DS record `{STACK_OUTPUT}` prints, and no other."),
                   *([Code(ds)] if ds else [])]
    blocks.append(Steps((
        "Moving DNS to another provider, or turning DNSSEC off: remove the DS at the registrar first.",
        "Wait for the DS's TTL at the parent (often a day; `launchready validate --only dnssec` names it).",
        "Only then turn signing off (`dnssec: false`, `pulumi up`): the other order fails the whole domain "
        "for validating resolvers.",
    )))
    return Section("dnssec", "DNSSEC and the registrar", tuple(blocks))
