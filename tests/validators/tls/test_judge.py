"""tls.chain on recorded handshakes: an expired leaf is tls.expiry's finding alone; an expired CA
certificate above a valid leaf stays a tls.chain error that says so."""

from __future__ import annotations

import datetime as dt

from launchready.core.findings import Severity
from launchready.core.plan import DomainPlan
from validators.tls import judge
from validators.tls.certificate import Leaf
from validators.tls.handshake import Handshake
from validators.tls.probe import HostTls

NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
EXPIRED = Handshake("verify", detail="certificate has expired", verify_code=judge.EXPIRED)


def leaf(days_left: float, names: tuple[str, ...] = ("www.example.net",)) -> Leaf:
    return Leaf(subject="CN=www.example.net", issuer="O=Example CA", issuer_organization="Example CA",
                dns_names=names, not_before=NOW - dt.timedelta(days=60),
                not_after=NOW + dt.timedelta(days=days_left), self_signed=False)


MANY = tuple(f"host{i:05d}-{'a' * 40}.example.org" for i in range(1200))
"""A certificate's 1,200 names (what a hosting provider's shared certificate may carry): listed whole, each
host's tls.hostname message was 77 KB, past a GitHub comment's 65,536 characters."""


def probe(plan: DomainPlan) -> HostTls:
    www = next(h for h in plan.web_hosts if h.label == "www")
    return HostTls(www, None, EXPIRED, Handshake("ok", version="TLSv1.3"), {})


def test_an_expired_leaf_is_not_reported_twice(staging_plan: DomainPlan) -> None:
    [finding] = judge.chain(probe(staging_plan), leaf(-1), None, NOW)
    assert finding.severity is Severity.INFO and "tls.expiry reports it" in finding.message
    [expiry] = judge.expiry(probe(staging_plan), leaf(-1), NOW)
    assert expiry.severity is Severity.ERROR


def test_an_expired_intermediate_above_a_valid_leaf_fails_the_chain(staging_plan: DomainPlan) -> None:
    [finding] = judge.chain(probe(staging_plan), leaf(60), None, NOW)
    assert finding.severity is Severity.ERROR
    assert "a CA certificate in the chain has expired" in finding.message


def test_an_old_version_probe_that_got_no_answer_is_not_a_refusal(staging_plan: DomainPlan) -> None:
    www = next(h for h in staging_plan.web_hosts if h.label == "www")
    modern = Handshake("ok", version="TLSv1.3")
    old = {"TLS 1.0": Handshake("timeout", detail="no TLS handshake within 2s"),
           "TLS 1.1": Handshake("tls", detail="TLSV1_ALERT_PROTOCOL_VERSION")}
    [finding] = judge.protocol(HostTls(www, None, modern, modern, old), ())
    assert finding.severity is Severity.ERROR
    assert "did not answer a TLS 1.0 handshake (no TLS handshake within 2s)" in finding.message
    assert "no answer is not a refusal" in finding.message


def test_a_certificate_with_many_names_lists_a_few_and_counts_the_rest(staging_plan: DomainPlan) -> None:
    [finding] = judge.hostname(probe(staging_plan), leaf(60, MANY))
    assert finding.severity is Severity.ERROR
    assert f"is for {', '.join(MANY[:5])} (and 1195 more), not www.example.net" in finding.message
    assert len(finding.message) < 1000
    assert finding.observed == [*MANY[:20], "(and 1180 more)"]


def test_the_name_that_covers_the_host_is_listed_first(staging_plan: DomainPlan) -> None:
    names = (*MANY[:700], "www.example.net", *MANY[700:])
    [finding] = judge.hostname(probe(staging_plan), leaf(60, names))
    assert finding.severity is Severity.INFO
    assert finding.message == (f"the certificate covers www.example.net (subjectAltName: www.example.net, "
                               f"{', '.join(MANY[:4])} (and 1196 more))")
    assert finding.observed is not None and len(finding.observed) == 21


def test_a_few_names_are_listed_whole(staging_plan: DomainPlan) -> None:
    [finding] = judge.hostname(probe(staging_plan), leaf(60, ("example.net", "*.example.net")))
    assert finding.message == "the certificate covers www.example.net (subjectAltName: *.example.net, example.net)"
    assert finding.observed == ["*.example.net", "example.net"]


def test_a_certificate_that_cannot_be_read_is_a_failed_chain_not_a_crash(staging_plan: DomainPlan) -> None:
    """A hostile server's handshake may carry DER that cryptography refuses: before, the tls family raised
    (exit 3, `tls.internal_error`) instead of judging the host."""
    from validators.context import CheckContext
    from validators.tls import judge_host

    www = next(h for h in staging_plan.web_hosts if h.label == "www")
    garbage = Handshake("ok", version="TLSv1.3", der=b"\x30\x03\x02\x01\x00")
    ctx = CheckContext(plan=staging_plan, spec=None)  # type: ignore[arg-type]  # judge_host reads ca_bundle only
    findings = judge_host(ctx, HostTls(www, None, garbage, garbage, {}), NOW, ())
    chain = next(f for f in findings if f.check == "tls.chain")
    assert chain.severity is Severity.ERROR and "cannot be read as X.509 (ValueError)" in chain.message
    assert {f.check for f in findings} == {"tls.chain", "tls.protocol"}
