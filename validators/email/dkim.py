"""DKIM checks (RFC 6376 §3.6.2.2): each expected selector resolves, through any CNAME chain into the
provider, to one TXT key record whose `p=` holds a usable public key of a safe size (RFC 8301 §3.2), for email
(`s=`), with sha256 allowed (`h=`, RFC 8301 §3.1), and not in testing mode (`t=y`, a warning in prod)."""

from __future__ import annotations

from launchready.core.findings import Finding, Subject, failed, passed
from launchready.core.mailauth import dkim
from validators.email.expect import DkimExpectation
from validators.email.lookup import Lookup, unanswered


async def check_selector(lookup: Lookup, expected: DkimExpectation, prod: bool = False) -> list[Finding]:
    name = expected.name
    txt = await lookup.txt(name)
    subject = Subject(type="TXT", resolver=str(txt.answer.server))
    problem = unanswered(txt.answer, f"DKIM selector {expected.selector}")
    if problem:
        return [failed("email.dkim.record", name, problem, subject, observed=txt.answer.status.upper())]
    findings = cname_findings(expected, txt.answer.cnames, subject)
    keys = [text for text in txt.texts if "p=" in text or "k=" in text or text.startswith("v=DKIM1")]
    via = f" via {' → '.join(txt.answer.cnames)}" if txt.answer.cnames else ""
    if len(keys) != 1:
        what = f"no DKIM key record ({txt.answer.status.upper()})" if not keys else f"{len(keys)} DKIM key records"
        return [*findings, failed("email.dkim.record", name, f"{name}{via} has {what}; verifiers fail every "
                                  f"signature made with selector {expected.selector} (RFC 6376 §3.6.2.2). Publish "
                                  "the provider's key record", subject, observed=list(txt.texts))]
    findings.append(passed("email.dkim.record", name, f"selector {expected.selector} resolves{via} to one key "
                           "record (RFC 6376 §3.6.2.2)", subject))
    try:
        key = dkim.public_key(keys[0])
    except dkim.DkimKeyError as exc:
        return [*findings, failed("email.dkim.key", name, f"the key of selector {expected.selector} is unusable: "
                                  f"{exc}", subject, observed=keys[0][:80])]
    kind = "RSA" if key.algorithm == "rsa" else "Ed25519"
    findings.append(testing_finding(expected.selector, name, kind, key.testing and prod, subject))
    return [*findings, strength_finding(expected.selector, name, key, subject)]


def cname_findings(expected: DkimExpectation, cnames: tuple[str, ...], subject: Subject) -> list[Finding]:
    if expected.cname is None:
        return []
    observed = cnames[0] if cnames else None
    if observed != expected.cname:
        return [failed("email.dkim.cname", expected.name, f"{expected.name} should be a CNAME to {expected.cname} "
                       "(DNS-only) so the provider can rotate the key", subject, expected=expected.cname,
                       observed=observed)]
    return [passed("email.dkim.cname", expected.name, f"CNAME to {expected.cname}", subject)]


def strength_finding(selector: str, name: str, key: dkim.PublicKey, subject: Subject) -> Finding:
    """RFC 8301 §3.2: under 1024 bits verifiers reject; signers SHOULD use 2048."""
    if key.algorithm == "rsa" and key.bits < dkim.MIN_RSA_BITS:
        return failed("email.dkim.strength", name, f"selector {selector} has a {key.bits}-bit RSA key; verifiers "
                      "reject keys under 1024 bits (RFC 8301 §3.2). Rotate to a 2048-bit key", subject,
                      expected=">= 2048", observed=key.bits)
    if key.algorithm == "rsa" and key.bits < dkim.GOOD_RSA_BITS:
        return failed("email.dkim.strength", name, f"selector {selector} has a {key.bits}-bit RSA key; RFC 8301 "
                      "§3.2 asks for 2048. Rotate it at the provider", subject, warning=True, expected=">= 2048",
                      observed=key.bits)
    return passed("email.dkim.strength", name, f"{key.algorithm} key of {key.bits} bits (RFC 8301 §3.2)", subject,
                  observed=key.bits)


def testing_finding(selector: str, name: str, kind: str, testing: bool, subject: Subject) -> Finding:
    """RFC 6376 §3.6.1: t=y means the domain is testing DKIM, and verifiers may treat its mail as unsigned."""
    if testing:
        return failed("email.dkim.key", name, f"selector {selector}'s key record has t=y (testing), so verifiers "
                      "may treat mail signed with it as unsigned (RFC 6376 §3.6.1). Remove t=y from the TXT record "
                      f"at {name}", subject, warning=True)
    return passed("email.dkim.key", name, f"p= holds an {kind} public key (RFC 6376 §3.6.1)", subject)
