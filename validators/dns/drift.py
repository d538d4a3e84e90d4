"""`launchready diff --live`: the stack's declared DNS against what resolvers answer now (drift).

Two parts, one report:
- every declared record, checked by the DNS validator (validators.dns: the same queries, proxy
  awareness and verdicts as `launchready validate --only dns`), so a record changed or removed
  behind Pulumi's back, or a proxied host leaking its origin, shows up with the validator's check id;
- records that exist live but are not declared, at the names the spec owns (`drift.undeclared`):
  each owned name is asked the record types the plan does not declare there. Names that are
  CNAMEs are skipped (nothing else may live beside a CNAME, RFC 1034 §3.6.2), so are A/AAAA/CNAME
  at proxied names (Cloudflare answers those with its own addresses) and the CAA records Cloudflare
  adds itself for Universal SSL (SSL docs, "CAA records added by Cloudflare", read 2026-11).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace

from launchready.core.cloudflare_ips import CloudflareRanges, load_ranges
from launchready.core.dnsname import relative
from launchready.core.findings import Finding, Report, failed, passed
from launchready.core.plan import DomainPlan
from launchready.core.spec.models import DomainSpec
from validators.context import CheckContext
from validators.dns import observe, verdicts
from validators.dns.judge import unmanaged_fix
from validators.dns.rdata import cloudflare_added_caa, observed_values
from validators.dns.servers import default_resolvers, has_ipv6
from validators.dnsquery import Answer, ask
from validators.endpoints import Endpoint
from validators.runner import run_loop

PROBED_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "CAA")


def undeclared_probes(plan: DomainPlan) -> list[tuple[str, str]]:
    """(name, type) pairs the plan declares nothing for, at the names the plan owns."""
    declared = {(r.name, r.type) for r in plan.records}
    proxied = {r.name for r in plan.records if r.proxied}
    aliases = {r.name for r in plan.records if r.type == "CNAME"}
    probes = []
    for name in sorted({r.name for r in plan.records}):
        if name in aliases:
            continue
        for rdtype in PROBED_TYPES:
            shown_by_cloudflare = name in proxied and rdtype in ("A", "AAAA", "CNAME")
            if (name, rdtype) in declared or shown_by_cloudflare or (rdtype == "CNAME" and name == plan.zone):
                continue
            probes.append((name, rdtype))
    return probes


def live_values(answer: Answer) -> tuple[str, ...]:
    """What a resolver holds for the question itself (a CNAME chain means the name is an alias)."""
    if answer.status != "ok":
        return ()
    if answer.cnames:
        return (f"CNAME {answer.cnames[0]}",) if answer.rdtype != "CNAME" else ()
    values = observed_values(answer.rdtype, answer.rdata)
    return tuple(v for v in values if not (answer.rdtype == "CAA" and cloudflare_added_caa(v)))


def undeclared_fix(rdtype: str) -> str:
    """An MX carries the domain's mail, a TXT a sender's SPF, a DKIM key or a service's verification: deleting
    one that works breaks it, so the spec declares it first and deleting is a deliberate, later step."""
    fix = unmanaged_fix(rdtype)
    return fix[0].upper() + fix[1:]


def proxy_answer(plan: DomainPlan, name: str, rdtype: str, values: list[str], ranges: CloudflareRanges) -> bool:
    """Addresses inside Cloudflare's ranges at a name the plan makes DNS-only: the proxy answers them for a
    record proxied today (Cloudflare docs, "Proxy status", read 2026-11), not a record of their own."""
    return (rdtype in ("A", "AAAA") and all(ranges.contains(v) for v in values)
            and any(r.name == name and r.type in ("A", "AAAA", "CNAME") for r in plan.records))


def proxy_finding(plan: DomainPlan, name: str, rdtype: str, listed: str, values: list[str]) -> Finding:
    planned = ", ".join(sorted(r.content for r in plan.records if r.name == name and r.type in ("A", "AAAA",
                                                                                               "CNAME")))
    return failed("drift.undeclared", name, f"{relative(name, plan.zone)} {rdtype} answers {listed}: Cloudflare's "
                  f"proxy addresses, so the record is still proxied (not a record to delete). The first `pulumi up` "
                  f"turns the proxy off and publishes {planned}, and Cloudflare stops answering {rdtype} here; if "
                  "that is not meant, make it proxied in the spec (proxied: true)", warning=True, type=rdtype,
                  expected="nothing (not declared)", observed=values)


def undeclared_findings(plan: DomainPlan, answers: Sequence[Answer], ranges: CloudflareRanges) -> Iterator[Finding]:
    seen: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for answer in answers:
        for value in live_values(answer):
            seen[(answer.name, answer.rdtype)][value].append(str(answer.server))
    for (name, rdtype), values in sorted(seen.items()):
        label = relative(name, plan.zone)
        listed = "; ".join(f"{value} (from {', '.join(sorted(servers))})" for value, servers in sorted(values.items()))
        if proxy_answer(plan, name, rdtype, sorted(values), ranges):
            yield proxy_finding(plan, name, rdtype, listed, sorted(values))
            continue
        yield failed("drift.undeclared", name, f"{label} {rdtype} exists live but the stack does not declare it: "
                     f"{listed}. {undeclared_fix(rdtype)}", type=rdtype, expected="nothing (not declared)",
                     observed=sorted(values))
    if not seen:
        yield unseen_verdict(plan, answers)


ANSWERED = ("ok", "nxdomain", "nodata")
"""Statuses that say what exists; a timeout, SERVFAIL or refusal says nothing either way."""


def unseen_verdict(plan: DomainPlan, answers: Sequence[Answer]) -> Finding:
    """No undeclared record seen: a pass only when the resolvers answered; silence proves nothing."""
    names = len({name for name, _ in undeclared_probes(plan)})
    unanswered = sum(1 for answer in answers if answer.status not in ANSWERED)
    if answers and unanswered == len(answers):
        servers = ", ".join(sorted({str(answer.server) for answer in answers}))
        return failed("drift.undeclared", plan.zone, f"not checked: none of the {len(answers)} questions about "
                      f"the {names} names the stack owns got an answer from {servers} (see dns.timeout)",
                      warning=True, type="*")
    gaps = f" ({unanswered} of {len(answers)} questions went unanswered)" if unanswered else ""
    return passed("drift.undeclared", plan.zone, f"no undeclared records at the {names} names the stack owns{gaps}",
                  type="*")


async def probe_undeclared(ctx: CheckContext) -> list[Finding]:
    questions = [ask(server, name, rdtype, ctx.budget()) for server in ctx.resolvers
                 for name, rdtype in undeclared_probes(ctx.plan)]
    ranges = ctx.cloudflare_networks or load_ranges(ctx.cloudflare_ranges)
    return list(undeclared_findings(ctx.plan, await asyncio.gather(*questions), ranges))


async def drift(ctx: CheckContext) -> list[Finding]:
    """The DNS validator's verdicts on the declared records, plus the undeclared live records."""
    if not ctx.resolvers:
        ctx = replace(ctx, resolvers=default_resolvers(has_ipv6()))
    declared, undeclared = await asyncio.gather(observe(ctx), probe_undeclared(ctx))
    return [*verdicts(declared), *undeclared]


def drift_report(plan: DomainPlan, spec: DomainSpec, resolvers: tuple[Endpoint, ...],
                 authoritative: tuple[Endpoint, ...], timeout: float, deadline: float) -> Report:
    ctx = CheckContext(plan=plan, spec=spec, resolvers=resolvers, authoritative=authoritative, timeout=timeout,
                       deadline=deadline)
    findings = run_loop(drift(ctx))
    return Report.of(findings, title="launchready diff --live", stack=plan.stack, families=("dns", "drift"),
                     notes=("live drift: declared records judged by the DNS validator; drift.undeclared lists "
                            "records that exist live at names the stack owns but are not declared",))
