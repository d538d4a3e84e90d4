"""Checks about the authoritative servers as a set: they agree on the SOA serial, and none is lame."""

from __future__ import annotations

from collections import defaultdict

import dns.exception
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from launchready.core.findings import Finding, Subject, failed, passed
from validators.dns.judge import Observation
from validators.endpoints import Endpoint

ANSWERED = ("ok", "nodata", "nxdomain")


def soa_serial(text: str) -> int | None:
    try:
        rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.SOA, text)
    except (dns.exception.DNSException, ValueError):
        return None
    serial: int = rdata.serial  # type: ignore[attr-defined]
    return serial


def serials(observations: list[Observation]) -> dict[Endpoint, int]:
    found = {}
    for obs in observations:
        if obs.expectation.kind == "soa" and obs.answer.status == "ok" and obs.answer.rdata:
            serial = soa_serial(obs.answer.rdata[0])
            if serial is not None:
                found[obs.answer.server] = serial
    return found


def serial_findings(zone: str, observations: list[Observation]) -> list[Finding]:
    """Every authoritative server serves the same SOA serial (RFC 1034 §4.3.5: secondaries follow the
    primary's serial); a server behind the newest has not loaded the latest zone."""
    found = serials(observations)
    if not found:
        return []
    newest = max(found.values())
    holders = ", ".join(str(server) for server, serial in sorted(found.items()) if serial == newest)
    findings = []
    for server, serial in sorted(found.items()):
        subject = Subject(type="SOA", resolver=str(server), expected=newest, observed=serial)
        if serial == newest:
            alone = "; the only authoritative server that answered" if len(found) == 1 else ""
            findings.append(passed("dns.soa_serial", zone, f"{zone} SOA @ {server}: serial {serial}{alone}", subject))
        else:
            findings.append(failed("dns.soa_serial", zone, f"{zone} SOA @ authoritative server {server}: serial "
                                   f"{serial}, but {holders} serve {newest}; this server has not loaded the latest "
                                   "zone (check zone transfers, or wait for the SOA refresh)", subject))
    return findings


def lame_findings(zone: str, observations: list[Observation]) -> list[Finding]:
    """An authoritative server that answers without AA, or refuses the zone, is lame (RFC 1912 §2.8):
    resolvers sent to it get no authoritative data."""
    by_server: dict[Endpoint, list[Observation]] = defaultdict(list)
    for obs in observations:
        by_server[obs.answer.server].append(obs)
    findings = []
    for server, group in sorted(by_server.items()):
        answered = [o for o in group if o.answer.status in ANSWERED]
        without_aa = [o for o in answered if not o.answer.authoritative]
        refused = [o for o in group if o.answer.status == "refused"]
        if without_aa or refused:
            findings.append(lame(zone, server, len(group), len(without_aa), len(refused)))
    return findings


def lame(zone: str, server: Endpoint, total: int, without_aa: int, refused: int) -> Finding:
    said = []
    said += [f"answered {without_aa} of {total} queries without the AA flag"] if without_aa else []
    said += [f"refused {refused} of {total} queries"] if refused else []
    return failed("dns.lame", zone, f"{zone} @ authoritative server {server}: {' and '.join(said)}; it is not "
                  "serving the zone (a lame delegation). Fix the NS records at the registrar or the server's "
                  "zone configuration", type="SOA", resolver=str(server), expected="authoritative answers (AA=1)",
                  observed=" and ".join(said))
