"""`launchready init`: a commented stack file for your own domain, checked by the planner before it is
written, so the first `launchready plan` passes."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from typing import Literal

from launchready.core.addresses import origin_address_problem
from launchready.core.errors import InputError


@dataclass(frozen=True)
class Origin:
    """Where the site runs, sorted by kind from the --origin values."""

    ipv4: tuple[str, ...] = ()
    ipv6: tuple[str, ...] = ()
    cname: str | None = None

    def describe(self) -> str:
        return ", ".join([*self.ipv4, *self.ipv6, *([self.cname] if self.cname else [])])


@dataclass(frozen=True)
class Starter:
    zone: str
    stack: str
    project: str
    canonical: Literal["apex", "www"]
    origin: Origin


def origin_of(values: list[str], zone: str) -> Origin:
    """--origin 203.0.113.10 --origin 2001:db8::10, or --origin app.fly.dev (one host name, alone)."""
    if not values:
        raise InputError("name where the site runs: --origin 203.0.113.10 (repeat it for more addresses, IPv6 "
                         "too) or --origin your-app.example.net (a host name your provider gave you)")
    addresses, names = [], []
    for value in values:
        try:
            address = ipaddress.ip_address(value.strip())
        except ValueError:
            names.append(origin_name(value, zone))
            continue
        if address in addresses:
            raise InputError(f"--origin {address} is given twice; give each address once")
        if problem := origin_address_problem(address):
            raise InputError(f"--origin {problem}")
        addresses.append(address)
    if names and (addresses or len(names) > 1):
        raise InputError("--origin: give addresses, or one host name, not both: a name with a CNAME holds no "
                         "other record (RFC 1034 §3.6.2)")
    ipv4 = tuple(str(a) for a in addresses if a.version == 4)
    return Origin(ipv4, tuple(str(a) for a in addresses if a.version == 6), names[0] if names else None)


def origin_name(value: str, zone: str) -> str:
    """An --origin host name: the provider's name for the server, so never a name of the zone being set up
    (the apex and www point at it, so the zone itself would be a CNAME loop)."""
    from launchready.core.dnsname import absolute_problem, check_name, url_hint
    from launchready.core.redact import quoted

    usage = "--origin takes the server's IPv4/IPv6 address or the host name your provider gave you"
    if hint := url_hint(value):
        raise InputError(f"--origin {quoted(value)} {hint}")
    try:
        name = check_name(value)
    except ValueError as exc:
        raise InputError(f"--origin {exc}; {usage}") from None
    if problem := absolute_problem(name) if "." in name else "is one label, not a full host name":
        raise InputError(f'--origin "{value}" {problem}; {usage}')
    if name == zone or name.endswith("." + zone):
        raise InputError(f"--origin {name} is in the zone {zone} being set up, whose apex and www point at the "
                         f"origin; {usage} (your-app.example.net)")
    return name


def yaml_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def origin_lines(origin: Origin) -> list[str]:
    lines = ["    origin:                       # where the site runs; every web host uses it unless it names its own"]
    lines += [f"      ipv4: {yaml_list(origin.ipv4)}"] if origin.ipv4 else []
    lines += [f"      ipv6: {yaml_list(origin.ipv6)}"] if origin.ipv6 else []
    lines += [f"      cname: {json.dumps(origin.cname)}"] if origin.cname else []
    return lines


def host_lines(starter: Starter) -> list[str]:
    """The apex with a CNAME origin needs flattening (Cloudflare answers addresses there, "CNAME
    flattening", read 2026-11); other hosts are commented examples."""
    lines = ["    hosts:                        # web hosts that differ from origin; apex and www always exist"]
    if starter.origin.cname:
        lines.append("      apex: {flatten: true}       # a CNAME at the apex: Cloudflare flattens it to addresses")
    else:
        lines.append("      apex: {}")
    lines += ["      www: {}",
              "      # api: {cname: api.your-provider.example}",
              "      # admin: {ipv4: [\"203.0.113.20\"], cache: bypass}"]
    return lines


def stack_text(starter: Starter) -> str:
    """The stack file: the keys a launch needs, the rest as commented examples (docs/config.md has all)."""
    other = "www" if starter.canonical == "apex" else "apex"
    canonical_host = starter.zone if starter.canonical == "apex" else f"www.{starter.zone}"
    other_host = f"www.{starter.zone}" if other == "www" else starter.zone
    lines = [
        f"# Stack {starter.stack} for {starter.zone}, written by `launchready init`; docs/config.md names every key.",
        f"# Check it offline: launchready plan --stack {starter.stack}",
        "config:",
        f"  {starter.project}:domain:",
        "    zone:",
        f"      name: {starter.zone}",
        "      # id: 0123456789abcdef0123456789abcdef   # adopt an existing zone by its id (dashboard → Overview)",
        f"    canonical: {starter.canonical}".ljust(34) + f"# https://{other_host} redirects to https://{canonical_host}",
        *origin_lines(starter.origin),
        *host_lines(starter),
        "    # email:                      # who sends and receives the domain's mail (docs/email.md), e.g.",
        "    #   send: [ses]",
        "    #   receive: google_workspace",
        f"    #   dmarc: {{policy: none, rua: \"mailto:dmarc@{starter.zone}\"}}",
        "    # redirects:                  # old URLs moved for good",
        "    #   - {from: /old-pricing, to: /pricing}",
        "    plan: free                    # the zone's Cloudflare plan (free, pro, business, enterprise)",
    ]
    return "\n".join(lines) + "\n"
