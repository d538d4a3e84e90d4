"""The http check family: redirects and HSTS of every web host, probed from outside.

Check ids: http.https_redirect, http.canonical_redirect, http.legacy_redirect, http.hops, http.loop,
http.insecure_hop, http.redirect_target, http.status, http.hsts. Probes go through --connect-to when given; TLS is not
verified here (the tls family judges certificates), so a broken certificate never hides a redirect bug.
"""

from __future__ import annotations

from launchready.core.findings import Finding
from validators.context import CheckContext
from validators.http import hsts, redirects
from validators.http.probes import HostProbes, LegacyProbe, probe_query, run_probes
from validators.web.policy import url_host


async def check(ctx: CheckContext) -> list[Finding]:
    hosts, legacy = await run_probes(ctx)
    findings = [finding for probes in hosts for finding in judge_host(ctx, probes, legacy)]
    query = probe_query(ctx)
    return findings + [finding for probe in legacy for finding in redirects.legacy_redirect(probe, query)]


def judge_host(ctx: CheckContext, probes: HostProbes, legacy: list[LegacyProbe]) -> list[Finding]:
    plan, host = ctx.plan, probes.host
    findings = redirects.https_redirect(probes, plan, ctx.probe_path)
    for rule in plan.redirects:
        if rule.kind == "canonical" and rule.host == host.fqdn:
            findings += redirects.canonical_redirect(probes, rule, ctx.probe_path)
    findings += redirects.hops(probes) + redirects.loops(probes) + redirects.insecure_hops(probes)
    findings += redirects.redirect_targets(probes) + redirects.status(probes)
    hops = [hop for chain in probes.chains for hop in chain.hops] + [probe.hop for probe in legacy]
    hops = [hop for hop in hops if url_host(hop.url) == host.fqdn]
    return findings + hsts.judge(host.fqdn, host.proxied, hops, plan.zone_settings.hsts)
