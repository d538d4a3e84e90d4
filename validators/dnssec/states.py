"""Which DNSSEC state the zone is in, judged from the parent's DS set and the keys each authoritative
server publishes, and the founder's next step in each (RFC 4035 §5: a resolver trusts the zone only
through a DS at the parent that matches a key signing the zone's DNSKEY set).

- not signed, no DS: fine when the stack says `dnssec: false`;
- signed, no DS: signed but not yet trusted (Cloudflare shows `pending`): add the DS at the registrar;
- DS matching a signing key: the chain is complete, secure when every RRset checked verifies too (else:
  keep the DS, fix signing);
- beside a DS that completes the chain, another DS (a key rollover's, an unknown digest's) is a warning;
- no server answered the DNSKEY query: could not check (an error, never advice to touch the DS);
- DS matching no key (stale, e.g. the old provider's): every validating resolver answers SERVFAIL;
- DS at the parent, zone unsigned: the same outage; remove the DS first;
- DS of a revoked key only (RFC 5011): publish the current key's DS, then remove the old one;
- signed at some servers, another serving an unsigned copy: name that server, never touch the DS;
- the stack turns DNSSEC off: safe only once the DS is gone from the parent and its TTL has passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dns.dnssec
import dns.rdtypes.ANY.DNSKEY
import dns.rdtypes.ANY.DS

from launchready.core.findings import Finding, failed, passed
from validators.dnssec.chain import digest_known, key_tag, matching_key, revoked, revoked_key
from validators.dnssec.revocation import revoked_ds_finding, revoked_state
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

    @property
    def current(self) -> list[dns.rdtypes.ANY.DNSKEY.DNSKEY]:
        """The keys a DS may point at: every published key but the revoked ones (RFC 5011 §2.1)."""
        return [key for key in self.keys if not revoked(key)]


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
    candidates = [key for view in views for key in view.current if key.flags & SEP and key_tag(key) in view.signing]
    candidates += [key for view in views for key in view.current if key.flags & SEP]
    if not candidates:
        return None
    ds = dns.dnssec.make_ds(f"{zone}.", candidates[0], "SHA256", policy=dns.dnssec.allow_all_policy)
    return ds_line(zone, ds)


@dataclass(frozen=True)
class Chain:
    """What the DS set achieves: `complete` (a DS matches a key that signs the DNSKEY set at every server),
    `recognised` (a DS matches a key the zone publishes, signing or not); and which other signatures fail."""

    complete: bool = False
    recognised: bool = False
    broken: tuple[str, ...] = ()
    """RRsets whose signatures validating resolvers reject, per server (validators.dnssec.signatures)."""
    unchecked: tuple[str, ...] = ()
    """Servers whose DNSKEY query got no usable answer, and what they said: the chain is judged without them."""
    revoked: bool = False
    """A DS points at a key the zone has revoked (validators.dnssec.revocation)."""
    unsigned: tuple[str, ...] = ()
    """Servers answering with authority but no DNSKEY while others sign the zone: an unsigned copy."""


@dataclass(frozen=True)
class DsMatch:
    """One DS against the servers' keys: where it matches a key that signs the DNSKEY set (`good`), where it
    matches a published key at all (`known`), out of `servers` answering servers."""

    ds: dns.rdtypes.ANY.DS.DS
    good: tuple[Endpoint, ...]
    known: tuple[Endpoint, ...]
    servers: int
    revoked: int | None = None
    """The tag of the revoked key this DS points at (as published now), if it points at one."""

    @property
    def complete(self) -> bool:
        return self.servers > 0 and len(self.good) == self.servers


def match_ds(zone: str, ds: dns.rdtypes.ANY.DS.DS, views: Sequence[Keys]) -> DsMatch:
    keys = [(view, matching_key(zone, ds, view.current)) for view in views]
    good = tuple(view.server for view, key in keys if key is not None and key_tag(key) in view.signing)
    known = tuple(view.server for view, key in keys if key is not None)
    gone = next((key for view in views if (key := revoked_key(zone, ds, list(view.keys)))), None)
    return DsMatch(ds, good, known, len(views), key_tag(gone) if gone and not known else None)


def ds_findings(zone: str, parent: ParentDs, views: Sequence[Keys]) -> tuple[list[Finding], Chain]:
    """One finding per DS at the parent, and what the DS set achieves. One DS that completes the chain is
    enough (RFC 4035 §5.2): beside it, any other DS is at most a warning."""
    matches = [match_ds(zone, ds, views) for ds in parent.records]
    chain = Chain(any(m.complete for m in matches), any(m.known for m in matches),
                  revoked=any(m.revoked is not None for m in matches))
    return [ds_finding(zone, match, parent.ttl, views, chain) for match in matches], chain


def ds_finding(zone: str, match: DsMatch, ttl: int, views: Sequence[Keys], chain: Chain) -> Finding:
    ds, line = match.ds, ds_line(zone, match.ds, ttl)
    if match.complete:
        return passed("dnssec.ds", zone, f"the parent's DS (key tag {ds.key_tag}) matches a key that signs the "
                      f"DNSKEY set at every authoritative server that answered with keys ({len(views)})", type="DS",
                      observed=line)
    if not digest_known(ds.digest_type):
        return unknown_digest_finding(zone, line, ds.digest_type, chain)
    if match.revoked is not None:
        return revoked_ds_finding(zone, line, ds, match.revoked, chain.complete)
    if chain.complete:
        return extra_ds_finding(zone, line, ds, known=bool(match.known))
    if not match.known:
        return failed("dnssec.ds", zone, f"stale DS at the parent: {line} matches no DNSKEY the zone's servers "
                      "publish; validating resolvers fail for the whole domain. Remove it at the registrar",
                      type="DS", observed=line, expected="a DS for a key the zone publishes")
    missing = ", ".join(str(v.server) for v in views if v.server not in match.good)
    return failed("dnssec.ds", zone, f"the parent's DS (key tag {ds.key_tag}) matches a published key, but at "
                  f"{missing} that key has no valid signature over the DNSKEY set; see dnssec.rrsig",
                  type="DS", observed=line, expected="a valid RRSIG over DNSKEY by the DS's key")


def extra_ds_finding(zone: str, line: str, ds: dns.rdtypes.ANY.DS.DS, known: bool) -> Finding:
    """A DS beside one that completes the chain: harmless to resolvers, normal during a key rollover
    (RFC 6781 §4.1.2 double-DS: the next key's DS goes to the parent before the key signs)."""
    what = "a key this zone publishes but does not sign its DNSKEY set with" if known else \
        "a key this zone does not publish"
    return failed("dnssec.ds", zone, f"the parent also holds {line}, a DS for {what}: expected during a key "
                  "rollover; otherwise remove it at the registrar. Another DS completes the chain of trust, so "
                  "validation works", warning=True, type="DS", observed=line,
                  expected="only DS records of keys that sign the DNSKEY set")


def unknown_digest_finding(zone: str, line: str, digest_type: int, chain: Chain) -> Finding:
    """RFC 4035 §5.2: a resolver ignores a DS whose digest type it does not implement."""
    then = "another DS completes the chain of trust, so this one is harmless; remove it at the registrar when " \
        "convenient" if chain.complete else "no other DS completes the chain, so resolvers treat the zone " \
        "as unsigned; see dnssec.state for the DS to add at the registrar"
    return failed("dnssec.ds", zone, f"the parent holds {line}, of digest type {digest_type}, which validating "
                  f"resolvers do not implement and ignore: {then}", warning=True, type="DS", observed=line,
                  expected="digest type 2 (SHA-256)")


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
    if not chain.complete and chain.revoked and not chain.recognised:
        return revoked_state(zone, the_ds(to_add), to_add, [ds_line(zone, d, parent.ttl) for d in parent.records])
    if not chain.complete and chain.recognised:
        return failed("dnssec.state", zone, "the parent's DS is right, but the key it points at does not sign the "
                      "zone validly (expired or missing signatures, see dnssec.rrsig): validating resolvers answer "
                      "SERVFAIL. Keep the DS; fix signing (the DNSSEC status in Cloudflare)", type="DS",
                      expected="valid signatures", observed=[ds_line(zone, d) for d in parent.records])
    if not chain.complete and not any(digest_known(ds.digest_type) for ds in parent.records):
        return ignored_ds_state(zone, parent, to_add)
    if not chain.complete:
        return failed("dnssec.state", zone, "the chain of trust is broken: no DS at the parent matches a key "
                      f"that signs the zone. Replace the DS at the registrar with {the_ds(to_add)}", type="DS",
                      expected=to_add,
                      observed=[ds_line(zone, d) for d in parent.records])
    if chain.unsigned:
        return unsigned_servers_state(zone, chain)
    if chain.broken:
        return broken_signatures_state(zone, parent, chain.broken)
    if chain.unchecked and wants:
        return partly_checked_state(zone, chain.unchecked)
    return secure_state(zone, wants, parent)


def unsigned_servers_state(zone: str, chain: Chain) -> Finding:
    """Some servers sign the zone and the DS completes the chain there, but others serve an unsigned copy
    (a stale secondary?): a validating resolver that asks one of those gets no signatures and fails.
    The DS is right; the nameserver is the problem."""
    unsigned = ", ".join(chain.unsigned)
    unchecked = f". Could not check {'; '.join(chain.unchecked)} (see dnssec.dnskey)" if chain.unchecked else ""
    return failed("dnssec.state", zone, "signed, and the parent's DS completes the chain of trust at the servers "
                  f"that sign, but {unsigned} serve(s) the zone unsigned (no DNSKEY, no RRSIG): validating "
                  "resolvers that ask there answer SERVFAIL. Keep the DS; fix that nameserver (serve the signed "
                  f"zone) or remove it from the zone's NS set{unchecked}", type="DNSKEY",
                  expected="the signed zone at every server", observed=list(chain.unsigned))


def partly_checked_state(zone: str, unchecked: Sequence[str]) -> Finding:
    """Secure at every server that answered; the others could not be checked, so this is no pass."""
    return failed("dnssec.state", zone, "signed, and the parent's DS completes the chain of trust at the servers "
                  f"that answered; could not check {'; '.join(unchecked)} (see dnssec.dnskey). Keep the DS; find "
                  "out why those servers do not answer, then check again", warning=True, type="DS",
                  expected="a DNSKEY answer from each server", observed=list(unchecked))


def broken_signatures_state(zone: str, parent: ParentDs, broken: Sequence[str]) -> Finding:
    """The DS matches the key that signs the DNSKEY set, but RRsets the servers answered carry signatures a
    validating resolver rejects: SERVFAIL for those names, however right the DS is."""
    return failed("dnssec.state", zone, "the parent's DS is right and its key signs the DNSKEY set, but other "
                  f"signatures are not valid ({'; '.join(broken)}; see dnssec.rrsig): validating resolvers answer "
                  "SERVFAIL for those names. Keep the DS; fix signing (the DNSSEC status in Cloudflare)",
                  type="RRSIG", expected="valid signatures", observed=list(broken))


def ignored_ds_state(zone: str, parent: ParentDs, to_add: str | None) -> Finding:
    """Every DS has a digest type resolvers do not implement: they ignore the DS set (RFC 4035 §5.2) and
    treat the zone as unsigned. No outage, but no protection either."""
    return failed("dnssec.state", zone, "signed, but every DS at the parent uses a digest type validating "
                  "resolvers do not implement, so they treat the zone as unsigned (no outage, no protection). "
                  f"Replace the DS at the registrar with {the_ds(to_add)}", warning=True, type="DS",
                  expected=to_add, observed=[ds_line(zone, d, parent.ttl) for d in parent.records])


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
    unsigned = ", ".join(str(view.server) for view in views if not view.keys)
    first = f"First fix or remove {unsigned}, which serve(s) the zone unsigned (see dnssec.rrsig): with the DS " \
        "in place, validating resolvers that ask there would fail. Then add" if unsigned else "Add"
    return failed("dnssec.state", zone, f"signed but not yet trusted: no DS at the parent. {first} this DS at the "
                  f"registrar: {the_ds(to_add)}",
                  warning=True, type="DS", expected=to_add, observed="no DS")


def secure_state(zone: str, wants: bool, parent: ParentDs) -> Finding:
    if wants:
        return passed("dnssec.state", zone, "signed, and the parent's DS completes the chain of trust",
                      type="DS", observed="secure")
    return failed("dnssec.state", zone, "the stack turns DNSSEC off, but it is not safe yet: the parent still "
                  "holds the DS. Remove it at the registrar, wait twice its TTL "
                  f"({2 * parent.ttl} s: a resolver may have cached it just before the removal, and the parent's "
                  "servers may lag) and only then turn signing off", warning=True, type="DS",
                  expected="no DS at the parent", observed=[ds_line(zone, d, parent.ttl) for d in parent.records])
