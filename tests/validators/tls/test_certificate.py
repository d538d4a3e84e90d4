"""Reading the leaf certificate and matching host names (RFC 6125 §6.4.3), on certificates made here."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

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
