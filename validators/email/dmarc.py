"""DMARC checks (RFC 7489 §6.6.3; RFC 9989): one record at `_dmarc`, valid tags, a policy at least as
strict as planned, no tags RFC 9989 removed, and external report addresses that agreed to receive.

A name without its own record falls back to its organisational domain's (§6.6.3 step 3, §3.2 with the
Public Suffix List), whose `sp=` (else `p=`) applies. A missing or invalid `p=` with a valid `rua` makes
receivers apply `none` (§6.6.3 step 6); without one they apply no DMARC at all. A report URI's ?query may
hold a token, so it is never shown (launchready.core.mailauth.dmarc.shown_uri). In testing mode (t=y, or pct
below 100) receivers apply the next lower policy, so that is the policy judged, and the finding names the tag.
"""

from __future__ import annotations

import asyncio

from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.mailauth import dmarc
from validators.email.expect import MailExpectation
from validators.email.lookup import Lookup, Txt, unanswered


def dmarc_texts(txt: Txt) -> list[str]:
    """TXT records that look like DMARC (a wrong-case version is caught and explained by the parser)."""
    return [text for text in txt.texts if text.lower().replace(" ", "").startswith("v=dmarc1")]


async def check_domain(lookup: Lookup, expected: MailExpectation) -> list[Finding]:
    name = f"_dmarc.{expected.domain}"
    txt = await lookup.txt(name)
    subject = Subject(type="TXT", resolver=str(txt.answer.server))
    records = dmarc_texts(txt)
    problem = unanswered(txt.answer, f"the DMARC record at {name}")
    if problem:
        return [failed("email.dmarc.record", name, problem, subject, observed=txt.answer.status.upper())]
    if not records and expected.dmarc_policy is None:
        inherited = await organizational_fallback(lookup, expected, name)
        if inherited is not None:
            return inherited
    if len(records) != 1:
        return [record_count_finding(name, records, txt.answer.status, expected.dmarc_policy is not None, subject)]
    findings = [passed("email.dmarc.record", name, "one DMARC record (RFC 7489 §6.6.3)", subject,
                       observed=dmarc.redacted(records[0]))]
    return findings + await judge_record(lookup, expected, records[0], name, subject, subdomain=False)


async def judge_record(lookup: Lookup, expected: MailExpectation, text: str, name: str, subject: Subject, *,
                       subdomain: bool) -> list[Finding]:
    try:
        record = dmarc.parse(text)
    except dmarc.DmarcSyntaxError as exc:
        return [failed("email.dmarc.syntax", name, f"receivers discard this record: {exc}", subject,
                       observed=dmarc.redacted(text))]
    findings = syntax_findings(name, record, subject)
    policy = dmarc.effective_policy(record, subdomain=subdomain)
    findings += policy_findings(name, policy, expected, subject, testing_note(record, subdomain=subdomain))
    findings += removed_findings(name, record, subject)
    return findings + await report_findings(lookup, expected, record, name, subject)


async def organizational_fallback(lookup: Lookup, expected: MailExpectation, name: str) -> list[Finding] | None:
    """§6.6.3 step 3: no record at the name itself, so receivers use the organisational domain's, with its
    sp= (or p=). None when the name is its own organisational domain or that has no single record."""
    organization = dmarc.organizational_domain(expected.domain)
    if organization == expected.domain.lower().rstrip("."):
        return None
    org_name = f"_dmarc.{organization}"
    txt = await lookup.txt(org_name)
    records = dmarc_texts(txt)
    if unanswered(txt.answer, org_name) or len(records) != 1:
        return None
    subject = Subject(type="TXT", resolver=str(txt.answer.server))
    note = passed("email.dmarc.record", name, f"no record at {name}, so receivers use the organisational domain's "
                  f"record at {org_name} and its sp= (or p=) policy (RFC 7489 §6.6.3, §3.2)", subject,
                  observed=dmarc.redacted(records[0]))
    return [note, *await judge_record(lookup, expected, records[0], org_name, subject, subdomain=True)]


def record_count_finding(name: str, records: list[str], status: str, planned: bool,
                         subject: Subject) -> Finding:
    if not records:
        why = f"{status.upper()}: no TXT records" if status != "ok" else "no TXT record starts with v=DMARC1"
        fix = ("Publish the planned record" if planned else
               f'Publish one, starting with "v=DMARC1; p=none; rua=mailto:dmarc@{name.removeprefix("_dmarc.")}" '
               "and moving to quarantine, then reject")
        return failed("email.dmarc.record", name, f"no DMARC record at {name} ({why}); receivers apply no policy "
                      f"and Gmail/Yahoo bulk rules fail. {fix}", subject)
    return failed("email.dmarc.record", name, f"{len(records)} DMARC records at {name}; RFC 7489 §6.6.3 then "
                  "applies none of them. Keep one", subject, observed=[dmarc.redacted(r) for r in records])


def syntax_findings(name: str, record: dmarc.DmarcRecord, subject: Subject) -> list[Finding]:
    problems = [p for tag, value in record.tags if tag not in ("p", "sp") and (p := dmarc.value_problem(tag, value))]
    unknown = [tag for tag, _ in record.tags if tag not in dmarc.KNOWN_TAGS]
    findings = [failed("email.dmarc.syntax", name, f"invalid tag value {p} (RFC 7489 §6.3)", subject)
                for p in problems]
    findings += policy_tag_findings(name, record, subject)
    findings += [failed("email.dmarc.syntax", name, f"unknown tag {tag}= is ignored by receivers (RFC 7489 §6.3)",
                        subject, warning=True) for tag in unknown]
    return findings or [passed("email.dmarc.syntax", name, "valid tags (RFC 7489 §6.3, RFC 9989)", subject)]


def policy_tag_findings(name: str, record: dmarc.DmarcRecord, subject: Subject) -> list[Finding]:
    """§6.6.3 step 6: a missing or invalid p= (or an invalid sp=) is p=none when rua holds a valid URI (a
    warning: the record works, not as written), else the record is not applied at all (an error)."""
    wrong = [dmarc.value_problem(tag, value) or "" for tag, value in record.tags
             if tag in ("p", "sp") and dmarc.value_problem(tag, value)]
    if record.policy is None:
        wrong.insert(0, "the record has no p= tag")
    if not wrong:
        return []
    if dmarc.valid_report_uri(record):
        return [failed("email.dmarc.syntax", name, f"{'; '.join(wrong)}: with a valid rua, receivers act as if the "
                       "record said p=none (RFC 7489 §6.6.3); declare p= (and sp=) explicitly", subject,
                       warning=True)]
    return [failed("email.dmarc.syntax", name, f"{'; '.join(wrong)}, and rua has no valid URI: receivers apply no "
                   "DMARC policy at all (RFC 7489 §6.6.3). Add p=none at least", subject)]


def testing_note(record: dmarc.DmarcRecord, *, subdomain: bool) -> str:
    """Why receivers apply less than the published policy, and the fix; "" when they apply it all."""
    tag, written = dmarc.testing_tag(record), dmarc.written_policy(record, subdomain=subdomain)
    if tag is None or written is None or written == "none":
        return ""
    source = ("RFC 9989 (DMARCbis) testing mode" if tag == "t=y" else
              "RFC 7489 §6.6.4: the rest of the failing mail gets the next lower policy")
    fix = "remove t=y (or set t=n)" if tag == "t=y" else "remove pct (or set pct=100)"
    return (f": the record says p={written}, but {tag} asks receivers to apply p={dmarc.lower_policy(written)} "
            f"instead ({source}). To enforce p={written}, {fix} in the _dmarc TXT record")


def policy_findings(name: str, policy: str | None, expected: MailExpectation, subject: Subject,
                    note: str = "") -> list[Finding]:
    """`policy` is what receivers apply (dmarc.effective_policy), compared with the planned p=; `note` says
    which testing tag lowered it (testing_note)."""
    wanted = expected.dmarc_policy
    if policy is None:
        return []  # policy_tag_findings said why no policy applies
    if wanted and dmarc.policy_rank(policy) < dmarc.policy_rank(wanted):
        return [failed("email.dmarc.policy", name, f"receivers apply p={policy}, weaker than the planned "
                       f"p={wanted}{note or '; publish the planned record'}", subject, expected=wanted,
                       observed=policy)]
    if policy == "none" and (expected.prod or wanted is None):
        where = "in prod" if expected.prod else "here"
        return [failed("email.dmarc.policy", name, f"p=none {where} only monitors: spoofed mail is still delivered"
                       f"{note or '. Move to quarantine, then reject, once reports show your senders pass'}", subject,
                       warning=True, observed=policy)]
    if note:
        return [failed("email.dmarc.policy", name, f"receivers apply p={policy} to failing mail{note}", subject,
                       warning=True, expected=wanted, observed=policy)]
    return [passed("email.dmarc.policy", name, f"p={policy}" + (f", at least the planned {wanted}" if wanted else ""),
                   subject, expected=wanted, observed=policy)]


def removed_findings(name: str, record: dmarc.DmarcRecord, subject: Subject) -> list[Finding]:
    removed = [f"{tag}={value}" for tag, value in record.tags if tag in dmarc.REMOVED_TAGS]
    if removed:
        return [failed("email.dmarc.removed", name, f"{', '.join(removed)}: RFC 9989 removed these tags and new "
                       "receivers ignore them; delete them", subject, warning=True, observed=removed)]
    return []


async def report_findings(lookup: Lookup, expected: MailExpectation, record: dmarc.DmarcRecord, name: str,
                          subject: Subject) -> list[Finding]:
    """RFC 7489 §7.1: a report domain outside ours must publish `<domain>._report._dmarc.<host>`."""
    uris = [uri for tag in ("rua", "ruf") for uri in dmarc.report_uris(record.get(tag) or "")]
    hosts = sorted({h for uri in uris if (h := dmarc.uri_host(uri)) and dmarc.is_external(h, expected.domain)})
    results = await asyncio.gather(*(authorization(lookup, expected.domain, host) for host in hosts))
    findings = list(results)
    missing = [uri for uri in expected.dmarc_rua if uri.lower() not in {u.lower() for u in uris}]
    if missing:
        planned = [dmarc.shown_uri(u) for u in expected.dmarc_rua]
        findings.append(failed("email.dmarc.rua", name, f"reports are not sent to "
                               f"{', '.join(dmarc.shown_uri(u) for u in missing)} as planned; publish the planned "
                               "record", subject, warning=True, expected=planned,
                               observed=[dmarc.shown_uri(u) for u in uris]))
    return findings


async def authorization(lookup: Lookup, domain: str, host: str) -> Finding:
    name = dmarc.authorization_name(domain, host)
    txt = await lookup.txt(name)
    subject = Subject(type="TXT", resolver=str(txt.answer.server))
    problem = unanswered(txt.answer, f"whether {host} accepts reports for {domain}")
    if problem:
        return failed("email.dmarc.reports", name, problem, subject)
    if any(dmarc.is_dmarc(text) for text in txt.texts):
        return passed("email.dmarc.reports", name, f"{host} accepts reports for {domain} (RFC 7489 §7.1)", subject)
    return failed("email.dmarc.reports", name, f"{host} has not authorized reports for {domain}: no TXT "
                  f'"v=DMARC1" at {name} ({txt.answer.status}), so receivers drop them (RFC 7489 §7.1). Ask the '
                  "report service to publish it", subject)
