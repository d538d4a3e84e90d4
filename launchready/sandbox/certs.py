"""A throwaway certificate authority for the loopback edge, and the broken certificates a launch can meet.

Built on trustme (a CA and leaves signed by it, in memory) plus cryptography for the one thing
trustme will not make: a self-signed leaf. Nothing here is trusted by the system; clients trust the
CA only through `--ca-bundle` (the file `SandboxCA.write_bundle` writes).
"""

from __future__ import annotations

import datetime as dt
import os
import ssl
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

OTHER_NAME = "other.example.org"
"""The name a wrong-name certificate is issued for (an IANA example domain, never the stack's zone)."""


class CertVariant(StrEnum):
    """Which certificate the edge presents."""

    GOOD = "good"
    EXPIRED = "expired"
    EXPIRING = "expiring"
    OTHER_NAME = "other-name"
    SELF_SIGNED = "self-signed"


@dataclass(frozen=True)
class ServerCert:
    """A server's certificate chain and private key, PEM encoded."""

    chain_pem: bytes
    key_pem: bytes

    def load_into(self, context: ssl.SSLContext) -> None:
        """`SSLContext.load_cert_chain` only reads files, so the PEM goes through a private temp file."""
        handle, name = tempfile.mkstemp(prefix="launchready-cert-", suffix=".pem")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(self.key_pem + self.chain_pem)
            context.load_cert_chain(name)
        finally:
            os.unlink(name)

    def leaf(self) -> x509.Certificate:
        return x509.load_pem_x509_certificates(self.chain_pem)[0]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SandboxCA:
    """A CA made for one test or demo run; its key never leaves memory."""

    def __init__(self, organization: str = "launchready sandbox CA") -> None:
        self._ca = trustme.CA(organization_name=organization)

    @property
    def cert_pem(self) -> bytes:
        return bytes(self._ca.cert_pem.bytes())

    def write_bundle(self, path: Path) -> Path:
        """The CA certificate as a PEM file, for `launchready validate --ca-bundle`."""
        path.write_bytes(self.cert_pem)
        return path

    def issue(self, hostnames: tuple[str, ...], variant: CertVariant = CertVariant.GOOD,
              days_left: int = 10) -> ServerCert:
        """A certificate for `hostnames`, broken the way `variant` says (`days_left` for EXPIRING)."""
        if variant is CertVariant.SELF_SIGNED:
            return self_signed(hostnames)
        now = utcnow()
        names = (OTHER_NAME,) if variant is CertVariant.OTHER_NAME else hostnames
        not_before, not_after = now - dt.timedelta(days=1), now + dt.timedelta(days=90)
        if variant is CertVariant.EXPIRED:
            not_before, not_after = now - dt.timedelta(days=91), now - dt.timedelta(days=1)
        elif variant is CertVariant.EXPIRING:
            not_after = now + dt.timedelta(days=days_left, hours=1)
        leaf = self._ca.issue_cert(*names, not_before=not_before, not_after=not_after)
        chain = b"".join(blob.bytes() for blob in leaf.cert_chain_pems)
        return ServerCert(chain_pem=chain, key_pem=leaf.private_key_pem.bytes())


def self_signed(hostnames: tuple[str, ...]) -> ServerCert:
    """A leaf that signs itself: what a freshly installed web server or a forgotten test box presents."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostnames[0])])
    now = utcnow()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hostnames]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return ServerCert(chain_pem=cert.public_bytes(serialization.Encoding.PEM), key_pem=key_pem)
