"""The tls check family: the certificate and protocol versions of every web host, from outside.

Check ids: tls.chain, tls.hostname, tls.expiry, tls.protocol, tls.issuer. Handshakes go to
--connect-to targets when given, always with the host's own name as SNI. The certificate is read
even when verification fails (a second, unverified handshake), so a finding says why: expired, for
another name, self-signed, or from an untrusted issuer.
"""

from __future__ import annotations

import datetime as dt

from launchready.core.findings import Finding
from validators.context import CheckContext
from validators.tls import judge
from validators.tls.certificate import UNREADABLE, read_leaf
from validators.tls.probe import HostTls, probe_all


async def check(ctx: CheckContext) -> list[Finding]:
    now = dt.datetime.now(dt.UTC)
    allowed = tuple(v for v in ("TLS 1.0", "TLS 1.1") if v.split()[1] >= ctx.plan.zone_settings.min_tls_version)
    return [finding for probe in await probe_all(ctx) for finding in judge_host(ctx, probe, now, allowed)]


def judge_host(ctx: CheckContext, probe: HostTls, now: dt.datetime, allowed: tuple[str, ...]) -> list[Finding]:
    der = probe.certificate
    try:
        leaf = read_leaf(der) if der else None
    except UNREADABLE as exc:
        return judge.unreadable(probe, exc) + judge.protocol(probe, allowed)
    findings = judge.chain(probe, leaf, ctx.ca_bundle, now)
    if not probe.reached:
        return findings
    if leaf is not None:
        findings += judge.hostname(probe, leaf) + judge.expiry(probe, leaf, now) + judge.issuer(probe, leaf)
    return findings + judge.protocol(probe, allowed)
