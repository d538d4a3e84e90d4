"""Which changes the first `pulumi up` makes to what a zone held are dangerous, and whether the spec
declares them in `adopted.overwrites` (docs/diff-and-adopt.md, "Dangerous changes to what the zone holds").

A record is judged by `launchready diff`'s own kinds (launchready.diff.dangerous): adopting an SPF,
DKIM or DMARC record and giving it other content is the change `diff` flags as record.spf, record.dkim
or record.dmarc (mail from senders the old SPF listed fails, a DMARC policy is weakened, a selector
stops verifying); an MX (record.mx: mail goes to another host), a CAA (record.caa: another CA may
issue), a subdomain's NS (record.ns: the delegation moves), the apex's or a host's A/AAAA/CNAME
(record.apex, record.host: traffic goes to another origin) likewise. Here only a content change counts: a
TTL or priority change keeps what answers where; a proxy flip of an address or alias is judged in
launchready.adopt.proxy_flip (proxy.origin-exposed, proxy.starts). TXT records are matched by the same
kinds (launchready.adopt.match), so an unrelated text never takes the place of an SPF or DMARC record.

An MX the plan does not declare, beside the planned MX of its name, is record.mx-split: `pulumi up`
never deletes a record it does not manage, so mail would be split between the old and the new host; an
old address beside the planned ones (record.address-split) splits traffic between origins, an old
nameserver beside a planned delegation (record.ns-split) splits its answers. An old address of the other
family (an AAAA where the plan declares only A records at its name, or the reverse) keeps answering for
the visitors of that family (record.address-family-split): clients that have IPv6 ask for AAAA records
and try them first (RFC 8305 §3), so they reach the old server while the others reach the planned one.
"""

from __future__ import annotations

from launchready.adopt.model import ExistingRecord, Overwrite
from launchready.core.dnsname import relative
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.private_keys import is_private_key
from launchready.core.spec.kept import record_label
from launchready.diff.dangerous import Record, record_danger, record_kind
from launchready.diff.elide import describe
from launchready.diff.model import RecordChange

MAIL_KINDS = frozenset({"spf", "dkim", "dmarc"})
"""The mail authentication kinds of launchready.diff.dangerous (diff's own reasons are kept for them)."""
ADDRESS_TYPES = frozenset({"A", "AAAA", "CNAME"})
TRAFFIC_WHY = ("traffic for {name} goes to the new target from the first up on; if it does not serve {name} yet, "
               "visitors get errors")
ADOPT_WHY = {
    "mx": "mail for {name} is delivered to the new host from the first up on; mail it is not set up to accept "
          "yet (mailboxes, the domain's verification) bounces or is lost (RFC 5321 §5.1)",
    "caa": "CAA says which certificate authorities may issue certificates for {name} (RFC 8659 §4); a CA the zone "
           "allows today is refused afterwards, so its certificate renewals (and Cloudflare's edge certificate, if "
           "its CA is no longer listed) fail",
    "ns": "the delegation of {name} moves to other nameservers from the first up on: everything below {name} "
          "answers from them, or not at all if they do not serve it yet",
    "apex": TRAFFIC_WHY,
    "host": TRAFFIC_WHY,
}
"""What an adopted record's content change breaks: mail delivery, certificate issuance, traffic."""
ADDRESS_SPLIT = ("record.address-split", "resolvers and Cloudflare's proxy spread visitors across every address: "
                 "part of the traffic reaches the old origin", "serving")
SPLITS = {
    "MX": ("record.mx-split", "senders deliver to either (by preference, and to the other when one fails: RFC 5321 "
           "§5.1): part of the mail reaches a host that may no longer be read", "receiving mail"),
    "A": ADDRESS_SPLIT,
    "AAAA": ADDRESS_SPLIT,
    "NS": ("record.ns-split", "resolvers ask any of the delegation's nameservers (RFC 1034 §5.3.3): part of the "
           "answers for everything below it come from the old ones", "answering"),
}
"""The records an old one beside the planned set splits: (rule id, what that breaks, what keeping it keeps)."""
SPLIT_WHY = ("`pulumi up` never deletes a record it does not manage, so {name} would answer with both, and {breaks}. "
             "Either delete it in the dashboard before the first up, or, to keep it {keeps}, declare it under "
             "records: ({entry}); to let both answer on purpose for a while, list it in adopted.overwrites")


PRIVATE_WHY = ("the zone publishes the PRIVATE half of a key here, for anyone to read, so anyone can sign mail as "
               "the domain: make a new key pair at the sender, plan its public key, and delete this record in the "
               "dashboard before the first up (the leaked key must go whatever the spec says)")
OTHER_FAMILY = {"A": "AAAA", "AAAA": "A"}
FAMILY = {"A": "IPv4", "AAAA": "IPv6"}
FAMILY_SPLIT = "record.address-family-split"
FAMILY_WHY = ("`pulumi up` never deletes a record it does not manage, and the plan declares no {rtype} record at "
              "{name}, so this one keeps answering: {family} visitors (a client with IPv6 asks for AAAA records and "
              "tries them first, RFC 8305 §3) reach {content}, the old server unless it is the new one's {family} "
              "address, while the others reach the planned one (behind Cloudflare's proxy, the proxy may connect to "
              "it for any visitor). Either delete it in the dashboard before the first "
              "up, or, to keep serving {family} from it, declare it ({declare}); to let both answer on purpose for a "
              "while, list it in adopted.overwrites")


def mail_kind(record: Record, zone: str) -> str | None:
    """`spf`, `dkim` or `dmarc` by diff's classifier (an SPF is a TXT starting `v=spf1`, DKIM lives at
    `<selector>._domainkey`, DMARC at `_dmarc`); None for any other record."""
    kind = record_kind(record, zone)
    return kind if kind in MAIL_KINDS else None


def shown_content(record: ExistingRecord) -> str:
    """The record's content, or only its size when it holds a private key (a DKIM pair's private half,
    launchready.core.private_keys): published or not, a report never repeats it."""
    if is_private_key(record.content):
        return f"[a private key, {len(record.content):,} characters, not shown: rotate it]"
    return record.content


def existing_label(record: ExistingRecord, zone: str) -> str:
    """`_dmarc TXT v=DMARC1; p=reject`: the record as the report prints it and `adopted.overwrites` lists it."""
    return record_label(relative(record.name, zone), record.type, record.priority, shown_content(record))


def declares(plan: DomainPlan, entry: str) -> bool:
    """Whether `adopted.overwrites` lists `entry` (runs of spaces count as one, as in `adopted.records`)."""
    return " ".join(entry.split()) in {" ".join(line.split()) for line in plan.adopted_overwrites}


def overwrite(plan: DomainPlan, rule: str, change: str, why: str, entry: str) -> Overwrite:
    return Overwrite(rule=rule, change=change, why=why, entry=entry, declared=declares(plan, entry))


def as_planned(record: ExistingRecord) -> PlannedRecord:
    """The existing record in the plan's form, so diff's rules judge it as they judge a base revision."""
    return PlannedRecord(name=record.name, type=record.type, content=record.content, ttl=record.ttl,
                         proxied=record.proxied, priority=record.priority, key="existing", source="the zone")


def adopted_kind(record: ExistingRecord, zone: str) -> str | None:
    """diff's kind of the record (spf, dkim, dmarc, mx, caa, ns, apex), or `host` for another name's
    address or alias; None for a record whose content change breaks nothing the zone had (an SRV, a TXT)."""
    kind = record_kind(record, zone)
    if kind in MAIL_KINDS or kind in ("mx", "caa", "ns"):
        return kind
    if record.type in ADDRESS_TYPES:
        return "apex" if record.name == zone else "host"
    return None


def record_overwrite(plan: DomainPlan, existing: ExistingRecord, planned: PlannedRecord,
                     updates: tuple[str, ...]) -> Overwrite | None:
    """The danger of giving an adopted record the planned content, when its kind makes that dangerous."""
    kind = adopted_kind(existing, plan.zone)
    if "content" not in updates or kind is None:
        return None
    if is_private_key(existing.content):
        return overwrite(plan, f"record.{kind}", f"replaces {existing_label(existing, plan.zone)} with "
                         f"{describe(planned, plan.zone)}", PRIVATE_WHY, existing_label(existing, plan.zone))
    old = as_planned(existing)
    danger = record_danger(RecordChange(action="changed", name=planned.name, type=planned.type, old=old,
                                        new=planned, fields=updates), plan.zone)
    change = danger.change if danger else \
        f"changes {describe(old, plan.zone, planned)} to {describe(planned, plan.zone, old)}"
    why = danger.why if danger and kind in MAIL_KINDS else ADOPT_WHY[kind].format(name=existing.name)
    return overwrite(plan, f"record.{kind}", change, why, existing_label(existing, plan.zone))


def split_set(plan: DomainPlan, existing: ExistingRecord, keep_entry: str) -> Overwrite | None:
    """An MX, address or subdomain NS beside the planned records of its name and type (`keep_entry`: its
    `records:` entry, to declare it)."""
    planned = [r for r in plan.records if (r.name, r.type) == (existing.name, existing.type)]
    if existing.type not in SPLITS or not planned:
        return None
    rule, breaks, keeps = SPLITS[existing.type]
    label = existing_label(existing, plan.zone)
    beside = ", ".join(describe(r, plan.zone) for r in planned)
    return overwrite(plan, rule, f"keeps {label} answering beside the planned {beside}",
                     SPLIT_WHY.format(name=existing.name, breaks=breaks, keeps=keeps, entry=keep_entry), label)


def other_family(plan: DomainPlan, existing: ExistingRecord) -> list[PlannedRecord]:
    """The planned addresses of the other family at the name of an A or AAAA, when the plan declares none of
    its own family there (an old AAAA beside a planned A only, or the reverse); else []."""
    other = OTHER_FAMILY.get(existing.type)
    at_name = [r for r in plan.records if r.name == existing.name]
    if other is None or any(r.type == existing.type for r in at_name):
        return []
    return [r for r in at_name if r.type == other]


def family_declaration(planned: PlannedRecord, existing: ExistingRecord, keep_entry: str) -> str:
    """Where the spec declares the address: the host's own list (or the shared origin's), else `records:`."""
    key, other = ("ipv6", "ipv4") if existing.type == "AAAA" else ("ipv4", "ipv6")
    if planned.source.startswith("hosts."):
        return (f"list {existing.content} in {planned.source}.{key}, with the host's {other} addresses beside it, "
                f"or in origin.{key} when the host takes the shared origin")
    return f"under records: {keep_entry}"


def family_split(plan: DomainPlan, existing: ExistingRecord, keep_entry: str) -> Overwrite | None:
    """An A or AAAA the plan leaves beside the planned addresses of the other family only."""
    planned = other_family(plan, existing)
    if not planned:
        return None
    label = existing_label(existing, plan.zone)
    beside = ", ".join(describe(r, plan.zone) for r in planned)
    why = FAMILY_WHY.format(rtype=existing.type, name=existing.name, family=FAMILY[existing.type],
                            content=existing.content, declare=family_declaration(planned[0], existing, keep_entry))
    return overwrite(plan, FAMILY_SPLIT, f"keeps {label} answering beside the planned {beside}", why, label)
