"""DMARC record text (RFC 7489 §6.3-6.4; RFC 9989, which replaced it): tags, policies, report URIs.

A record is a `tag=value` list separated by semicolons, and `v=DMARC1` must come first (§6.4).
RFC 9989 removed `pct`, `rf` and `ri` and added `np`, `psd` and `t`; a receiver ignores unknown tags.
Case (§6.4 ABNF; RFC 5234 §2.3: quoted ABNF strings are case-insensitive): tag names and keyword values
(`p=Reject`, `adkim=S`) are case-insensitive, but the version is `%x44 %x4d %x41 %x52 %x43 %x31`, exactly
"DMARC1". Whitespace around `=` and `;` is WSP (space or tab), nothing else. Organisational domains
(§3.2) come from the Public Suffix List as the `publicsuffixlist` package bundles it (no network).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchready.core.dnsname import public_suffixes
from launchready.core.mailauth.spf_grammar import clipped

VERSION = "DMARC1"
POLICIES = ("none", "quarantine", "reject")
REMOVED_TAGS = frozenset({"pct", "rf", "ri"})
KNOWN_TAGS = frozenset({"v", "p", "sp", "np", "adkim", "aspf", "fo", "rua", "ruf", "t", "psd"}) | REMOVED_TAGS
_TAG = re.compile(r"[a-z][a-z0-9_]*")
_MAILTO = re.compile(r"mailto:(?P<local>[^@\s,;!?]+)@(?P<host>[^@\s,;!?]+)(?P<query>\?[^\s,;!]*)?"
                     r"(?P<size>![0-9]+[kmgt]?)?", re.IGNORECASE)
"""§6.4 dmarc-uri: a mailto: URI (RFC 6068, its ?query allowed) and an optional !size limit."""
_FO = re.compile(r"[01ds](:[01ds])*")
_VERSION = re.compile(r"[vV][ \t]*=[ \t]*DMARC1[ \t]*(;|\Z)")
WSP = " \t"


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
    """§6.4 dmarc-version: `v`, any case; `DMARC1`, exactly."""
    return _VERSION.match(text) is not None


def parse(text: str) -> DmarcRecord:
    """Split the tag list; raises DmarcSyntaxError for a missing version, a tag without "=" or a
    tag given twice (RFC 7489 §6.3: tags appear at most once)."""
    if not is_dmarc(text):
        raise DmarcSyntaxError(f'"{text[:40]}" does not start with "v=DMARC1" (RFC 7489 §6.4)')
    tags: dict[str, str] = {}  # a dict, not a scan of a list: a record of thousands of tags stays linear
    for part in (p.strip(WSP) for p in text.split(";")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        name = name.strip(WSP).lower()
        if not sep or not _TAG.fullmatch(name):
            raise DmarcSyntaxError(f'"{clipped(part)}" is not a tag=value pair (RFC 7489 §6.4)')
        if name in tags:
            raise DmarcSyntaxError(f'the tag "{name}" appears twice (RFC 7489 §6.3)')
        tags[name] = value.strip(WSP)
    return DmarcRecord(tuple(tags.items()))


def value_problem(name: str, value: str) -> str | None:
    """Why a known tag's value is invalid (RFC 7489 §6.3; RFC 9989 for np, psd and t), or None."""
    if name in ("p", "sp", "np"):
        return None if value.lower() in POLICIES else f"{name}={clipped(value, 40)}: use none, quarantine or reject"
    if name in ("adkim", "aspf"):
        return None if value.lower() in ("r", "s") else f"{name}={clipped(value, 40)}: use r (relaxed) or s (strict)"
    if name in ("rua", "ruf"):
        bad = [uri for uri in report_uris(value) if not _MAILTO.match(uri)]
        return f"{name}: {shown_uri(bad[0])} is not a mailto: address" if bad else None
    if name == "fo":
        return None if _FO.fullmatch(value.lower()) else f"fo={clipped(value, 40)}: use 0, 1, d or s, joined by colons"
    if name == "t":
        return None if value.lower() in ("y", "n") else f"t={clipped(value, 40)}: use y or n"
    if name == "psd":
        return None if value.lower() in ("y", "n", "u") else f"psd={clipped(value, 40)}: use y, n or u"
    return None


def report_uris(value: str) -> tuple[str, ...]:
    return tuple(uri.strip(WSP) for uri in value.split(",") if uri.strip(WSP))


def uri_host(uri: str) -> str | None:
    """The domain of a `mailto:` report URI, lowercased, without its query or size limit."""
    match = _MAILTO.fullmatch(uri.strip(WSP))
    return match.group("host").lower().rstrip(".") if match else None


def shown_uri(uri: str) -> str:
    """A report URI for a message: its ?query (which may carry a token) is counted, never shown."""
    head, sep, query = uri.partition("?")
    if not sep:
        return uri[:120]
    size = re.search(r"![0-9]+[kmgt]?\Z", query, re.IGNORECASE)
    return f"{head[:120]}?(query of {len(query) - (len(size.group()) if size else 0)} characters not shown)" + (
        size.group() if size else "")


def redacted(text: str) -> str:
    """A record's text with every report URI's query hidden (shown_uri), for observed values."""
    return URI_RUN.sub(lambda m: hidden_query(m.group()), text)


URI_RUN = re.compile(r"[^\s,;!]+")
"""A run that may hold a report URI, as far as the next separator of the rua and ruf lists (RFC 7489 §6.4)."""


def hidden_query(run: str) -> str:
    """`run` from its first `mailto:` on as shown_uri shows it, when a query follows. String search, not a regex
    from each `mailto:`: a record of `mailto:` repeated would cost quadratic time."""
    start = run.lower().find("mailto:")
    if start < 0 or "?" not in run[start:]:
        return run
    return run[:start] + shown_uri(run[start:])


def organizational_domain(name: str) -> str:
    """RFC 7489 §3.2: the registered domain, one label below the longest public suffix (a name that is itself
    a public suffix is its own)."""
    bare = name.lower().rstrip(".")
    return public_suffixes().privatesuffix(bare) or bare


def is_external(host: str, domain: str) -> bool:
    """True when reports leave the organisation (RFC 7489 §7.1): the report host's organisational domain
    differs from the domain's, so `reports.example.com` is internal to `mail.example.com`. The same name, or
    names under different top-level labels, are answered without reading the Public Suffix List (about
    50 ms of start-up): an organisational domain is a suffix of its name, top-level label included."""
    bare_host, bare_domain = host.lower().rstrip("."), domain.lower().rstrip(".")
    if bare_host == bare_domain or bare_host.rpartition(".")[2] != bare_domain.rpartition(".")[2]:
        return bare_host != bare_domain
    return organizational_domain(host) != organizational_domain(domain)


def valid_report_uri(record: DmarcRecord) -> bool:
    """Whether `rua` holds at least one syntactically valid URI (§6.6.3 step 6)."""
    return any(_MAILTO.fullmatch(uri) for uri in report_uris(record.get("rua") or ""))


def valid_policy(value: str | None) -> str | None:
    return value.lower() if value is not None and value.lower() in POLICIES else None


def effective_policy(record: DmarcRecord, *, subdomain: bool = False) -> str | None:
    """The policy receivers apply to all failing mail (RFC 7489 §6.6.3 step 6): p (sp for a subdomain when
    present), one step lower in testing mode (testing_tag); a missing or invalid p, or an invalid sp, means
    p=none when rua holds a valid URI, else no DMARC processing (None)."""
    written = written_policy(record, subdomain=subdomain)
    if written is None:
        return "none" if valid_report_uri(record) else None
    return lower_policy(written) if testing_tag(record) else written


def written_policy(record: DmarcRecord, *, subdomain: bool = False) -> str | None:
    """The valid p (sp for a subdomain when present) as published, or None when p or sp is invalid."""
    policy, sub = valid_policy(record.policy), valid_policy(record.get("sp"))
    if policy is None or (record.get("sp") is not None and sub is None):
        return None
    return sub if subdomain and sub else policy


def testing_tag(record: DmarcRecord) -> str | None:
    """The tag that asks receivers to apply the next lower policy: `t=y` (RFC 9989, DMARCbis: the domain owner
    is testing) or `pct` below 100 (RFC 7489 §6.6.4: mail not sampled gets the next lower policy, so the
    policy every failing message is sure to get is one step lower)."""
    if (record.get("t") or "").lower() == "y":
        return "t=y"
    pct = record.get("pct")
    return f"pct={pct}" if pct is not None and pct.isdigit() and int(pct) < 100 else None


def lower_policy(policy: str) -> str:
    """RFC 7489 §6.6.4: reject → quarantine, quarantine → none, none stays none."""
    return POLICIES[max(POLICIES.index(policy) - 1, 0)]


def authorization_name(domain: str, host: str) -> str:
    """RFC 7489 §7.1: the report receiver authorises `domain` with TXT "v=DMARC1" here."""
    return f"{domain}._report._dmarc.{host}"


def policy_rank(policy: str | None) -> int:
    """none < quarantine < reject; an absent or invalid policy ranks below none."""
    return POLICIES.index(policy.lower()) if policy and policy.lower() in POLICIES else -1


def record_text(tags: list[tuple[str, str]]) -> str:
    return "; ".join(f"{name}={value}" for name, value in [("v", VERSION), *tags])
