"""Tell a stale resolver cache from a wrong zone, by comparing resolvers with the authoritative servers.

When every authoritative server already answers what the plan says, a resolver that answers something
else is serving a cached answer: it will catch up when the TTL it cached runs out (positive caching,
RFC 1035 §3.2.1; negative caching of NXDOMAIN/NODATA, RFC 2308 §5). That is `dns.stale`, not a wrong
record; `--wait` polls until it converges. That holds for an origin address too: a resolver still
caching a record's origin from before the proxy was turned on is stale, not a `dns.origin_leak` (the
authoritative servers already answer Cloudflare's addresses), and the origin fix ("turn the proxy on")
would be wrong advice.
"""

from __future__ import annotations

from collections import defaultdict

from launchready.core.findings import Finding, Severity
from validators.dns.judge import Observation

MISMATCHES = ("dns.answer", "dns.proxied", "dns.origin_leak")
NEGATIVE = ("dns.nxdomain", "dns.nodata")

Judged = tuple[Observation, Finding]


def settled_keys(judged: list[Judged]) -> set[tuple[str, str]]:
    """(name, type) pairs every authoritative server that answered got right (at least one did)."""
    verdicts: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for obs, finding in judged:
        if obs.role == "authoritative" and obs.answer.status in ("ok", "nodata", "nxdomain"):
            verdicts[obs.expectation.key].append(finding.severity is Severity.INFO)
    return {key for key, passes in verdicts.items() if passes and all(passes)}


def reconcile(judged: list[Judged]) -> list[Finding]:
    settled = settled_keys(judged)
    return [stale(obs, finding) if is_stale(obs, finding, settled) else finding for obs, finding in judged]


def is_stale(obs: Observation, finding: Finding, settled: set[tuple[str, str]]) -> bool:
    return (obs.role == "resolver" and finding.severity is Severity.ERROR
            and finding.check in MISMATCHES + NEGATIVE and obs.expectation.key in settled)


def stale(obs: Observation, finding: Finding) -> Finding:
    if finding.check in NEGATIVE:
        said = "the name does not exist (NXDOMAIN)" if finding.check == "dns.nxdomain" else (
            f"no {obs.expectation.rdtype} records (NODATA)")
        message = (f"{obs.where}: {said} here, but the authoritative servers already answer it: this resolver "
                   "cached a negative answer (RFC 2308 §5) and catches up when it expires, within the zone's SOA "
                   "minimum TTL. Use --wait to poll")
        return finding.model_copy(update={"message": message})
    ttl = obs.answer.ttl
    until = f"within {ttl} s (the TTL it still holds)" if ttl is not None else "when its cached TTL runs out"
    origin = (" (the origin's address, cached from before the proxy was on: it has been public, so consider "
              "moving the origin)") if finding.check == "dns.origin_leak" else ""
    message = (f"{obs.where}: answers {', '.join(obs.observed()) or 'nothing'} from a stale cache{origin} while "
               f"the authoritative servers already answer the plan; it should catch up {until}. Use --wait to poll")
    return finding.model_copy(update={"check": "dns.stale", "message": message})
