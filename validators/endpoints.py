"""Network endpoints given on the command line: resolvers, nameservers and curl-style --connect-to."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from launchready.core.errors import InputError


@dataclass(frozen=True, order=True)
class Endpoint:
    """An address and port to send queries or probes to."""

    address: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"


def port_number(text: str) -> int:
    """A port as ASCII digits only: int() also reads '٤٤٣', '+80' and ' 80'."""
    if not re.fullmatch(r"[0-9]{1,5}", text):
        raise ValueError(f"not a port: {text!r}")
    return int(text)


def split_host_port(text: str, default_port: int | None) -> tuple[str, int | None]:
    """'192.0.2.1', '192.0.2.1:53', '[2001:db8::1]:53', '2001:db8::1' → (address, port)."""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, port_number(rest[1:]) if rest.startswith(":") else default_port
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, port_number(port) if port else default_port
    return text, default_port


def parse_endpoint(text: str, default_port: int, what: str = "--resolver") -> Endpoint:
    try:
        host, port = split_host_port(text.strip(), default_port)
        address = str(ipaddress.ip_address(host))
    except ValueError:
        raise InputError(f'{what} "{text}": expected ADDR or ADDR:PORT with an IP address, '
                         "for example 1.1.1.1, 127.0.0.1:5353 or [2001:db8::1]:53") from None
    if port is None or not 0 < port < 65536:
        raise InputError(f'{what} "{text}": the port must be between 1 and 65535')
    return Endpoint(address, port)


@dataclass(frozen=True)
class ConnectTo:
    """curl's --connect-to HOST:PORT:ADDR:PORT: probes for HOST:PORT go to ADDR:PORT, keeping the
    Host header and SNI. An empty HOST (or PORT) matches every host (or port); an empty target PORT
    keeps the probe's port (stored as 0)."""

    host: str
    port: int | None
    target: Endpoint

    def matches(self, host: str, port: int) -> bool:
        return (not self.host or self.host == host.lower()) and (self.port is None or self.port == port)


def parse_connect_to(text: str) -> ConnectTo:
    problem = InputError(f'--connect-to "{text}": expected HOST:PORT:ADDR:PORT, for example '
                         "www.example.com:443:127.0.0.1:8443 (an empty HOST matches every host)")
    host, sep, rest = text.partition(":")
    port_text, sep2, target = rest.partition(":")
    if not (sep and sep2 and target):
        raise problem
    try:
        port = port_number(port_text) if port_text else None
        address, target_port = split_host_port(target, None)
        endpoint = Endpoint(str(ipaddress.ip_address(address)), target_port or 0)
    except ValueError:
        raise problem from None
    if not 0 <= endpoint.port < 65536 or not (port is None or 0 < port < 65536):
        raise problem
    return ConnectTo(host.lower().rstrip("."), port, endpoint)


def route(rules: tuple[ConnectTo, ...], host: str, port: int) -> Endpoint | None:
    """The first --connect-to rule for host:port, as curl applies them; an empty target port (kept as 0)
    means the probe's own port, as in curl. Looked up in an index of the rules (a portfolio run gives
    a thousand rules and asks tens of thousands of times)."""
    rule = RuleIndex.of(rules).first(host.lower(), port)
    return Endpoint(rule.target.address, rule.target.port or port) if rule else None


class RuleIndex:
    """--connect-to rules by what they match (host and port, host, port, anything), each key keeping its
    first rule's position, so a lookup finds the rule curl's first-match scan would."""

    _built: dict[int, tuple[tuple[ConnectTo, ...], RuleIndex]] = {}

    def __init__(self, rules: tuple[ConnectTo, ...]) -> None:
        self.rules = rules
        self.keys: dict[tuple[str | None, int | None], int] = {}
        for position, rule in enumerate(rules):
            self.keys.setdefault((rule.host or None, rule.port), position)

    @classmethod
    def of(cls, rules: tuple[ConnectTo, ...]) -> RuleIndex:
        """The index of this very tuple, built once (a run keeps one tuple of rules in its context)."""
        built = cls._built.get(id(rules))
        if built is None or built[0] is not rules:
            if len(cls._built) >= 16:
                cls._built.clear()
            built = cls._built[id(rules)] = (rules, cls(rules))
        return built[1]

    def first(self, host: str, port: int) -> ConnectTo | None:
        keys = ((host, port), (host, None), (None, port), (None, None))
        positions = [self.keys[key] for key in keys if key in self.keys]
        return self.rules[min(positions)] if positions else None


PUBLIC_RESOLVERS_V4 = (
    Endpoint("1.1.1.1", 53),          # Cloudflare
    Endpoint("8.8.8.8", 53),          # Google
    Endpoint("9.9.9.10", 53),         # Quad9, unfiltered
    Endpoint("208.67.222.222", 53),   # OpenDNS
    Endpoint("76.76.2.0", 53),        # Control D, unfiltered
)
PUBLIC_RESOLVERS_V6 = (
    Endpoint("2606:4700:4700::1111", 53),
    Endpoint("2001:4860:4860::8888", 53),
    Endpoint("2620:fe::10", 53),
    Endpoint("2620:119:35::35", 53),
    Endpoint("2606:1a40::", 53),
)
"""Unfiltered public resolvers (each operator's own documentation: 1.1.1.1, Google Public DNS, Quad9
9.9.9.10, OpenDNS, Control D "unfiltered", read 2026-11): filtering resolvers may
answer differently on purpose, which is not a propagation problem."""
