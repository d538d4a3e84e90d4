"""Verdicts on one host's handshakes: tls.chain, tls.hostname, tls.expiry, tls.protocol, tls.issuer.

Thresholds: an expired or not-yet-valid certificate, or one with 7 days or less left, is an error;
21 days or less a warning (Let's Encrypt, which Universal SSL uses, renews 30 days before expiry,
so a certificate this close to its end means renewal is failing). TLS 1.2 or 1.3 must be
negotiated and TLS 1.0/1.1 refused (RFC 8996 deprecates TLS 1.0 and 1.1;
internet.nl "TLS version", read 2026-11).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from launchready.core.dnsname import MAX_NAME_LENGTH
from launchready.core.findings import Finding, Subject, failed, first_few, passed
from validators.tls.certificate import Leaf, covers, matches
from validators.tls.handshake import Handshake
from validators.tls.probe import HostTls

EXPIRY_ERROR_DAYS = 7
EXPIRY_WARNING_DAYS = 21
MODERN = ("TLSv1.2", "TLSv1.3")
NAMES_SHOWN = 5
"""Certificate names a tls.hostname message lists before it says how many more there are."""
OBSERVED_NAMES = 20
"""Certificate names a tls.hostname finding carries in `observed` (JSON, SARIF) before the count of the rest."""

EXPIRED, NOT_YET_VALID, ISSUER_UNKNOWN, LEAF_UNVERIFIABLE = 10, 9, 20, 21
SELF_SIGNED, SELF_SIGNED_IN_CHAIN = 18, 19
"""OpenSSL X509_V_ERR_* codes (x509_vfy.h) that get their own explanation."""


def subject(probe: HostTls) -> Subject:
    return Subject(url=f"https://{probe.host.fqdn}/")


def via(probe: HostTls) -> str:
    return f" (via {probe.via})" if probe.via else ""


def store_name(ca_bundle: Path | None) -> str:
    return f"--ca-bundle {ca_bundle}" if ca_bundle else "the system trust store"


def chain(probe: HostTls, leaf: Leaf | None, ca_bundle: Path | None, now: dt.datetime) -> list[Finding]:
    host, verified, store = probe.host.fqdn, probe.verified, store_name(ca_bundle)
    if verified.ok:
        return [passed("tls.chain", host, f"the certificate chain of {host} verifies against {store}", subject(probe))]
    if leaf is not None and only_the_leaf_period_fails(verified, leaf, now):
        return [passed("tls.chain", host, f"the certificate chain of {host} leads to a CA {store} trusts; only "
                       "the certificate's validity period fails verification (tls.expiry reports it)", subject(probe),
                       observed=verified.detail)]
    return [failed("tls.chain", host, f"{host}{via(probe)}: {why_unverified(verified, leaf, store)}", subject(probe),
                   observed=verified.detail)]


def only_the_leaf_period_fails(verified: Handshake, leaf: Leaf, now: dt.datetime) -> bool:
    """OpenSSL checks validity periods last, after it built the chain to a trusted root and checked the
    signatures, and reports the first error (x509_vfy.c, internal_verify): an expired or not-yet-valid
    leaf is then the one problem, and tls.expiry reports it, so tls.chain does not report it twice."""
    if verified.verify_code == EXPIRED:
        return leaf.days_left(now) <= 0
    return verified.verify_code == NOT_YET_VALID and leaf.not_before > now


def why_unverified(verified: Handshake, leaf: Leaf | None, store: str) -> str:
    """Say why in words a founder can act on, from OpenSSL's verify code and the certificate itself."""
    if verified.outcome in ("timeout", "connect"):
        return f"no TLS connection on port 443: {verified.detail}"
    if verified.outcome == "tls":
        return f"the TLS handshake failed ({verified.detail}); see tls.protocol"
    code, issuer = verified.verify_code, leaf.issuer if leaf else "an unknown issuer"
    if code in (EXPIRED, NOT_YET_VALID):  # the leaf's own period is tls.expiry's: this is a CA certificate's
        return (f"a CA certificate in the chain {'has expired' if code == EXPIRED else 'is not valid yet'} "
                f"({verified.detail}); serve the current intermediate certificates")
    if code == SELF_SIGNED or (leaf and leaf.self_signed):
        return (f"the certificate is self-signed ({leaf.subject if leaf else 'no issuer'}), so no browser "
                "trusts it; serve one from a public CA (proxied hosts get Cloudflare's Universal SSL)")
    if code in (ISSUER_UNKNOWN, LEAF_UNVERIFIABLE, SELF_SIGNED_IN_CHAIN):
        return (f"the certificate is issued by {issuer}, which {store} does not trust, or the server omits "
                "the intermediate certificate; serve the full chain")
    return f"the certificate chain does not verify against {store}: {verified.detail}"


def hostname(probe: HostTls, leaf: Leaf) -> list[Finding]:
    """A message names the first few of the certificate's names and says how many more there are: a
    certificate may carry a thousand names."""
    host = probe.host.fqdn
    ordered = names_for(leaf, host)
    names = first_few(ordered, NAMES_SHOWN) or "no DNS names"
    observed = ordered[:OBSERVED_NAMES] + ([f"(and {len(ordered) - OBSERVED_NAMES} more)"]
                                           if len(ordered) > OBSERVED_NAMES else [])
    detail = subject(probe).but(expected=host, observed=observed)
    if covers(leaf, host):
        return [passed("tls.hostname", host, f"the certificate covers {host} (subjectAltName: {names})", detail)]
    return [failed("tls.hostname", host, f"the certificate of {host}{via(probe)} is for {names}, not {host}: "
                   "browsers refuse it (NET::ERR_CERT_COMMON_NAME_INVALID); issue one that names the host", detail)]


def names_for(leaf: Leaf, host: str) -> list[str]:
    """The certificate's DNS names to show, those that cover `host` first, each cut to a DNS name's
    longest (RFC 1035 §2.3.4, as launchready.core.dnsname): the server chose them."""
    ordered = sorted(leaf.dns_names, key=lambda name: not matches(name, host))
    return [name if len(name) <= MAX_NAME_LENGTH else name[:MAX_NAME_LENGTH] + "…" for name in ordered]


def days_text(days: float) -> str:
    whole = max(1, round(days))
    return f"{whole} day" if whole == 1 else f"{whole} days"


def expiry(probe: HostTls, leaf: Leaf, now: dt.datetime) -> list[Finding]:
    host, days = probe.host.fqdn, leaf.days_left(now)
    detail = subject(probe).but(observed=f"{leaf.not_after:%Y-%m-%d %H:%M} UTC")
    if leaf.not_before > now:
        return [failed("tls.expiry", host, f"the certificate of {host} is not valid before "
                       f"{leaf.not_before:%Y-%m-%d %H:%M} UTC", detail)]
    if days <= 0:
        return [failed("tls.expiry", host, f"the certificate of {host} expired {days_text(-days)} ago "
                       f"({leaf.not_after:%Y-%m-%d}); renew it", detail)]
    if days <= EXPIRY_WARNING_DAYS:
        return [failed("tls.expiry", host, f"the certificate of {host} expires in {days_text(days)} "
                       f"({leaf.not_after:%Y-%m-%d}); renewal normally happens 30 days ahead, so check it", detail,
                       warning=days > EXPIRY_ERROR_DAYS, expected=f"> {EXPIRY_WARNING_DAYS} days")]
    return [passed("tls.expiry", host, f"the certificate of {host} is valid for {days_text(days)} more "
                   f"(until {leaf.not_after:%Y-%m-%d})", detail)]


def protocol(probe: HostTls, allowed: tuple[str, ...]) -> list[Finding]:
    """`allowed`: old versions the stack itself permits (min_tls_version below 1.2): a warning only."""
    host = probe.host.fqdn
    findings = negotiated(probe)
    findings += [f for version, result in probe.old.items() if (f := old_version(probe, version, result, allowed))]
    if not any(f.severity.value != "info" for f in findings):
        refused = " and ".join(probe.old) or "nothing older"
        findings = [passed("tls.protocol", host, f"{host} negotiates {probe.verified.version or probe.peer.version}"
                           f"; {refused} refused", subject(probe),
                           observed=probe.peer.version or probe.verified.version)]
    return findings


def old_version(probe: HostTls, version: str, result: Handshake, allowed: tuple[str, ...]) -> Finding | None:
    """What one handshake offering only an old version shows: refused (None), accepted, not tested here, or
    not answered (which proves no refusal)."""
    host = probe.host.fqdn
    if result.untested:
        return failed("tls.protocol", host, f"{version} not tested: this machine's OpenSSL will not offer it "
                      f"({result.detail})", subject(probe), warning=True)
    if result.outcome in ("timeout", "connect"):
        return failed("tls.protocol", host, f"{host}{via(probe)} did not answer a {version} handshake "
                      f"({result.detail}): no answer is not a refusal, so whether it accepts {version} is unknown; "
                      "check what drops the connection, then validate again", subject(probe),
                      observed=result.detail, expected="refused")
    if result.ok:
        lenient = version in allowed or not probe.host.proxied
        return failed("tls.protocol", host, f"{host}{via(probe)} accepts {version}; refuse it (min_tls_version 1.2 "
                      "at Cloudflare, or the origin's TLS settings)", subject(probe), warning=lenient,
                      observed=result.version, expected="refused")
    return None


def negotiated(probe: HostTls) -> list[Finding]:
    version = probe.verified.version or probe.peer.version
    if version in MODERN:
        return []
    accepted = [v for v, result in probe.old.items() if result.ok]
    offered = f"it only completes {', '.join(accepted)}" if accepted else f"({probe.peer.detail})"
    return [failed("tls.protocol", probe.host.fqdn, f"{probe.host.fqdn}{via(probe)} negotiates neither TLS 1.2 "
                   f"nor TLS 1.3: {offered}", subject(probe), expected="TLSv1.2 or TLSv1.3", observed=version)]


def issuer(probe: HostTls, leaf: Leaf) -> list[Finding]:
    host, name = probe.host.fqdn, leaf.issuer_organization or leaf.issuer
    detail = subject(probe).but(observed=leaf.issuer)
    if not probe.host.proxied:
        return [passed("tls.issuer", host, f"issued by {name} (DNS-only host: any public CA will do)", detail)]
    if leaf.from_universal_ssl_ca:
        return [passed("tls.issuer", host, f"issued by {name}, one of Universal SSL's CAs", detail)]
    return [failed("tls.issuer", host, f"issued by {name}, not one of the CAs Cloudflare's Universal SSL uses "
                   "(Let's Encrypt, Google Trust Services, SSL.com, Sectigo): is the host really proxied, "
                   "or is this a custom certificate?", detail, warning=True)]


def unreadable(probe: HostTls, error: Exception) -> list[Finding]:
    """A certificate OpenSSL took in a handshake that X.509 parsing refuses: the chain's verdict cannot
    stand, and its names and dates cannot be checked. The parser's text is not quoted (it can hold the
    certificate's own bytes); its kind is."""
    host = probe.host.fqdn
    return [failed("tls.chain", host, f"{host}{via(probe)} sent a certificate that cannot be read as X.509 "
                   f"({type(error).__name__}), so its names and dates were not checked: reissue it (an edge "
                   "certificate from Cloudflare, or one from a public CA)", subject(probe))]
