"""DNSSEC and delegation checks: the chain of trust from the parent's DS down to the zone's signatures,
and the parent's NS set against the zone's own, judged against the stack (`dnssec: true|false`).

Check ids (stable): dnssec.state, dnssec.ds, dnssec.rrsig, dnssec.algorithm, dnssec.digest, dnssec.ad,
dnssec.parent, dnssec.dnskey, dnssec.nameservers, dns.delegation.ns, dns.delegation.assigned,
dns.delegation.transport, dns.delegation.server. Every query runs concurrently (validators.dnssec.evidence)
with dnspython's async API; each costs at most --timeout and none outlives --deadline.
"""

from __future__ import annotations

from dataclasses import replace

import dns.rcode
import dns.rdtypes.ANY.DS

from launchready.core.findings import Finding, failed
from validators.context import CheckContext
from validators.dnssec.algorithms import algorithm_finding, digest_finding
from validators.dnssec.chain import Signed, signing_tags
from validators.dnssec.delegation import assigned_finding, ns_finding, parent_only_finding, transport_finding
from validators.dnssec.evidence import Evidence, ParentView, ServerView, gather
from validators.dnssec.query import Reply
from validators.dnssec.resolvers import ad_finding
from validators.dnssec.signatures import broken_signatures, server_findings, server_verdicts, unsigned_copy_finding
from validators.dnssec.states import Chain, Keys, ParentDs, ds_findings, state, unchecked_state

__all__ = ["check", "verdicts"]


async def check(ctx: CheckContext) -> list[Finding]:
    return verdicts(ctx, await gather(ctx))


def keys_of(view: ServerView) -> Keys:
    dnskeys = view.dnskey.find("DNSKEY")
    rrsigs = view.dnskey.find("RRSIG", covers="DNSKEY")
    return Keys(view.server, tuple(dnskeys or ()), frozenset(signing_tags(dnskeys, rrsigs)))


def parent_ds(parent: ParentView) -> ParentDs | None:
    """The parent's DS set, or None when no parent server answered authoritatively."""
    reply = parent.first(parent.ds)
    if reply is None:
        return None
    found = reply.find("DS")
    records = tuple(r for r in found if isinstance(r, dns.rdtypes.ANY.DS.DS)) if found else ()
    return ParentDs(records, found.ttl if found else 0)


def parent_problem(zone: str, parent: ParentView) -> Finding:
    """No parent answer: the DS and the delegation could not be judged. Given with --parent, an error."""
    if not parent.servers:
        return failed("dnssec.parent", zone, f"could not find the servers of the parent zone {parent.zone} "
                      "through the resolvers; the DS and the delegation were not checked: pass --parent ADDR",
                      warning=True, type="DS")
    said = "; ".join(f"{r.server} {r.said() if not r.answered else 'is not authoritative for it'}"
                     for r in parent.ds)
    flag = "--parent" if parent.given else f"the servers of {parent.zone}"
    return failed("dnssec.parent", zone, f"no answer about {zone}'s DS from {flag} ({said}); the DS and the "
                  "delegation were not checked", warning=not parent.given, type="DS", observed=said)


def verdicts(ctx: CheckContext, evidence: Evidence) -> list[Finding]:
    zone, parent = evidence.zone, parent_ds(evidence.parent)
    views = [keys_of(view) for view in evidence.servers if not unusable(view.dnskey)]
    signed = any(view.keys for view in views)
    keyless = unsigned_copies(views) if signed else ()
    judged = {str(view.server): server_verdicts(view.replies, view.dnskey.find("DNSKEY"))
              for view in evidence.servers if str(view.server) not in keyless} if signed else {}
    findings = [*evidence.preamble, *dnskey_problems(zone, evidence.servers)]
    chain = Chain()
    if parent is None:
        findings.append(parent_problem(zone, evidence.parent))
    else:
        judged_chain, chain = chain_findings(ctx, evidence, parent, views, judged)
        findings += judged_chain
    if signed:
        findings += algorithm_finding(zone, [key for view in views for key in view.keys])
        findings += [f for server, found in judged.items() for f in server_findings(zone, server, found)]
        findings += [unsigned_copy_finding(zone, server, chain.complete) for server in keyless]
    if signed or (parent is not None and parent.records):
        findings += [ad_finding(zone, reply, chain.complete, signed) for reply in evidence.validating]
    return findings + delegation(ctx, evidence)


def chain_findings(ctx: CheckContext, evidence: Evidence, parent: ParentDs, views: list[Keys],
                   judged: dict[str, list[Signed]]) -> tuple[list[Finding], Chain]:
    """dnssec.state, dnssec.ds and dnssec.digest; with no usable DNSKEY answer, the state is 'could not check'."""
    zone = evidence.zone
    unanswered = tuple(f"{v.server}: {unusable(v.dnskey)}" for v in evidence.servers if unusable(v.dnskey))
    if not views:
        return [unchecked_state(zone, parent, unanswered), *digest_finding(zone, parent.records)], Chain()
    keyless = unsigned_copies(views)
    ds, chain = ds_findings(zone, parent, [view for view in views if view.keys] or views)
    chain = replace(chain, broken=broken_signatures(judged), unchecked=unanswered,
                    unsigned=keyless if len(keyless) < len(views) else ())
    return [state(zone, ctx.plan.dnssec, parent, views, chain), *ds, *digest_finding(zone, parent.records)], chain


def unsigned_copies(views: list[Keys]) -> tuple[str, ...]:
    """The servers that answered the DNSKEY query with authority but no key: beside a server that signs,
    an unsigned copy of the zone (a stale secondary?) that validating resolvers fail on."""
    return tuple(str(view.server) for view in views if not view.keys)


def unusable(reply: Reply) -> str:
    """Why a DNSKEY reply tells nothing about the zone's keys ('' when it does): only an authoritative
    NOERROR answer can say "no keys"; silence, an error, NXDOMAIN for its own apex or a lame answer cannot."""
    if reply.message is None or reply.message.rcode() != dns.rcode.NOERROR:
        return reply.said()
    return "" if reply.authoritative else "answered without authority (no AA)"


def dnskey_problems(zone: str, servers: tuple[ServerView, ...]) -> list[Finding]:
    return [failed("dnssec.dnskey", zone, f"authoritative server {view.server}: the DNSKEY query: "
                   f"{unusable(view.dnskey)}; its keys were not checked", warning=True, type="DNSKEY",
                   resolver=str(view.server), observed=unusable(view.dnskey))
            for view in servers if unusable(view.dnskey)]


def delegation(ctx: CheckContext, evidence: Evidence) -> list[Finding]:
    parent = evidence.parent
    zone, parent_ns = evidence.zone, parent.first(parent.ns, referral=True) or parent.first(parent.ns)
    own = [view.ns for view in evidence.servers if view.ns.answered]
    findings = ns_finding(zone, parent_ns, own) + assigned_finding(zone, parent_ns, ctx.assigned_nameservers)
    findings += [parent_only_finding(zone, name, reply) for name, reply in evidence.probes]
    return findings + [transport_finding(zone, view.soa, view.soa_tcp) for view in evidence.servers]
