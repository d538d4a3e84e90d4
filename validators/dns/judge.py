"""One answer from one server, judged against its expectation: exactly one Finding per observation.

Failure statuses map to their own check ids (dns.timeout, dns.servfail, dns.refused, dns.nxdomain,
dns.nodata, dns.error); data is then compared by the expectation's kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from launchready.core.cloudflare_ips import CloudflareRanges
from launchready.core.findings import Finding, Subject, failed, passed
from validators.dns.expect import Expectation
from validators.dns.rdata import cloudflare_added_caa, observed_values
from validators.dnsquery import FAILURE_HINTS, Answer

Role = Literal["resolver", "authoritative"]


@dataclass(frozen=True)
class Observation:
    """What `answer.server`, asked as a resolver (RD=1) or an authoritative server (RD=0), said."""

    expectation: Expectation
    answer: Answer
    role: Role

    @property
    def where(self) -> str:
        role = "resolver" if self.role == "resolver" else "authoritative server"
        return f"{self.expectation.name} {self.expectation.rdtype} @ {role} {self.answer.server}"

    def subject(self) -> Subject:
        return Subject(type=self.expectation.rdtype, resolver=str(self.answer.server))

    def observed(self) -> list[str]:
        """The answer as listed in findings: CNAMEs followed, then the canonical data."""
        chain = [f"CNAME {target}" for target in self.answer.cnames]
        return chain + list(observed_values(self.expectation.rdtype, self.answer.rdata))


PASS_CHECK = {"exact": "dns.answer", "caa": "dns.answer", "proxied": "dns.proxied",
              "flattened": "dns.apex_cname", "no_cname": "dns.apex_cname", "soa": "dns.soa_serial"}
"""The check id a passing observation reports under: the id it would fail with."""


def ok(obs: Observation, message: str) -> Finding:
    return passed(PASS_CHECK[obs.expectation.kind], obs.expectation.name, f"{obs.where}: {message}", obs.subject(),
                  expected=list(obs.expectation.values) or None, observed=obs.observed())


def bad(obs: Observation, check: str, message: str, *, warning: bool = False, expected: Any = None) -> Finding:
    want = expected if expected is not None else list(obs.expectation.values)
    return failed(check, obs.expectation.name, f"{obs.where}: {message}", obs.subject(), warning=warning,
                  expected=want, observed=obs.observed() or obs.answer.status.upper())


def shown(values: list[str] | tuple[str, ...]) -> str:
    return ", ".join(values) if values else "nothing"


STATUS_HINTS = {**FAILURE_HINTS, "servfail": f"{FAILURE_HINTS['servfail']}; ask the authoritative servers "
                "directly with --authoritative"}


def judge(obs: Observation, ranges: CloudflareRanges) -> Finding:
    status = obs.answer.status
    if status in STATUS_HINTS:
        return status_finding(obs)
    if status == "nxdomain":
        return bad(obs, "dns.nxdomain", f"the name does not exist (NXDOMAIN); the plan declares it "
                   f"({shown(obs.expectation.sources)}). Run `pulumi up`.")
    if status == "nodata":
        return judge_nodata(obs)
    return JUDGES[obs.expectation.kind](obs, ranges)


def status_finding(obs: Observation) -> Finding:
    status = obs.answer.status
    return bad(obs, f"dns.{status}", f"{obs.answer.said()}; {obs.answer.hint(STATUS_HINTS)}")


def judge_nodata(obs: Observation) -> Finding:
    exp = obs.expectation
    if not exp.required:
        return ok(obs, f"no {exp.rdtype} records, as allowed")
    return bad(obs, "dns.nodata", f"the name exists but has no {exp.rdtype} records (NODATA); expected "
               f"{shown(exp.values) if exp.values else 'Cloudflare addresses'}. Run `pulumi up`.")


def judge_exact(obs: Observation, ranges: CloudflareRanges) -> Finding:
    exp, observed = obs.expectation, observed_values(obs.expectation.rdtype, obs.answer.rdata)
    if obs.answer.cnames and exp.rdtype != "CNAME":
        return bad(obs, "dns.answer", f"expected {shown(exp.values)}, got a CNAME to {obs.answer.cnames[0]}")
    if observed == exp.values:
        return ok(obs, f"answers {shown(observed)} as planned")
    if still_proxied(exp, observed, ranges):
        return bad(obs, "dns.answer", f"{proxied_today(exp.values, observed)} (from {shown(exp.sources)})")
    return bad(obs, "dns.answer", f"{difference(exp.values, observed, exp.rdtype)} (from {shown(exp.sources)})")


def still_proxied(exp: Expectation, observed: tuple[str, ...], ranges: CloudflareRanges) -> bool:
    """A name the plan makes DNS-only that answers only Cloudflare's addresses, none of the planned ones: the
    record is proxied today (Cloudflare docs, "Proxy status", read 2026-11: a proxied record answers
    Cloudflare anycast addresses instead of its target)."""
    return (exp.rdtype in ("A", "AAAA") and bool(observed) and all(ranges.contains(v) for v in observed)
            and not set(observed) & set(exp.values))


def proxied_today(planned: tuple[str, ...], observed: tuple[str, ...]) -> str:
    """A DNS-only plan over a proxied record: nothing to delete, the proxy is what answers."""
    return (f"still proxied: answers {shown(observed)}, Cloudflare's proxy addresses (not a record to delete). "
            f"`pulumi up` (the first one, for an adopted zone) turns the proxy off and publishes {shown(planned)} to "
            "everyone: the origin is "
            "then reached directly, around Cloudflare's WAF, cache and DDoS protection, and rules that run only on "
            "proxied traffic (origin, transform, redirect, cache, WAF) stop applying to it. If that is not meant, "
            "make the host proxied in the spec (proxied: true); `launchready adopt` lists it as "
            "proxy.origin-exposed")


MAIL_OR_PROOF = ("MX", "TXT")
"""Types whose unmanaged values carry mail or a service's domain verification: declare before deleting."""


def unmanaged_fix(rdtype: str) -> str:
    """How to deal with a value the stack does not manage; for mail and verification records, declaring
    comes first, deleting only as a deliberate step (nothing that existed is deleted without one)."""
    if rdtype in MAIL_OR_PROOF:
        return ("declare it under records: first (launchready adopt prints a snippet): mail delivery or a "
                "service's proof of the domain may rely on it; delete it in Cloudflare only as a deliberate step, "
                "once you know nothing does")
    return "declare it under records: (launchready adopt prints a snippet) or delete it in Cloudflare"


def difference(planned: tuple[str, ...], observed: tuple[str, ...], rdtype: str = "") -> str:
    """What an answer set lacks and adds, each value quoted (TXT values hold commas and spaces), and the fix:
    `pulumi up` sets what the stack manages, but leaves alone a record it does not manage."""
    missing = ", ".join(f'"{v}"' for v in planned if v not in observed)
    extra = ", ".join(f'"{v}"' for v in observed if v not in planned)
    unmanaged = unmanaged_fix(rdtype)
    if not extra:
        return f"lacks the planned {missing}; apply the plan with `pulumi up`"
    added = f"also answers {extra}, which the plan does not declare"
    if not missing:
        return f"{added}; `pulumi up` leaves records it does not manage: {unmanaged}"
    return (f"lacks the planned {missing} and {added}; apply the plan with `pulumi up` (if the value stays after "
            f"it, it is a record the stack does not manage: {unmanaged})")


def judge_caa(obs: Observation, _ranges: CloudflareRanges) -> Finding:
    """RFC 8659: a CA checks the whole CAA RRset, so every planned record must be there; records
    Cloudflare adds for its own CAs are expected extras, anything else is reported."""
    exp, observed = obs.expectation, observed_values("CAA", obs.answer.rdata)
    missing = [v for v in exp.values if v not in observed]
    unknown = [v for v in observed if v not in exp.values and not cloudflare_added_caa(v)]
    if missing:
        return bad(obs, "dns.answer", f"missing CAA {shown(missing)}; add them to the zone with `pulumi up`")
    if unknown:
        return bad(obs, "dns.answer", f"CAA {shown(unknown)} is neither planned nor one Cloudflare adds; "
                   "remove it or declare it under caa", warning=True)
    extra = len(observed) - len(exp.values)
    return ok(obs, f"all {len(exp.values)} planned CAA records present (+{extra} added by Cloudflare)")


def judge_proxied(obs: Observation, ranges: CloudflareRanges) -> Finding:
    exp, answer = obs.expectation, obs.answer
    addresses = observed_values(exp.rdtype, answer.rdata)
    leaked = [v for v in (*answer.cnames, *addresses) if v in exp.origin]
    if leaked:
        return bad(obs, "dns.origin_leak", f"answers {shown(leaked)}, the origin behind the proxy, where only "
                   "Cloudflare addresses belong: the record is not proxied. Turn the proxy on (proxied: true) "
                   "and consider moving the origin, since its address is now public",
                   expected=f"addresses inside {ranges.describe()}")
    if answer.cnames:
        check = "dns.apex_cname" if exp.apex else "dns.proxied"
        return bad(obs, check, f"answers a CNAME to {answer.cnames[0]}; a proxied name answers Cloudflare "
                   "addresses only. Check that the record is proxied", expected="no CNAME")
    outside = [a for a in addresses if not ranges.contains(a)]
    if outside:
        return bad(obs, "dns.proxied", f"answers {shown(outside)}, outside {ranges.describe()}; the record is "
                   "not proxied, or the ranges are old (try --refresh-cloudflare-ranges)",
                   expected=f"addresses inside {ranges.describe()}")
    return ok(obs, f"{len(addresses)} Cloudflare address(es), no CNAME, no origin")


def judge_flattened(obs: Observation, _ranges: CloudflareRanges) -> Finding:
    if obs.answer.cnames:
        return bad(obs, "dns.apex_cname", f"the apex answers a CNAME to {obs.answer.cnames[0]}; Cloudflare "
                   "must flatten it into addresses", expected="A/AAAA, no CNAME")
    return ok(obs, f"flattened to {shown(observed_values(obs.expectation.rdtype, obs.answer.rdata))}")


def judge_no_cname(obs: Observation, _ranges: CloudflareRanges) -> Finding:
    if obs.answer.rdata or obs.answer.cnames:
        target = (obs.answer.rdata or obs.answer.cnames)[0]
        return bad(obs, "dns.apex_cname", f"the apex answers a CNAME to {target}; a CNAME cannot sit beside "
                   "SOA and NS (RFC 1034 §3.6.2). Use A/AAAA or let Cloudflare flatten it", expected="no CNAME")
    return ok(obs, "no CNAME at the apex")


JUDGES = {"exact": judge_exact, "caa": judge_caa, "proxied": judge_proxied, "flattened": judge_flattened,
          "no_cname": judge_no_cname}
