"""The leaf certificate a server presents, read with cryptography: names, validity, issuer.

Host-name matching follows RFC 6125 §6.4 as browsers apply it (CA/Browser Forum Baseline
Requirements): only DNS names in subjectAltName count, never the subject CN; a wildcard is the
whole left-most label and matches exactly one label.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import NameOID

UNIVERSAL_SSL_ISSUERS = ("let's encrypt", "google trust services", "ssl.com", "ssl corporation", "sectigo")
"""Organisations whose certificates Cloudflare's Universal and backup certificates come from
(Cloudflare "Certificate authorities", read 2026-11; CAA values in launchready.core.spec.models)."""


@dataclass(frozen=True)
class Leaf:
    subject: str
    issuer: str
    issuer_organization: str | None
    dns_names: tuple[str, ...]
    not_before: dt.datetime
    not_after: dt.datetime
    self_signed: bool

    def days_left(self, now: dt.datetime) -> float:
        return (self.not_after - now).total_seconds() / 86400

    @property
    def from_universal_ssl_ca(self) -> bool:
        text = f"{self.issuer_organization or ''} {self.issuer}".lower()
        return any(name in text for name in UNIVERSAL_SSL_ISSUERS)


def signs_itself(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


UNREADABLE = (ValueError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType)
"""What cryptography raises for a certificate OpenSSL let through a handshake but X.509 parsing refuses
(malformed DER, an extension twice, a name type it does not know), now or when a field is first read."""


def read_leaf(der: bytes) -> Leaf:
    """The leaf the server sent. cryptography reads names lazily and warns (UserWarning, printed with its
    source line on stderr) about an attribute longer than X.509's upper bound (RFC 5280 Appendix A,
    ub-common-name 64): the server chose that, and what the user must see is a finding, not a Python
    warning, so warnings are silenced while the certificate is read (the check runs on one thread)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return leaf_of(x509.load_der_x509_certificate(der))


def leaf_of(cert: x509.Certificate) -> Leaf:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = tuple(san.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        names = ()
    organization = cert.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return Leaf(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        issuer_organization=str(organization[0].value) if organization else None,
        dns_names=names,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=signs_itself(cert),
    )


def matches(pattern: str, host: str) -> bool:
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if not pattern.startswith("*."):
        return pattern == host
    first, dot, rest = host.partition(".")
    return bool(first and dot) and rest == pattern[2:]


def covers(leaf: Leaf, host: str) -> bool:
    return any(matches(name, host) for name in leaf.dns_names)
