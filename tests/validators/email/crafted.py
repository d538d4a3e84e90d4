"""Crafted zones on a real loopback DNS server: the sandbox server (launchready.sandbox.dns) given one
root-origin zone, so it answers for every name like a recursive resolver, CNAME chains included."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import dns.name
import dns.zone

from launchready.core.findings import Finding, Severity
from launchready.sandbox.dns import DnsServer, ZoneData
from validators.email import MailExpectation, run
from validators.email.lookup import Lookup
from validators.endpoints import Endpoint


def zone_of(text: str) -> ZoneData:
    """Zone-file lines with absolute names (`name TTL TYPE rdata`) as one zone rooted at "."."""
    return ZoneData(dns.zone.from_text(text, origin=dns.name.root, relativize=False, check_origin=False))


@contextlib.contextmanager
def serving(text: str) -> Iterator[Endpoint]:
    with DnsServer(zone_of(text)) as server:
        yield Endpoint(server.address, server.port)


def findings_for(text: str, expected: MailExpectation) -> list[Finding]:
    with serving(text) as endpoint:
        return asyncio.run(run(expected, Lookup((endpoint,), lambda: 2.0)))


def verdicts(findings: list[Finding], prefix: str = "") -> dict[str, set[str]]:
    """check id → the severities it reported, for the checks starting with `prefix`."""
    found: dict[str, set[str]] = {}
    for finding in findings:
        if finding.check.startswith(prefix):
            found.setdefault(finding.check, set()).add(finding.severity.value)
    return found


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def txt(name: str, *strings: str) -> str:
    """A TXT zone line; each string quoted (dnspython splits nothing itself)."""
    quoted = " ".join('"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' for s in strings)
    return f"{name}. 300 TXT {quoted}"


def split(text: str, size: int = 255) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]
