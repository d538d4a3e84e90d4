"""HSTS: the Strict-Transport-Security header on every HTTPS response, redirects included.

RFC 6797 §6.1: directives are `;`-separated, names case-insensitive, each at most once, max-age required
(its value may be quoted). §8.1: a browser reads only the first header. §7.2: a header over plain HTTP
is ignored. hstspreload.org: "If you are serving an additional redirect from your HTTPS site, that
redirect must still have the HSTS header"; a year (31536000 s) is the minimum for preload lists
(hstspreload.org submission requirements, read 2026-11) and internet.nl's HSTS test. Cloudflare sends
the header on every HTTPS response of a proxied host and never on HTTP (Cloudflare HSTS docs, read
2026-11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.plan.model import HstsSetting
from validators.web.fetch import Hop
from validators.web.policy import shown

ONE_YEAR = 31536000
HEADER = "Strict-Transport-Security"
MISSING = f"no {HEADER}"


@dataclass(frozen=True)
class Policy:
    """One parsed Strict-Transport-Security header value."""

    max_age: int | None
    include_subdomains: bool
    preload: bool
    problems: tuple[str, ...] = ()


OWS = r"[ \t]*+"
TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]++"
QUOTED = r'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t !-~\x80-\xff])*+"'
DIRECTIVE = re.compile(rf"{OWS}(?:(?P<name>{TOKEN})(?:{OWS}={OWS}(?P<value>{TOKEN}|{QUOTED}))?)?{OWS}(?:;|\Z)")
"""One directive and its `;` (RFC 6797 §6.1: `directive-name [ "=" directive-value ]`, a value being an RFC 2616
token or quoted-string, with optional whitespace around). Every character class is ASCII on purpose. Every
quantifier is possessive: what follows each one cannot start with a character it takes, so giving some back
never finds a match, and without them a run of spaces the server chose costs quadratic time (two `OWS` side
by side split it every way before failing)."""
MAX_LENGTH = 8192
"""Characters of a header judged: a whole policy (max-age, includeSubDomains, preload) is under 100, so a longer
header is itself wrong, and judging it would let the server choose how much work a pass does."""
DELTA_SECONDS = re.compile(r"[0-9]+")
"""RFC 6797 §6.1.1 `delta-seconds = 1*DIGIT`: ASCII digits only (str.isdigit also accepts '١' or '²')."""
IGNORED = "browsers ignore the whole header (RFC 6797 §6.1)"


def unquoted(value: str) -> str:
    """A quoted-string's content, quoted-pairs undone (RFC 2616 §2.2)."""
    return re.sub(r"\\(.)", r"\1", value[1:-1]) if value.startswith('"') else value


def directives(value: str) -> tuple[dict[str, str | None], list[str]]:
    """The directives by lower-cased name, and the syntax problems found (each one voids the header)."""
    found: dict[str, str | None] = {}
    problems: list[str] = []
    position = 0
    while position < len(value):
        match = DIRECTIVE.match(value, position)
        if match is None or match.end() == position:
            bad = value[position:].split(";")[0].strip()[:40]
            problems.append(f"the directive '{bad}' at character {position + 1} is not name or name=value with a "
                            f"token or a whole quoted-string as value: {IGNORED}")
            break
        name = (match.group("name") or "").lower()
        if name in found:
            problems.append(f"the {name} directive appears twice: each may appear once, and {IGNORED}")
        if name:
            found[name] = unquoted(match.group("value")) if match.group("value") is not None else None
        position = match.end()
    return found, problems


def parse(value: str) -> Policy:
    if len(value) > MAX_LENGTH:
        return Policy(None, False, False, (f"the header is {len(value):,} characters long, where a whole policy "
                                           f"is under 100; launchready judges at most {MAX_LENGTH:,}: send "
                                           "max-age, includeSubDomains and preload only",))
    found, problems = directives(value)
    raw_age = found.get("max-age")
    if raw_age is None or not DELTA_SECONDS.fullmatch(raw_age):
        problems.append("max-age is missing or not a number of seconds in ASCII digits (RFC 6797 §6.1.1 "
                        "requires it)")
    if "includesubdomains" in found and found["includesubdomains"] is not None:
        problems.append(f"includeSubDomains takes no value (RFC 6797 §6.1.2): {IGNORED}")
    max_age = seconds_value(raw_age) if raw_age and DELTA_SECONDS.fullmatch(raw_age) else None
    return Policy(max_age, "includesubdomains" in found, "preload" in found, tuple(problems))


def seconds_value(digits: str) -> int:
    """The max-age, capped at 10**12 s (31,000 years): any longer is the same to a browser, and Python refuses
    to read integers of more than 4300 digits."""
    trimmed = digits.lstrip("0") or "0"
    return int(trimmed) if len(trimmed) <= 12 else 10**12


def flag_problem(name: str, present: bool, declared: bool) -> str | None:
    if present == declared:
        return None
    return f"{name} is {'present' if present else 'missing'} but the stack declares it {'on' if declared else 'off'}"


def sent(hop: Hop) -> str | None:
    """The header a browser reads: the first one (RFC 6797 §8.1)."""
    return hop.hsts[0] if hop.hsts else None


def response_problem(hop: Hop, setting: HstsSetting) -> str | None:
    """What is wrong with one HTTPS response's header (MISSING when it sends none), or None."""
    value = sent(hop)
    if value is None:
        return MISSING
    policy = parse(value)
    if policy.problems:
        return policy.problems[0]
    if policy.max_age is not None and policy.max_age < setting.max_age:
        return f"max-age={policy.max_age} is below the declared {setting.max_age}"
    return (flag_problem("includeSubDomains", policy.include_subdomains, setting.include_subdomains)
            or flag_problem("preload", policy.preload, setting.preload))


def unique(hops: list[Hop]) -> list[Hop]:
    return list({hop.url: hop for hop in reversed(hops)}.values())[::-1]


def named(hops: list[Hop]) -> str:
    """'https://a/ (301), https://a/x (200) and https://a/y (308)': each URL with the status it answered."""
    urls = [f"{hop.url} ({hop.status})" for hop in hops]
    return urls[0] if len(urls) == 1 else f"{', '.join(urls[:-1])} and {urls[-1]}"


@dataclass(frozen=True)
class Complaint:
    """One thing wrong with a host's header, said once for every URL it applies to."""

    text: str
    subject: Subject


def verdict(host: str, complaints: list[Complaint], *, warning: bool) -> list[Finding]:
    """One finding for all complaints of one severity; its url, expected and observed are the first one's."""
    if not complaints:
        return []
    return [failed("http.hsts", host, "; ".join(c.text for c in complaints), complaints[0].subject, warning=warning)]


def over_plain_http(plain: list[Hop]) -> list[Complaint]:
    if not plain:
        return []
    return [Complaint(f"{HEADER} over plain HTTP on {named(plain)}, where browsers ignore it (RFC 6797 §7.2); "
                      "send it on HTTPS only", Subject(url=plain[0].url, observed=sent(plain[0])))]


def wrong_headers(secure: list[Hop], setting: HstsSetting, expected: str) -> list[Complaint]:
    """Every HTTPS response whose header is missing or differs from the stack, grouped by what is wrong."""
    groups: dict[tuple[str | None, str], list[Hop]] = {}
    for hop in secure:
        problem = response_problem(hop, setting)
        if problem:
            groups.setdefault((sent(hop), problem), []).append(hop)
    if not groups:
        return []
    said = [f"{problem} on {named(hops)}" if value is None else f"{HEADER} '{shown(value)}' on {named(hops)}: {problem}"
            for (value, problem), hops in groups.items()]
    first = next(iter(groups.values()))[0]
    return [Complaint(f"{'; '.join(said)}; Cloudflare's HSTS setting sends '{expected}' on every HTTPS response",
                      Subject(url=first.url, expected=expected, observed=sent(first)))]


def judge(host: str, proxied: bool, hops: list[Hop], setting: HstsSetting) -> list[Finding]:
    """One http.hsts finding per severity for one host: an error naming every HTTPS response whose header is
    missing or wrong; a warning for the header over plain HTTP or a max-age under a year; else one pass."""
    secure = unique([hop for hop in hops if hop.secure and hop.status is not None and hop.error is None])
    warnings = over_plain_http(unique([hop for hop in hops if not hop.secure and hop.hsts]))
    expected = setting.header()
    if not secure:  # no HTTPS response to judge is no pass: http.status reports the probes that got no answer
        return verdict(host, warnings, warning=True)
    if not proxied or expected is None:
        return verdict(host, warnings, warning=True) + [not_required(host, proxied, secure)]
    errors = wrong_headers(secure, setting, expected)
    if errors:
        return verdict(host, errors, warning=False) + verdict(host, warnings, warning=True)
    return [as_declared(host, secure, expected)] + verdict(host, warnings + short_max_age(secure, expected),
                                                           warning=True)


def not_required(host: str, proxied: bool, secure: list[Hop]) -> Finding:
    why = "it is DNS-only (Cloudflare adds the header to proxied hosts only)" if not proxied else (
        "HSTS is off in the stack (tls.hsts.enabled: false)")
    observed = sorted({value for hop in secure if (value := sent(hop))}) or ["no header"]
    return passed("http.hsts", host, f"not required: {why}; observed {', '.join(observed)}")


def as_declared(host: str, secure: list[Hop], expected: str) -> Finding:
    redirects = sum(hop.redirects for hop in secure)
    return passed("http.hsts", host, f"{len(secure)} HTTPS responses ({redirects} of them redirects) send "
                  f"{HEADER} as declared ('{expected}')", expected=expected, observed=sent(secure[0]))


def short_max_age(secure: list[Hop], expected: str) -> list[Complaint]:
    ages = [age for hop in secure if (value := sent(hop)) and (age := parse(value).max_age) is not None]
    if min(ages) >= ONE_YEAR:
        return []
    return [Complaint(f"max-age={min(ages)} is below one year ({ONE_YEAR}): fine while a launch settles, but "
                      "hstspreload.org and internet.nl require a year; raise tls.hsts.max_age",
                      Subject(expected=expected, observed=sent(secure[0])))]
