"""Throwaway DKIM keys made at test time (never stored): the TXT value a provider would show."""

from __future__ import annotations

import base64
import functools

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa


@functools.cache
def rsa_p(bits: int = 2048) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key()
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def rsa_record(bits: int = 2048) -> str:
    return f"v=DKIM1; k=rsa; p={rsa_p(bits)}"


def ed25519_record() -> str:
    raw = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return f"v=DKIM1; k=ed25519; p={base64.b64encode(raw).decode()}"


@functools.cache
def private_rsa(bits: int = 1024) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def private_p(form: str = "pkcs8") -> str:
    """A private key as base64 DER (what gets pasted where p= belongs): "pkcs8", "pkcs1" or "ec"."""
    from cryptography.hazmat.primitives.asymmetric import ec

    formats = {"pkcs8": serialization.PrivateFormat.PKCS8, "pkcs1": serialization.PrivateFormat.TraditionalOpenSSL}
    key = ec.generate_private_key(ec.SECP256R1()) if form == "ec" else private_rsa()
    der = key.private_bytes(serialization.Encoding.DER, formats.get(form, serialization.PrivateFormat.PKCS8),
                            serialization.NoEncryption())
    return base64.b64encode(der).decode()


def private_pem() -> str:
    return private_rsa().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()).decode()
