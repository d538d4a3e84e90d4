"""Rules on where web hosts and records point: one kind of target per name, each address listed once and
public where Cloudflare proxies it, and record targets written as full host names."""

from __future__ import annotations

from collections.abc import Iterator

from launchready.core.addresses import IPAddress, origin_address_problem
from launchready.core.dnsname import absolute_problem, normalize_name
from launchready.core.errors import Problem
from launchready.core.spec.models import NAMED_TARGETS, DomainSpec, RecordType

CNAME_BESIDE_ADDRESSES = "a CNAME ({}) cannot share a name with A/AAAA records (RFC 1034 §3.6.2); keep one"


def origin_is_one_kind(spec: DomainSpec) -> Iterator[Problem]:
    """`origin` fills in the targets of hosts that name none, so it holds what one host may hold."""
    origin = spec.origin
    if origin.cname and (origin.ipv4 or origin.ipv6):
        yield Problem("origin", CNAME_BESIDE_ADDRESSES.format(origin.cname))


def address_lists(spec: DomainSpec) -> Iterator[tuple[str, tuple[IPAddress, ...], bool]]:
    """Each list of addresses as written (its key path), and whether Cloudflare proxies what it serves."""
    uses_origin = [host.proxied for host in spec.hosts.values() if not host.has_targets]
    for family in ("ipv4", "ipv6"):
        yield f"origin.{family}", getattr(spec.origin, family), any(uses_origin)
        for label, host in spec.hosts.items():
            yield f"hosts.{label}.{family}", getattr(host, family), host.proxied


def addresses_are_usable(spec: DomainSpec) -> Iterator[Problem]:
    """An address listed twice would be one record declared twice; a proxied host's address must be one
    Cloudflare can reach (launchready.core.addresses)."""
    for path, addresses, proxied in address_lists(spec):
        first: dict[IPAddress, int] = {}
        for index, address in enumerate(addresses):
            if address in first:
                yield Problem(f"{path}[{index}]", f"{address} is listed twice in this list (first at "
                              f"[{first[address]}]); remove this one")
                continue
            first[address] = index
            if proxied and (problem := origin_address_problem(address)):
                yield Problem(f"{path}[{index}]", problem)


def target_names(spec: DomainSpec) -> Iterator[tuple[str, str]]:
    """Every name a record points at, with the key path that wrote it."""
    if spec.origin.cname:
        yield "origin.cname", spec.origin.cname
    for label, host in spec.hosts.items():
        if host.cname:
            yield f"hosts.{label}.cname", host.cname
    for index, record in enumerate(spec.records):
        if record.type in NAMED_TARGETS and isinstance(record.content, str) and record.content.strip() != ".":
            words = record.content.split()
            if words and (record.type is not RecordType.SRV or len(words) == 3):
                yield f"records[{index}].content", words[-1]


def targets_are_full_names(spec: DomainSpec) -> Iterator[Problem]:
    """A target is a full host name, never relative to the zone: `b` would be the top-level name b., which
    is how DNS reads it, not b.<zone> (RFC 1035 §5.1 makes only owner names relative). Refused with the
    name to write instead, so a CNAME loop written with short names is caught as one."""
    zone = spec.zone.name
    for path, target in target_names(spec):
        name = normalize_name(target)
        if name and "." not in name and name != zone:
            yield Problem(path, f'"{target}" is one label, and a target is a full host name; write '
                          f'"{name}.{zone}" for the host in this zone')
        elif name and (problem := absolute_problem(name)):
            yield Problem(path, f'"{target}" {problem}; a target is a host name'
                          + (" (use ipv4/ipv6 for addresses)" if "IP address" in problem else ""))


TARGET_RULES = (origin_is_one_kind, addresses_are_usable, targets_are_full_names)
