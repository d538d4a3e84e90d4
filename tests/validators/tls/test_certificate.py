"""Reading the leaf certificate and matching host names (RFC 6125 §6.4.3), on certificates made here."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from launchready.sandbox.certs import CertVariant, SandboxCA
from validators.tls.certificate import Leaf, covers, matches, read_leaf


@pytest.mark.parametrize(("pattern", "host", "expected"), [
    ("example.net", "example.net", True),
    ("Example.NET.", "example.net", True),
    ("*.example.net", "www.example.net", True),
    ("*.example.net", "example.net", False),          # a wildcard never covers the apex
    ("*.example.net", "a.b.example.net", False),      # nor more than one label
    ("*.example.net", "www.example.org", False),
    ("www.example.net", "api.example.net", False),
])
def test_matches(pattern: str, host: str, expected: bool) -> None:
    assert matches(pattern, host) is expected


def leaf_of(variant: CertVariant) -> Leaf:
    cert = SandboxCA("Let's Encrypt lookalike for tests").issue(("example.net", "*.example.net"), variant)
    return read_leaf(cert.leaf().public_bytes(Encoding.DER))


def test_read_leaf_of_a_ca_issued_certificate() -> None:
    leaf = leaf_of(CertVariant.GOOD)
    assert leaf.dns_names == ("example.net", "*.example.net")
    assert covers(leaf, "www.example.net") and covers(leaf, "example.net") and not covers(leaf, "a.b.example.net")
    assert not leaf.self_signed
    assert leaf.issuer_organization == "Let's Encrypt lookalike for tests"
    assert leaf.from_universal_ssl_ca, "issuer organisation names one of Cloudflare's CAs"
    assert 88 < leaf.days_left(dt.datetime.now(dt.UTC)) < 91


def test_read_leaf_of_a_self_signed_certificate() -> None:
    leaf = leaf_of(CertVariant.SELF_SIGNED)
    assert leaf.self_signed and leaf.issuer == leaf.subject
    assert not leaf.from_universal_ssl_ca


def test_expired_leaf_has_negative_days_left() -> None:
    assert leaf_of(CertVariant.EXPIRED).days_left(dt.datetime.now(dt.UTC)) < 0


def hostile_leaf(common_name: str, organization: str, names: list[str]) -> bytes:
    """A self-signed leaf (DER) with what a hostile server may choose: attributes past X.509's upper
    bounds (cryptography builds them only with _validate=False) and any number of names."""
    key = ec.generate_private_key(ec.SECP256R1())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # building such a name warns too
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name, _validate=False),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization, _validate=False)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=5))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(Encoding.DER)


def test_names_longer_than_x509_allows_are_read_without_a_python_warning() -> None:
    """cryptography warns "Attribute's length must be >= 1 and <= 64" (on stderr, with a source line) for
    such names; the user sees findings instead."""
    der = hostile_leaf("www." + "a" * 90 + ".example.net", "Example " + "b" * 90, ["www.example.net"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        leaf = read_leaf(der)
    assert [str(w.message) for w in caught] == []
    assert "CN=www.aaaa" in leaf.subject and leaf.issuer_organization == "Example " + "b" * 90
