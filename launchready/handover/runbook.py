"""Handover sections about running the domain: monitoring, rate limits, variables, rollback,
the first 72 hours, and (when given) the outcome of `launchready validate`."""

from __future__ import annotations

import json

from launchready.core.findings import Report, Severity, printable_value
from launchready.core.plan import DomainPlan
from launchready.handover.alerts import alert_blocks, first_alert_item
from launchready.handover.document import Block, Bullets, Code, Paragraph, Section, Steps, table
from launchready.render import plural
from launchready.render.operations import monitoring_rows, ratelimit_rows
from launchready.render.report import rows

OUTCOME = {Severity.ERROR: "FAIL", Severity.WARNING: "WARN", Severity.INFO: "pass"}


def ratelimit_text(plan: DomainPlan) -> str:
    if not plan.rate_limits:
        return "No rate limits are declared: login and message endpoints can be hammered freely."
    body = json.loads(plan.rate_limits[0].response_body)
    return ("A client over the limit gets HTTP 429 with a JSON body such as "
            f"`{json.dumps(body, separators=(',', ':'))}` until the block ends. Clients are counted per IP "
            "address and Cloudflare data center: people behind one office or mobile-carrier NAT share a count.")


def monitoring_section(plan: DomainPlan) -> Section:
    blocks: list[Block] = alert_blocks(plan)
    if plan.monitoring:
        blocks.append(table(("check", "every", "expects", "alerts", "status"), monitoring_rows(plan)))
    blocks.append(Paragraph(ratelimit_text(plan)))
    if plan.rate_limits:
        blocks.append(table(("rule", "paths", "hosts", "methods", "limit", "then"), ratelimit_rows(plan)))
    return Section("monitoring", "Monitoring, alerts and rate limits", tuple(blocks))


def environment_section(stack: str, variables: list[tuple[str, str]]) -> Section:
    return Section("environment", "Environment variables (names only)", (
        Paragraph("Values live in the CI secret store, a password manager, or encrypted in the stack file "
                  "(`pulumi config set --secret`); never in this document or in git."),
        table(("variable", "what it is for"), list(variables)),
        Paragraph(f"`launchready preflight --stack {stack}` checks that they are set, that no secret is in "
                  "plaintext or committed, and that no secret is shared with another stack."),
    ))


def rollback_section(stack: str, max_ttl: int) -> Section:
    """Pulumi's own recovery paths (pulumi.com docs, "Interrupted updates" and `pulumi cancel`, read
    2026-11): an interrupted run leaves the stack locked and its pending creates unknown."""
    return Section("rollback", "Rollback", (
        Paragraph("Every change goes through git and `pulumi up`, so a rollback is a revert and another "
                  "`pulumi up`. Before a risky change, take a copy of the state."),
        Steps((f"Before a risky change: `pulumi stack export --stack {stack} --file {stack}-before.json` "
               "(keep the file out of git).",
               f"See what ran and when: `pulumi stack history --stack {stack}`.",
               "Undo the change in git: `git revert <commit>` and push. Where the Deploy workflow "
               "(.github/workflows/deploy.yml) runs on pushes to main, the push applies the revert: follow "
               "that run instead of the next step.",
               f"Check, then apply: `pulumi preview --stack {stack}`, then `pulumi up --stack {stack}`.",
               f"Prove it from outside: `launchready validate --stack {stack} --wait 600`. Caches may keep "
               f"the old answers for up to {max_ttl} s (the longest TTL here).",
               f"If a run was interrupted (a CI timeout, Ctrl-C) and the stack is locked: `pulumi cancel "
               f"--stack {stack}`, then `pulumi refresh --stack {stack}` in a terminal (it asks what to do with "
               "records whose creation was cut off). A record created in Cloudflare but lost to the state makes "
               "the next `pulumi up` fail with 81057; `launchready adopt --from-cloudflare` writes the import.",
               f"Only if the state itself is damaged: `pulumi stack import --stack {stack} --file "
               f"{stack}-before.json`, then `pulumi refresh --stack {stack}`.")),
        Code(f"pulumi stack history --stack {stack}\ngit revert <commit>\npulumi up --stack {stack}"),
    ))


def first_days_section(plan: DomainPlan, stack: str, max_ttl: int) -> Section:
    hsts = plan.zone_settings.hsts
    items = [
        f"DNS: old answers can live in resolvers for up to {max_ttl} s, and a nameserver change at the "
        f"registrar up to 48 h. `launchready validate --stack {stack} --only dns` shows who still answers old.",
        "Certificates: a new zone's edge certificate can take minutes to hours; watch for browser warnings "
        "and keep the CAA records allowing Cloudflare's certificate authorities.",
        f"HSTS: browsers remember HTTPS-only for {hsts.max_age} s after their first visit; never switch "
        "HTTPS off to debug." if hsts.enabled else "HSTS is off; turn it on once HTTPS is stable.",
        "Redirects and cache: watch Analytics for 404s and redirect loops; API answers must show "
        "`cf-cache-status: DYNAMIC` or `BYPASS`, never `HIT`.",
        "Rate limits: watch Security › Events for 429s on login and chat; many from one IP is abuse, "
        "a few from many IPs may be a limit set too low." if plan.rate_limits else
        "Rate limits: none are declared; watch login and message endpoints for bursts.",
        first_alert_item(plan),
    ]
    return Section("first-72-hours", "What to watch in the first 72 hours", (Bullets(tuple(items)),))


def validation_section(results: Report, stack: str, zone: str) -> Section:
    summary = results.summary()
    verdict = "PASS" if results.ok else "FAIL"
    counts = (f"{plural(summary['errors'], 'error')}, {plural(summary['warnings'], 'warning')}, "
              f"{plural(summary['passed'], 'check')} passed")
    blocks: list[Block] = [Paragraph(f"{verdict}: {counts} (`launchready validate`).")]
    caution = results_caution(results, stack, zone)
    blocks += [Paragraph(caution)] if caution else []
    cells = [(OUTCOME[r.severity], r.check, r.subject, r.message) for r in rows(results.findings)]
    blocks.append(table(("outcome", "check", "subject", "message"), cells))
    blocks += [Paragraph(f"Note: {note}") for note in results.notes]
    return Section("validation", "Validation results", tuple(blocks))


def results_caution(results: Report, stack: str, zone: str) -> str | None:
    """What a reader must know before trusting the results: they name no stack, or another one (a portfolio
    section edited by hand; `report --stack` refuses another stack's one-stack results), or no zone (an
    older launchready's file; one of another zone is refused, launchready.handover.provenance)."""
    if results.stack is None:
        return (f"Caution: these results record no stack, so nothing shows they are stack {stack}'s; "
                f"validate again with `launchready validate --stack {stack} --format json`.")
    if results.stack != stack:
        return f"Caution: these results are for stack {printable_value(results.stack[:60])}, not {stack}."
    if results.zone is None:
        return (f"Caution: these results record no zone (an older launchready wrote them), so only their "
                f"findings' names show they are {zone}'s; validate again with `launchready validate --stack "
                f"{stack} --format json`.")
    return None


def no_validation_section(note: str) -> Section:
    """Results were asked for (--results) but hold none for this stack: said where the results would be,
    so a missing section never reads as a stack that was not validated on purpose."""
    return Section("validation", "Validation results", (Paragraph(note),))
