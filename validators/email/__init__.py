"""Mail checks: SPF, DKIM, DMARC and MX as a receiving server sees them, plus (with --ses-region)
Amazon SES's own verdict on DKIM and MAIL FROM.

Check ids (stable): email.spf.{record,syntax,expected,size,all,ptr,lookups,void,loop,include},
email.dkim.{record,cname,key,strength}, email.dmarc.{record,syntax,policy,removed,reports,rua},
email.mx.{present,resolves,null}, email.ses.{identity,dkim,tokens,mail_from}, email.plan.
`launchready check email DOMAIN` runs the same checks from a bare domain (`run` with `for_domain`).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable

from launchready.core.findings import Finding, failed
from validators.context import CheckContext
from validators.dns import run_budget, unsent
from validators.dnsquery import Answer, ask
from validators.email import dkim, dmarc, mx, spf
from validators.email.expect import MailExpectation, for_domain, from_plan
from validators.email.lookup import Asks, Lookup
from validators.endpoints import PUBLIC_RESOLVERS_V4, Endpoint

__all__ = ["MailExpectation", "check", "for_domain", "from_plan", "run"]


def resolvers(given: tuple[Endpoint, ...]) -> tuple[Endpoint, ...]:
    """The --resolver list, or the public resolvers (tried in order, the next only on timeout or error)."""
    return given or PUBLIC_RESOLVERS_V4


def budgeted(ctx: CheckContext) -> Asks:
    """The mail questions within the run's shared DNS budget (in-flight limit, each resolver's window and
    rate cap, one retry of a dropped query), counted with the dns family's queries."""
    queries, tally = run_budget(ctx)

    async def asks(server: Endpoint, name: str, rdtype: str, _timeout: float) -> Answer:
        async def send(left: float) -> Answer:
            return await ask(server, name, rdtype, left)

        answer, _ = await queries.send(server, send, ctx.budget, tally,
                                       unsent=functools.partial(unsent, server, name, rdtype))
        return answer

    return asks


async def run(expected: MailExpectation, lookup: Lookup) -> list[Finding]:
    """Every DNS-side mail finding for `expected`, the checks running concurrently."""
    checks: list[Awaitable[list[Finding]]] = [spf.check_name(lookup, name, text) for name, text in expected.spf.items()]
    checks += [dkim.check_selector(lookup, selector, expected.prod) for selector in expected.dkim]
    checks.append(dmarc.check_domain(lookup, expected))
    for name, hosts in (expected.mx or {}).items():
        checks.append(mx.check_name(lookup, name, hosts, expected.null_mx and name == expected.domain))
    results = await asyncio.gather(*checks)
    return [finding for findings in results for finding in findings]


async def check(ctx: CheckContext) -> list[Finding]:
    expected = from_plan(ctx.plan, prod=ctx.prod)
    findings: list[Finding] = []
    if not expected.declares_anything:
        findings.append(failed("email.plan", ctx.plan.zone, "the stack declares no mail records, so anyone can send "
                               "as this domain; add an email section (docs/email.md), or sends_mail: false",
                               warning=True))
    else:
        findings += await run(expected, Lookup(resolvers(ctx.resolvers), ctx.budget, budgeted(ctx)))
    if ctx.ses_region:
        from validators.email.ses import check_ses

        findings += await asyncio.to_thread(check_ses, ctx)
    return findings
