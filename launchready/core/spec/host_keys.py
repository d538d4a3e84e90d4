"""The keys of `hosts` as written: each one read as a label of the zone, every unusable key and every
second spelling of one host reported at once, at the key the user wrote (before the models run, which
see normalised labels only)."""

from __future__ import annotations

from typing import Any

from launchready.core.dnsname import host_label, written_zone
from launchready.core.errors import Problem
from launchready.core.spec.lines import key_segment


def host_key_problems(data: Any) -> tuple[list[Problem], Any]:
    """Problems with the `hosts` keys, and the data without the keys they name (so the models still
    report everything else in the same run)."""
    hosts = data.get("hosts") if isinstance(data, dict) else None
    if not isinstance(hosts, dict):
        return [], data
    zone, problems = written_zone(data.get("zone")), []
    kept: dict[Any, Any] = {}
    first: dict[str, str] = {}
    for key, host in hosts.items():
        written = str(key)
        try:
            label = host_label(written, zone)
        except ValueError as exc:
            problems.append(Problem(f"hosts{key_segment(written)}", str(exc)))
            continue
        if label in first:
            problems.append(Problem(f"hosts{key_segment(written)}", one_host(first[label], written, label)))
            continue
        first[label], kept[key] = written, host
    return problems, ({**data, "hosts": kept} if problems else data)


def one_host(first: str, second: str, label: str) -> str:
    """Why two keys name one host, in the words of the rule that makes them equal."""
    pair = f'"{first}" and "{second}"'
    if label == "apex":
        return f'{pair} both name the apex ("@" is short for apex); keep one of them'
    if not (first + second).isascii() or "xn--" in first.lower() + second.lower():
        return (f"{pair} are one host: the xn-- form is how DNS spells the internationalised name (IDNA, "
                "RFC 5891); keep one of them")
    if first.endswith(".") or second.endswith("."):
        return f"{pair} are one host: a name with a final dot is the same name written in full; keep one of them"
    return f"{pair} are one host: DNS names ignore case (RFC 4343); keep one of them"
