"""Private keys where only public data belongs: a DKIM record, a stack file, a repository.

A DKIM key record publishes the public half (`p=`, RFC 6376 §3.6.1). Mail providers hand out the pair,
and the private half is base64 DER of the same look (`MIIE…`), so it gets pasted into the TXT value.
Two shapes are recognised, neither of which a public key, a certificate or a CSR can have:

- PEM armour naming a private key (a BEGIN line of PRIVATE KEY, RSA, EC, OPENSSH or ENCRYPTED…);
- base64 DER that `cryptography` reads as a private key (PKCS#8, encrypted PKCS#8, PKCS#1 RSA, SEC1 EC),
  or whose first bytes open one (a key cut short, or split over TXT strings): SEQUENCE, then the version
  INTEGER 0, then an AlgorithmIdentifier (PKCS#8, RFC 5208 §5) or the RSA modulus (PKCS#1, RFC 8017
  §A.1.2). A public key opens with SEQUENCE { SEQUENCE … } (SubjectPublicKeyInfo, RFC 5280 §4.1) or with
  the modulus itself (RSAPublicKey), a certificate or CSR with SEQUENCE { SEQUENCE … }: never with
  a version 0.
"""

from __future__ import annotations

import base64
import binascii
import re

PEM_PRIVATE = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/])M[A-Za-z0-9+/]{39,}={0,2}")
"""At least 40 characters (30 bytes) starting with "M": every DER SEQUENCE (0x30) encodes so."""
PRIVATE_KEY_MESSAGE = ("this is a PRIVATE key: remove it from the stack file and rotate it (a private key must "
                       "never be in DNS or in the repository)")


def is_private_key(text: str) -> bool:
    """Whether `text` holds a private key, armoured or as base64 DER (whitespace inside is ignored)."""
    if PEM_PRIVATE.search(text):
        return True
    return any(is_private_der(der) for der in der_runs("".join(text.split())))


def der_runs(text: str) -> list[bytes]:
    """The bytes of each base64 run in `text` that could be DER (a run cut short decodes up to its cut)."""
    found = []
    for run in BASE64_RUN.findall(text):
        body = run.rstrip("=")
        whole = run if len(run) % 4 == 0 else body[: len(body) - len(body) % 4]
        try:
            found.append(base64.b64decode(whole, validate=True))
        except (binascii.Error, ValueError):
            continue
    return found


def is_private_der(der: bytes) -> bool:
    """DER that `cryptography` reads as a private key, or that opens like one (see the module)."""
    return opens_like_private_key(der) or readable_private_key(der)


def readable_private_key(der: bytes) -> bool:
    from cryptography.exceptions import UnsupportedAlgorithm  # only for a candidate: ~50 ms at start-up
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    try:
        load_der_private_key(der, password=None)
    except TypeError:
        return True  # encrypted PKCS#8: a private key, whatever its password
    except (ValueError, UnsupportedAlgorithm):
        return False
    return True


def opens_like_private_key(der: bytes) -> bool:
    """SEQUENCE { INTEGER 0, SEQUENCE { OID … } (PKCS#8) or INTEGER of ≥128 bytes (PKCS#1 RSA) }."""
    start = content_start(der)
    if start is None or der[start:start + 3] != b"\x02\x01\x00":
        return False
    after = der[start + 3:start + 6]
    pkcs8 = len(after) == 3 and after[0] == 0x30 and after[2] == 0x06
    pkcs1 = len(after) >= 2 and after[0] == 0x02 and after[1] in (0x81, 0x82, 0x83)
    return pkcs8 or pkcs1


def content_start(der: bytes) -> int | None:
    """Where the contents of a leading DER SEQUENCE begin (X.690 §8.1.3 length forms), or None."""
    if len(der) < 2 or der[0] != 0x30:
        return None
    if der[1] < 0x80:
        return 2
    octets = der[1] - 0x80
    return 2 + octets if 1 <= octets <= 3 else None
