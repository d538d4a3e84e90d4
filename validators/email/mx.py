"""MX checks (RFC 5321 §5.1, RFC 7505): the planned MX set is published, every exchange resolves to an
address and is not an alias (RFC 2181 §10.3), and a name that takes no mail says so with a null MX, and then
authorizes no sender in SPF (RFC 7505 §4.2: receivers may reject mail from a null-MX domain)."""

from __future__ import annotations

import asyncio

from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.mailauth import spf
from validators.dnsquery import bare, parse_rdata
from validators.email.lookup import Lookup, unanswered


def parse_mx(rdata: tuple[str, ...]) -> frozenset[tuple[int, str]]:
    """(preference, exchange) pairs by dnspython; the null MX's exchange (the root) reads "." (RFC 7505)."""
    parsed = [mx for text in rdata if (mx := parse_rdata("MX", text)) is not None]
    return frozenset((mx.preference, bare(mx.exchange.to_text()) or ".") for mx in parsed)  # type: ignore[attr-defined]


async def check_name(lookup: Lookup, name: str, planned: frozenset[tuple[int, str]] | None,
                     null_mx: bool) -> list[Finding]:
    answer = await lookup.query(name, "MX")
    subject = Subject(type="MX", resolver=str(answer.server))
    problem = unanswered(answer, f"the MX records of {name}")
    if problem:
        return [failed("email.mx.null" if null_mx else "email.mx.present", name, problem, subject,
                       observed=answer.status.upper())]
    live = parse_mx(answer.rdata)
    if (0, ".") in live or null_mx:
        finding = null_mx_finding(name, live, null_mx, subject)
        sender = await authorizing_spf(lookup, name) if (0, ".") in live else None
        return [sender_finding(name, sender, subject) if sender and finding.severity.value == "info" else finding]
    findings = set_findings(name, planned, live, answer.status, subject)
    checks = [exchange_finding(lookup, host) for _, host in sorted(live)]
    return findings + list(await asyncio.gather(*checks))


def null_mx_finding(name: str, live: frozenset[tuple[int, str]], expected: bool, subject: Subject) -> Finding:
    """RFC 7505 §3: a null MX is the only MX record at the name, with preference 0."""
    if live == {(0, ".")}:
        return passed("email.mx.null", name, f"{name} publishes a null MX: it accepts no mail (RFC 7505)", subject)
    if not expected:
        return failed("email.mx.null", name, f"a null MX beside other MX records at {name}; RFC 7505 §3 allows it "
                      "only alone. Remove one", subject, observed=sorted(live))
    return failed("email.mx.null", name, f"{name} should publish only the null MX \"0 .\" (it takes no mail, "
                  "RFC 7505)", subject, expected=[[0, "."]], observed=sorted(live))


async def authorizing_spf(lookup: Lookup, name: str) -> str | None:
    """The SPF record at `name` when it authorizes any sender (anything beyond `-all`/`~all`), else None."""
    txt = await lookup.txt(name)
    records = [text for text in txt.texts if spf.is_spf(text)]
    try:
        return records[0] if len(records) == 1 and spf.authorizes_senders(spf.parse(records[0])) else None
    except spf.SpfSyntaxError:
        return None


def sender_finding(name: str, record: str, subject: Subject) -> Finding:
    """RFC 7505 §4.2: receivers may reject mail whose MAIL FROM domain has a null MX, and its bounces and the
    replies to it have nowhere to go."""
    return failed("email.mx.null", name, f'{name} publishes a null MX ("0 .") but its SPF record "{record}" '
                  f"authorizes senders: receivers may reject mail sent from {name} (RFC 7505 §4.2), and bounces "
                  f"and replies to it are lost. If {name} sends mail, replace the null MX with MX hosts that take "
                  'its bounces (email.receive); if it does not, publish "v=spf1 -all"', subject,
                  observed=record)


def set_findings(name: str, planned: frozenset[tuple[int, str]] | None, live: frozenset[tuple[int, str]],
                 status: str, subject: Subject) -> list[Finding]:
    if planned is None:
        if live:
            return [passed("email.mx.present", name, f"{len(live)} MX record(s)", subject, observed=sorted(live))]
        return [failed("email.mx.present", name, f"{name} has no MX ({status.upper()}), so mail goes to its address "
                       "record (RFC 5321 §5.1); publish MX hosts, or a null MX \"0 .\" if it takes no mail (RFC 7505)",
                       subject, warning=True)]
    missing, extra = sorted(planned - live), sorted(live - planned)
    findings = []
    if missing:
        findings.append(failed("email.mx.present", name, f"{name} lacks the planned MX {format_hosts(missing)}; "
                               "mail to those hosts is not routed as planned", subject, expected=sorted(planned),
                               observed=sorted(live)))
    if extra:
        findings.append(failed("email.mx.present", name, f"{name} has MX {format_hosts(extra)} that the plan does "
                               "not declare; remove them or declare them", subject, warning=True,
                               expected=sorted(planned), observed=sorted(live)))
    return findings or [passed("email.mx.present", name, "the planned MX set is published (RFC 5321 §5.1)", subject,
                               observed=sorted(live))]


def format_hosts(hosts: list[tuple[int, str]]) -> str:
    return ", ".join(f"{priority} {host}" for priority, host in hosts)


async def exchange_finding(lookup: Lookup, host: str) -> Finding:
    a, aaaa = await lookup.addresses(host)
    subject = Subject(type="A/AAAA", resolver=str(a.server))
    addresses = [*a.rdata, *aaaa.rdata]
    problem = unanswered(a, f"the address of the mail exchange {host}") if not addresses else None
    if problem:
        return failed("email.mx.resolves", host, problem, subject, observed=a.status.upper())
    if not addresses:
        return failed("email.mx.resolves", host, f"the mail exchange {host} has no address ({a.status}); senders "
                      "cannot deliver to it (RFC 5321 §5.1)", subject)
    if a.cnames or aaaa.cnames:
        return failed("email.mx.resolves", host, f"the mail exchange {host} is an alias (CNAME); RFC 2181 §10.3 "
                      "says MX must name the host itself", subject, warning=True, observed=addresses)
    return passed("email.mx.resolves", host, f"{host} resolves ({len(addresses)} address(es))", subject,
                  observed=addresses)
