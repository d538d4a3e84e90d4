"""HSTS: the Strict-Transport-Security header on every HTTPS response, redirects included.

RFC 6797 §6.1: directives are `;`-separated, names case-insensitive, each at most once, max-age
required (its value may be quoted). §8.1: a browser reads only the first header. §7.2: a header over
plain HTTP is ignored. hstspreload.org: "If you are serving an additional redirect from your HTTPS
site, that redirect must still have the HSTS header"; a year (31536000 s) is the minimum for preload
lists and internet.nl (validator_anchors §2.2, §7). Cloudflare sends the header on every HTTPS
response of a proxied host and never on HTTP (Cloudflare HSTS docs, read 2026-11).
"""

from __future__ import annotations

from dataclasses import dataclass

from launchready.plan.model import HstsSetting
from launchready.report import Finding, Subject, failed, passed
from validators.web.fetch import Hop

ONE_YEAR = 31536000
HEADER = "Strict-Transport-Security"


@dataclass(frozen=True)
class Policy:
    """One parsed Strict-Transport-Security header value."""

    max_age: int | None
    include_subdomains: bool
    preload: bool
    problems: tuple[str, ...] = ()


def parse(value: str) -> Policy:
    directives: dict[str, str | None] = {}
    problems = []
    for part in (p.strip() for p in value.split(";")):
        if not part:
            continue
        name, sep, raw = part.partition("=")
        name = name.strip().lower()
        if name in directives:
            problems.append(f"the {name} directive appears twice (RFC 6797 §6.1 allows it once)")
        directives[name] = raw.strip().strip('"') if sep else None
    raw_age = directives.get("max-age")
    if raw_age is None or not raw_age.isdigit():
        problems.append("max-age is missing or not a number (RFC 6797 §6.1.1 requires it)")
    max_age = int(raw_age) if raw_age and raw_age.isdigit() else None
    return Policy(max_age, "includesubdomains" in directives, "preload" in directives, tuple(problems))


def kind(hop: Hop) -> str:
    return f"redirect ({hop.status})" if hop.redirects else f"response ({hop.status})"


def flag_problem(name: str, present: bool, declared: bool) -> str | None:
    if present == declared:
        return None
    return f"{name} is {'present' if present else 'missing'} but the stack declares it {'on' if declared else 'off'}"


def response_problem(hop: Hop, setting: HstsSetting) -> str | None:
    """What is wrong with one HTTPS response's header, or None."""
    if not hop.hsts:
        return f"the {kind(hop)} of {hop.url} has no {HEADER} header"
    policy = parse(hop.hsts[0])
    if policy.problems:
        return f"the {kind(hop)} of {hop.url} sends '{hop.hsts[0]}': {policy.problems[0]}"
    if policy.max_age is not None and policy.max_age < setting.max_age:
        return f"the {kind(hop)} of {hop.url} sends max-age={policy.max_age}, below the declared {setting.max_age}"
    problem = (flag_problem("includeSubDomains", policy.include_subdomains, setting.include_subdomains)
               or flag_problem("preload", policy.preload, setting.preload))
    return f"the {kind(hop)} of {hop.url}: {problem}" if problem else None


def unique(hops: list[Hop]) -> list[Hop]:
    return list({hop.url: hop for hop in reversed(hops)}.values())[::-1]


def judge(host: str, proxied: bool, hops: list[Hop], setting: HstsSetting) -> list[Finding]:
    """Findings for every response of one host: errors per bad HTTPS response, a warning per HTTP
    response that sends the header, a warning when max-age is under a year, else one pass."""
    secure = unique([hop for hop in hops if hop.secure and hop.status is not None])
    findings = [failed("http.hsts", host, f"{hop.url} sends {HEADER} over plain HTTP, where browsers ignore it "
                       "(RFC 6797 §7.2); send it on HTTPS only", warning=True, url=hop.url, observed=hop.hsts[0])
                for hop in unique([h for h in hops if not h.secure and h.hsts])]
    expected = setting.header()
    if not proxied or expected is None:
        why = "it is DNS-only (Cloudflare adds the header to proxied hosts only)" if not proxied else (
            "HSTS is off in the stack (tls.hsts.enabled: false)")
        observed = sorted({hop.hsts[0] for hop in secure if hop.hsts}) or ["no header"]
        return findings + [passed("http.hsts", host, f"not required: {why}; observed {', '.join(observed)}")]
    for hop in secure:
        problem = response_problem(hop, setting)
        if problem:
            findings.append(failed("http.hsts", host, f"{problem}; Cloudflare's HSTS setting sends '{expected}' "
                                   "on every HTTPS response", url=hop.url, expected=expected,
                                   observed=hop.hsts[0] if hop.hsts else None))
    if any(f.severity.value == "error" for f in findings) or not secure:
        return findings
    return findings + summary(host, secure, expected)


def summary(host: str, secure: list[Hop], expected: str) -> list[Finding]:
    redirects = sum(hop.redirects for hop in secure)
    ages = [age for hop in secure if (age := parse(hop.hsts[0]).max_age) is not None]
    subject = Subject(expected=expected, observed=secure[0].hsts[0])
    verdict = passed("http.hsts", host, f"{len(secure)} HTTPS responses ({redirects} of them redirects) send "
                     f"{HEADER} as declared ('{expected}')", subject)
    if min(ages) >= ONE_YEAR:
        return [verdict]
    short = failed("http.hsts", host, f"max-age={min(ages)} is below one year ({ONE_YEAR}): fine while a "
                   "launch settles, but hstspreload.org and internet.nl require a year; raise tls.hsts.max_age",
                   subject, warning=True)
    return [verdict, short]
