"""Which DNSSEC state the zone is in, judged from the parent's DS set and the keys each authoritative
server publishes, and the founder's next step in each (RFC 4035 §5: a resolver trusts the zone only
through a DS at the parent that matches a key signing the zone's DNSKEY set).

- not signed, no DS: fine when the stack says `dnssec: false`;
- signed, no DS: signed but not yet trusted (Cloudflare shows `pending`): add the DS at the registrar;
- DS matching a signing key: the chain is complete;
- DS matching no key (stale, e.g. the old provider's): every validating resolver answers SERVFAIL;
- DS at the parent, zone unsigned: the same outage; remove the DS first;
- the stack turns DNSSEC off: safe only once the DS is gone from the parent and its TTL has passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dns.dnssec
import dns.rdtypes.ANY.DNSKEY
import dns.rdtypes.ANY.DS

from launchready.core.findings import Finding, failed, passed
from validators.dnssec.chain import key_tag, matching_key
from validators.endpoints import Endpoint

SEP = 0x0001
"""The Secure Entry Point flag of a DNSKEY (RFC 4034 §2.1.1): the key a DS is made for."""
DS_TTL_SHOWN = 3600
"""The TTL Cloudflare's DS record shows (dashboard and `ds` output: "<zone>. 3600 IN DS ...", read 2026-11)."""
STACK_OUTPUT = "`pulumi stack output ds_record`"


@dataclass(frozen=True)
class Keys:
    """The DNSKEY set one authoritative server publishes, and the tags of the keys that sign it."""

    server: Endpoint
    keys: tuple[dns.rdtypes.ANY.DNSKEY.DNSKEY, ...]
    signing: frozenset[int]


@dataclass(frozen=True)
class ParentDs:
    """The parent's DS set for the zone (empty: none) and its TTL."""

    records: tuple[dns.rdtypes.ANY.DS.DS, ...]
    ttl: int = 0


def ds_line(zone: str, ds: dns.rdtypes.ANY.DS.DS, ttl: int = DS_TTL_SHOWN) -> str:
    return f"{zone}. {ttl} IN DS {ds.to_text()}"


def the_ds(to_add: str | None) -> str:
    """The DS to give the registrar, for a message: the exact record, or where to read it."""
    return f"{to_add} (the same record as {STACK_OUTPUT})" if to_add else f"the record {STACK_OUTPUT} prints"


def ds_to_add(zone: str, views: Sequence[Keys]) -> str | None:
    """The DS the registrar must hold: SHA-256 (RFC 8624 §3.3) of the SEP key that signs the DNSKEY set,
    as Cloudflare's `ds_record` output gives it."""
    candidates = [key for view in views for key in view.keys if key.flags & SEP and key_tag(key) in view.signing]
    candidates += [key for view in views for key in view.keys if key.flags & SEP]
    if not candidates:
        return None
    ds = dns.dnssec.make_ds(f"{zone}.", candidates[0], "SHA256", policy=dns.dnssec.allow_all_policy)
    return ds_line(zone, ds)


@dataclass(frozen=True)
class Chain:
    """What the DS set achieves: `complete` (a DS matches a key that signs the DNSKEY set at every server),
    `recognised` (a DS matches a key the zone publishes, signing or not)."""

    complete: bool = False
    recognised: bool = False


def ds_findings(zone: str, parent: ParentDs, views: Sequence[Keys]) -> tuple[list[Finding], Chain]:
    """One finding per DS at the parent, and what the DS set achieves."""
    findings, complete, recognised = [], False, False
    for ds in parent.records:
        good = [v.server for v in views if (key := matching_key(zone, ds, list(v.keys))) and
                key_tag(key) in v.signing]
        known = [v.server for v in views if matching_key(zone, ds, list(v.keys))]
        complete |= bool(views) and len(good) == len(views)
        recognised |= bool(known)
        findings.append(ds_finding(zone, ds, parent.ttl, views, good, known))
    return findings, Chain(complete, recognised)


def ds_finding(zone: str, ds: dns.rdtypes.ANY.DS.DS, ttl: int, views: Sequence[Keys], good: list[Endpoint],
               known: list[Endpoint]) -> Finding:
    line = ds_line(zone, ds, ttl)
    if views and len(good) == len(views):
        return passed("dnssec.ds", zone, f"the parent's DS (key tag {ds.key_tag}) matches a key that signs the "
                      f"DNSKEY set at every authoritative server ({len(views)})", type="DS", observed=line)
    if not known:
        return failed("dnssec.ds", zone, f"stale DS at the parent: {line} matches no DNSKEY the zone's servers "
                      "publish; validating resolvers fail for the whole domain. Remove it at the registrar",
                      type="DS", observed=line, expected="a DS for a key the zone publishes")
    missing = ", ".join(str(v.server) for v in views if v.server not in good)
    return failed("dnssec.ds", zone, f"the parent's DS (key tag {ds.key_tag}) matches a published key, but at "
                  f"{missing} that key has no valid signature over the DNSKEY set; see dnssec.rrsig",
                  type="DS", observed=line, expected="a valid RRSIG over DNSKEY by the DS's key")


def state(zone: str, wants: bool, parent: ParentDs, views: Sequence[Keys], chain: Chain) -> Finding:
    """The one dnssec.state finding: which state, and the next step."""
    signed = any(view.keys for view in views)
    to_add = ds_to_add(zone, views)
    if not parent.records:
        return unsigned_state(zone, wants) if not signed else pending_state(zone, wants, to_add, views)
    if not signed:
        return failed("dnssec.state", zone, f"the parent holds {len(parent.records)} DS record(s) but the zone "
                      "is not signed: validating resolvers answer SERVFAIL for every name. Remove the DS at the "
                      "registrar first (then, if you want DNSSEC, enable it and add the new DS)",
                      type="DS", expected="no DS while unsigned", observed=[ds_line(zone, d) for d in parent.records])
    if not chain.complete and chain.recognised:
        return failed("dnssec.state", zone, "the parent's DS is right, but the key it points at does not sign the "
                      "zone validly (expired or missing signatures, see dnssec.rrsig): validating resolvers answer "
                      "SERVFAIL. Keep the DS; fix signing (the DNSSEC status in Cloudflare)", type="DS",
                      expected="valid signatures", observed=[ds_line(zone, d) for d in parent.records])
    if not chain.complete:
        return failed("dnssec.state", zone, "the chain of trust is broken: no DS at the parent matches a key "
                      f"that signs the zone. Replace the DS at the registrar with {the_ds(to_add)}", type="DS",
                      expected=to_add,
                      observed=[ds_line(zone, d) for d in parent.records])
    return secure_state(zone, wants, parent)


def unchecked_state(zone: str, parent: ParentDs, silent: Sequence[str]) -> Finding:
    """No authoritative server answered the DNSKEY query: signed or not is unknown, so neither the DS nor
    the stack can be judged. An outage of the servers is never a reason to touch the DS."""
    where = "; ".join(silent) or "no nameserver of the zone was found, see dnssec.nameservers"
    held = f"the parent holds {len(parent.records)} DS record(s); leave it as it is" if parent.records \
        else "the parent holds no DS"
    return failed("dnssec.state", zone, f"could not check whether the zone is signed: no authoritative server "
                  f"answered the DNSKEY query ({where}); {held}. Find out why these servers do not answer (is "
                  "the zone active in Cloudflare? are these its name servers?), then check again",
                  type="DNSKEY", expected="a DNSKEY answer from each server", observed=list(silent) or "no server")


def unsigned_state(zone: str, wants: bool) -> Finding:
    if wants:
        return failed("dnssec.state", zone, "the stack enables DNSSEC but the zone is not signed (no DNSKEY); "
                      "run `pulumi up` and check the ZoneDnssec status in Cloudflare", type="DNSKEY",
                      expected="signed", observed="unsigned")
    return passed("dnssec.state", zone, "not signed and no DS at the parent, as the stack says (dnssec: false)",
                  type="DS", observed="insecure")


def pending_state(zone: str, wants: bool, to_add: str | None, views: Sequence[Keys]) -> Finding:
    if not wants:
        return passed("dnssec.state", zone, "no DS at the parent: turning signing off (dnssec: false) is safe "
                      "once the old DS's TTL has passed since it was removed", type="DS", observed="no DS")
    return failed("dnssec.state", zone, f"signed but not yet trusted: no DS at the parent. Add this DS at the "
                  f"registrar: {the_ds(to_add)}",
                  warning=True, type="DS", expected=to_add, observed="no DS")


def secure_state(zone: str, wants: bool, parent: ParentDs) -> Finding:
    if wants:
        return passed("dnssec.state", zone, "signed, and the parent's DS completes the chain of trust",
                      type="DS", observed="secure")
    return failed("dnssec.state", zone, "the stack turns DNSSEC off, but it is not safe yet: the parent still "
                  "holds the DS. Remove it at the registrar, wait its TTL "
                  f"({parent.ttl} s) and only then turn signing off", warning=True, type="DS",
                  expected="no DS at the parent", observed=[ds_line(zone, d, parent.ttl) for d in parent.records])
