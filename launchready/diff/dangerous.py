"""Dangerous-change rules: changes a reviewer must look at twice before a PR merges.

Each rule looks at one kind of change and returns Dangers with a stable rule id and an explanation
of what breaks. The threshold rule follows octoDNS (`Plan.MAX_SAFE_DELETE_PCENT = 0.3`,
`MIN_EXISTING_RECORDS = 10`, octodns/provider/plan.py): a change that deletes or replaces more than
30% of the records of a zone holding at least 10 is flagged, whatever the records are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from launchready.core.dnsname import relative
from launchready.core.plan.model import DomainPlan
from launchready.diff.added_dangers import ADDRESS_TYPES, added_dangers
from launchready.diff.cache_dangers import cache_dangers
from launchready.diff.elide import describe
from launchready.diff.host_dangers import host_dangers
from launchready.diff.kept_dangers import kept_dangers
from launchready.diff.model import Danger, PlanDiff, RecordChange, SettingChange
from launchready.diff.rule_dangers import dnssec_danger, rule_dangers

MAX_SAFE_CHANGE_SHARE = 0.3
MIN_EXISTING_RECORDS = 10
SSL_STRENGTH = {"off": 0, "flexible": 1, "full": 2, "strict": 3}
"""Cloudflare SSL modes from weakest to strongest: off (HTTP to visitors), flexible (HTTP to the
origin), full (unverified origin certificate), strict (verified origin certificate)."""

WHY = {
    "ns": "delegates the name to other nameservers; a wrong or missing NS takes everything below it off the air",
    "mx": "says where mail for the domain is delivered; a missing or wrong MX bounces or misroutes mail "
          "(RFC 5321 §5.1)",
    "spf": "lists who may send mail as the domain; receivers reject or spam-folder mail from senders it no longer "
           "lists (RFC 7208)",
    "dkim": "publishes the key receivers verify signatures with; mail signed with that selector fails DKIM "
            "and then DMARC (RFC 6376)",
    "dmarc": "tells receivers what to do with mail that fails SPF and DKIM and where to send reports (RFC 7489)",
    "caa": "limits which CAs may issue certificates (RFC 8659); a wrong CAA can stop Cloudflare renewing the "
           "edge certificate",
    "apex": "answers for the bare domain; a mistake takes the main site or mail verification down",
}


class Record(Protocol):
    """What record_kind reads: a planned record, or one a zone already holds (launchready.adopt)."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def content(self) -> str: ...


def record_kind(record: Record, zone: str) -> str | None:
    """Which sensitive family a record belongs to, most specific first; None for ordinary records."""
    labels = record.name.split(".")
    if record.type == "NS":
        return "ns"
    if record.type == "MX":
        return "mx"
    if record.type == "TXT" and record.content.lower().startswith("v=spf1"):
        return "spf"
    if "_domainkey" in labels[1:2]:
        return "dkim"
    if labels[0] == "_dmarc":
        return "dmarc"
    if record.type == "CAA":
        return "caa"
    return "apex" if record.name == zone else None


def record_danger(change: RecordChange, zone: str) -> Danger | None:
    """Deleting or changing a sensitive record (a TTL-only change is not dangerous; an addition is
    launchready.diff.added_dangers's)."""
    if change.action == "added" or change.fields == ("ttl",):
        return None
    old = change.old
    assert old is not None
    kind = record_kind(old, zone)
    if kind is None:
        return None
    if change.action == "removed":
        what = f"deletes {describe(old, zone)}"
    else:
        what = f"changes {describe(old, zone, change.new)} to {describe(change.record, zone, old)}"
    return Danger(rule=f"record.{kind}", subject=describe(old, zone), change=what, why=f"this record {WHY[kind]}")


def setting(changes: tuple[SettingChange, ...], key: str) -> SettingChange | None:
    return next((change for change in changes if change.setting == key and change.old is not None), None)


def ssl_danger(changes: tuple[SettingChange, ...]) -> Iterator[Danger]:
    change = setting(changes, "ssl")
    if change and change.new is not None and SSL_STRENGTH[change.new] < SSL_STRENGTH[change.old]:
        yield Danger(rule="tls.ssl-weakened", subject=f"ssl {change.old} → {change.new}",
                     change=f'SSL mode drops from "{change.old}" to "{change.new}"', why="Cloudflare will "
                     + ("stop verifying the origin certificate, so anyone on the path to the origin can "
                        "impersonate it" if change.new == "full" else
                        "talk to the origin in plain HTTP or serve visitors without TLS")
                     + '; keep "strict" and fix the origin certificate instead')


def hsts_dangers(changes: tuple[SettingChange, ...]) -> Iterator[Danger]:
    enabled, max_age = setting(changes, "hsts.enabled"), setting(changes, "hsts.max_age")
    if enabled and enabled.old and enabled.new is False:
        yield Danger(rule="tls.hsts-removed", subject="HSTS on → off", change="HSTS is switched off",
                     why="browsers that never saw the header can be downgraded to HTTP by an attacker on the "
                     "network (RFC 6797 §2.1); browsers that cached it keep enforcing it until max-age runs out, "
                     "so turning it off does not undo it")
    elif max_age and max_age.new is not None and max_age.new < max_age.old:
        yield Danger(rule="tls.hsts-shortened", subject=f"HSTS max-age {max_age.old} → {max_age.new}",
                     change=f"HSTS max-age shrinks from {max_age.old}s to {max_age.new}s",
                     why="browsers forget the HTTPS-only rule sooner, and hstspreload.org requires at least "
                     "31536000s")


def canonical_danger(changes: tuple[SettingChange, ...]) -> Iterator[Danger]:
    change = setting(changes, "canonical_host")
    zone = setting(changes, "zone")
    if change and change.new is not None and zone is None:
        yield Danger(rule="redirect.canonical-switch", subject=f"{change.old} → {change.new}",
                     change=f"the canonical host moves from {change.old} to {change.new}",
                     why="the redirect turns around, browsers that cached the old permanent redirect send "
                     "visitors in a loop until their cache expires, and search engines re-index every URL")


def proxy_dangers(base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """A web host that stops being proxied publishes its origin address (Cloudflare docs, "Proxy status",
    read 2026-11): attackers then reach the origin directly, around the WAF, cache and edge TLS."""
    was_proxied = {host.fqdn for host in base.web_hosts if host.proxied}
    for host in head.web_hosts:
        if host.fqdn in was_proxied and not host.proxied:
            targets = sorted({r.content for r in head.records
                              if r.name == host.fqdn and r.type in ("A", "AAAA", "CNAME")})
            yield Danger(rule="proxy.origin-exposed", subject=relative(host.fqdn, head.zone),
                         change=f"{host.fqdn} is no longer proxied",
                         why=f"its DNS answers will show the origin ({', '.join(targets) or 'its target'}) to "
                         "everyone, so attacks reach the origin directly, around Cloudflare's WAF, cache and DDoS "
                         "protection")


def target_kinds(plan: DomainPlan) -> dict[str, str]:
    """name → "addresses" or "CNAME" for every name that answers with one of them."""
    kinds: dict[str, str] = {}
    for record in plan.records:
        if record.type in ADDRESS_TYPES or record.type == "CNAME":
            kinds[record.name] = "addresses" if record.type in ADDRESS_TYPES else "CNAME"
    return kinds


def type_switch_dangers(base: DomainPlan, head: DomainPlan) -> Iterator[Danger]:
    """Pulumi creates a program's new resources before it deletes the ones that left it, and Cloudflare
    refuses a CNAME beside A/AAAA at one name and the reverse (API error 81053, read 2026-11), so a
    switch between addresses and a CNAME fails `pulumi up` half-way unless it is applied in two steps."""
    before = target_kinds(base)
    for name, kind in sorted(target_kinds(head).items()):
        if before.get(name, kind) != kind:
            yield Danger(rule="record.type-switch", subject=relative(name, head.zone),
                         change=f"{name} switches from {before[name]} to {kind}",
                         why="`pulumi up` creates the new record before deleting the old ones and Cloudflare refuses "
                         "a CNAME beside A/AAAA (error 81053): first remove the host (or point it elsewhere) and "
                         "apply, then add it back with its new target and apply again")


def threshold_danger(diff: PlanDiff, base_count: int) -> Iterator[Danger]:
    touched = sum(1 for c in diff.records if c.action == "removed" or "content" in c.fields)
    if base_count < MIN_EXISTING_RECORDS or touched / base_count <= MAX_SAFE_CHANGE_SHARE:
        return
    share = round(100 * touched / base_count)
    yield Danger(rule="threshold.mass-change", subject=f"{touched} of {base_count} records",
                 change=f"this change deletes or replaces {touched} of the {base_count} records of {diff.zone} "
                 f"({share}%)",
                 why=f"more than {MAX_SAFE_CHANGE_SHARE:.0%} of a zone with at least {MIN_EXISTING_RECORDS} records "
                 "is usually a mistake (octoDNS's safety threshold); split the change or confirm it")


def find_dangers(diff: PlanDiff, base: DomainPlan | None, head: DomainPlan | None) -> tuple[Danger, ...]:
    """Every dangerous change in `diff`; nothing is dangerous when the base revision had no plan."""
    if base is None:
        return ()
    dangers = [d for d in (record_danger(c, base.zone) for c in diff.records) if d is not None]
    dangers += [*ssl_danger(diff.settings), *hsts_dangers(diff.settings), *canonical_danger(diff.settings)]
    if head is not None:
        dangers += [*proxy_dangers(base, head), *type_switch_dangers(base, head), *added_dangers(diff, base, head),
                    *host_dangers(diff, base, head), *cache_dangers(base, head)]
    dangers += threshold_danger(diff, len(base.records))
    dangers += [*rule_dangers(diff, head), *kept_dangers(diff), *dnssec_danger(base, head)]
    return tuple(dangers)
