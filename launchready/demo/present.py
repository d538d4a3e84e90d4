"""What the demo prints: the intro (what runs where), how to poke a sandbox left running, and the
`summary` view of a report (problems in full, passed checks counted per check id)."""

from __future__ import annotations

import shlex
from collections import Counter
from typing import Any

from rich.table import Table
from rich.text import Text

from launchready.core.findings import Report, Severity
from launchready.core.plan import DomainPlan
from launchready.demo.sandbox import Sandbox
from launchready.render.console import printed
from launchready.render.report import MARK, headline, rows

SUMMARY_WIDTH = 120
SUBJECT_WIDTH = 36
"""Long subjects (URL, name and type @ server) fold, so the message keeps most of the line."""


def intro(plan: DomainPlan, box: Sandbox, families: tuple[str, ...]) -> str:
    resolvers = "  ".join(f"{e}{' (stale)' if s.fault.value == 'stale' else ''}"
                          for e, s in zip(box.resolvers, box.resolver_servers, strict=True))
    edge = box.edge
    lines = [
        f"launchready demo: stack {plan.stack}, zone {plan.zone}, on loopback (stopped when the demo ends)",
        f"  resolvers    {resolvers}   stand-ins for public resolvers",
        f"  nameservers  {'  '.join(map(str, box.nameservers))}   the zone's Cloudflare nameservers",
        f"  edge         http {edge.address}:{edge.http_port}  https {edge.address}:{edge.https_port}   "
        f"{len(plan.web_hosts)} web hosts, certificate from a throwaway CA",
    ]
    lines += [f"  parent       {'  '.join(map(str, box.parents))}   the parent zone's server: the DS and NS sets "
              "the registrar publishes"] if box.parents else []
    lines += [f"  fault        {fault.name}: {fault.explanation} (expect {fault.finding})" for fault in box.faults]
    lines.append(f"Validating ({', '.join(families)}) as `launchready validate` does...")
    return "\n".join(lines) + "\n\n"


def poke(plan: DomainPlan, box: Sandbox, validate_command: str) -> str:
    """Copy-paste commands against the running sandbox: dig for DNS, curl (through the CA bundle) for the edge."""
    resolver, nameserver, edge = box.resolvers[0], box.nameservers[0], box.edge
    web = next((h.fqdn for h in plan.web_hosts if h.canonical), plan.zone)
    other = next((h.fqdn for h in plan.web_hosts if h.proxied and not h.canonical), web)
    route = f"--connect-to :80:{edge.address}:{edge.http_port} --connect-to :443:{edge.address}:{edge.https_port}"
    cacert = f"--cacert {shlex.quote(str(box.ca_bundle))}"
    lines = [
        "The sandbox keeps running until Ctrl-C. Poke it:",
        f"  dig @{resolver.address} -p {resolver.port} {web} A",
        f"  dig @{nameserver.address} -p {nameserver.port} +norecurse {plan.zone} SOA",
        f"  dig @{resolver.address} -p {resolver.port} {plan.zone} TXT",
        f"  curl -sSIL {cacert} {route} http://{other}/",
        f"  curl -sSI {cacert} --resolve {web}:{edge.https_port}:{edge.address} https://{web}:{edge.https_port}/",
        f"  {validate_command}",
    ]
    return "\n".join(lines) + "\n"


def render_summary(report: Report) -> str:
    """Errors and warnings as the text report shows them, then one line per family of what passed."""
    items: list[Any] = []
    problems = [f for f in report.findings if f.severity is not Severity.INFO]
    if problems:
        table = Table(box=None, pad_edge=False, show_header=False)
        table.add_column("mark", min_width=4)
        table.add_column("check", overflow="fold")
        table.add_column("subject", overflow="fold", max_width=SUBJECT_WIDTH)
        table.add_column("message", overflow="fold")
        for r in rows(problems):
            table.add_row(*(Text(cell) for cell in r.cells))
        items.append(table)
    passed = Table(box=None, pad_edge=False, show_header=False)
    for column in ("mark", "family", "checks"):
        passed.add_column(column, overflow="fold", min_width=4 if column == "mark" else None)
    families = passed_counts(report)
    width = SUMMARY_WIDTH - 4 - 2 - max((len(family) for family in families), default=0) - 2
    for family, counts in families.items():
        checks = packed([f"{check} ×{n}" for check, n in counts.items()], width)
        passed.add_row(*(Text(cell) for cell in (MARK[Severity.INFO], family, checks)))
    return printed(*items, passed, *(f"note: {note}" for note in report.notes), headline(report), width=SUMMARY_WIDTH)


def packed(items: list[str], width: int) -> str:
    """Items joined by ', ' in lines of at most `width`, breaking between items only ('dns.answer ×55'
    stays on one line)."""
    lines = [""]
    for item in items:
        joined = f"{lines[-1]}, {item}" if lines[-1] else item
        if len(joined) + 1 > width and lines[-1]:
            lines[-1] += ","
            lines.append(item)
        else:
            lines[-1] = joined
    return "\n".join(lines)


def passed_counts(report: Report) -> dict[str, dict[str, int]]:
    """family → {check id: passed findings}, in check id order."""
    counts = Counter(f.check for f in report.findings if f.severity is Severity.INFO)
    families: dict[str, dict[str, int]] = {}
    for check in sorted(counts):
        families.setdefault(check.split(".")[0], {})[check] = counts[check]
    return families
