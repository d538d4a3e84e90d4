"""DMARC record text (RFC 7489 §6.3-6.4; RFC 9989, which replaced it): tags, policies, report URIs.

A record is a `tag=value` list separated by semicolons, and `v=DMARC1` must come first (§6.4).
RFC 9989 removed `pct`, `rf` and `ri` and added `np`, `psd` and `t`; a receiver ignores unknown tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "DMARC1"
POLICIES = ("none", "quarantine", "reject")
REMOVED_TAGS = frozenset({"pct", "rf", "ri"})
KNOWN_TAGS = frozenset({"v", "p", "sp", "np", "adkim", "aspf", "fo", "rua", "ruf", "t", "psd"}) | REMOVED_TAGS
_TAG = re.compile(r"^[a-z][a-z0-9_]*$")
_MAILTO = re.compile(r"^mailto:([^@\s,;!]+)@([^@\s,;!]+?)(![0-9]+[kmgt]?)?$", re.IGNORECASE)
_FO = re.compile(r"^[01ds](:[01ds])*$")


class DmarcSyntaxError(ValueError):
    """A record receivers discard (RFC 7489 §6.6.3: as if there were none)."""


@dataclass(frozen=True)
class DmarcRecord:
    """The tags of one record, names lowercased, in the order written."""

    tags: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        return next((value for tag, value in self.tags if tag == name), None)

    @property
    def policy(self) -> str | None:
        return self.get("p")


def is_dmarc(text: str) -> bool:
    return re.match(r"^v\s*=\s*DMARC1\s*(;|$)", text) is not None


def parse(text: str) -> DmarcRecord:
    """Split the tag list; raises DmarcSyntaxError for a missing version, a tag without "=" or a
    tag given twice (RFC 7489 §6.3: tags appear at most once)."""
    if not is_dmarc(text):
        raise DmarcSyntaxError(f'"{text[:40]}" does not start with "v=DMARC1" (RFC 7489 §6.4)')
    tags: list[tuple[str, str]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep or not _TAG.match(name):
            raise DmarcSyntaxError(f'"{part}" is not a tag=value pair (RFC 7489 §6.4)')
        if any(tag == name for tag, _ in tags):
            raise DmarcSyntaxError(f'the tag "{name}" appears twice (RFC 7489 §6.3)')
        tags.append((name, value.strip()))
    return DmarcRecord(tuple(tags))


def value_problem(name: str, value: str) -> str | None:
    """Why a known tag's value is invalid (RFC 7489 §6.3; RFC 9989 for np, psd and t), or None."""
    if name in ("p", "sp", "np"):
        return None if value.lower() in POLICIES else f"{name}={value}: use none, quarantine or reject"
    if name in ("adkim", "aspf"):
        return None if value.lower() in ("r", "s") else f"{name}={value}: use r (relaxed) or s (strict)"
    if name in ("rua", "ruf"):
        bad = [uri for uri in report_uris(value) if not _MAILTO.match(uri)]
        return f"{name}: {bad[0]} is not a mailto: address" if bad else None
    if name == "fo":
        return None if _FO.match(value.lower()) else f"fo={value}: use 0, 1, d or s, joined by colons"
    if name == "t":
        return None if value.lower() in ("y", "n") else f"t={value}: use y or n"
    if name == "psd":
        return None if value.lower() in ("y", "n", "u") else f"psd={value}: use y, n or u"
    return None


def report_uris(value: str) -> tuple[str, ...]:
    return tuple(uri.strip() for uri in value.split(",") if uri.strip())


def uri_host(uri: str) -> str | None:
    """The domain of a `mailto:` report URI, lowercased, without a size limit suffix."""
    match = _MAILTO.match(uri.strip())
    return match.group(2).lower().rstrip(".") if match else None


def is_external(host: str, domain: str) -> bool:
    """True when reports leave the domain (RFC 7489 §7.1). Approximated without the public-suffix
    list: a host at or under the domain is internal, anything else is external."""
    return not (host == domain or host.endswith("." + domain))


def authorization_name(domain: str, host: str) -> str:
    """RFC 7489 §7.1: the report receiver authorises `domain` with TXT "v=DMARC1" here."""
    return f"{domain}._report._dmarc.{host}"


def policy_rank(policy: str | None) -> int:
    """none < quarantine < reject; an absent or invalid policy ranks below none."""
    return POLICIES.index(policy.lower()) if policy and policy.lower() in POLICIES else -1


def record_text(tags: list[tuple[str, str]]) -> str:
    return "; ".join(f"{name}={value}" for name, value in [("v", VERSION), *tags])
