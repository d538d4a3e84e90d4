"""DKIM key records (RFC 6376 §3.6.1, §3.6.2.2) and their public keys, read with `cryptography`.

A key record lives at `<selector>._domainkey.<domain>`. Its `p=` is the base64 public key: an RSA
SubjectPublicKeyInfo (some publishers use a bare PKCS#1 RSAPublicKey) or, with k=ed25519, the raw
32-byte key (RFC 8463 §4.2). An empty `p=` means the key was revoked.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from launchready.core.private_keys import is_private_der
from launchready.core.redact import shown

MIN_RSA_BITS = 1024
"""RFC 8301 §3.2: verifiers MUST NOT consider signatures with RSA keys under 1024 bits valid."""
GOOD_RSA_BITS = 2048
"""RFC 8301 §3.2: signers SHOULD use at least 2048 bits."""
_SELECTOR = re.compile(r"^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$", re.IGNORECASE)


_TOKENS = re.compile(r"[A-Za-z0-9*-]{1,20}(:[A-Za-z0-9*-]{1,20}){0,4}")


class DkimKeyError(ValueError):
    """A key record a verifier cannot use."""


class DkimPrivateKeyError(DkimKeyError):
    """A key record whose p= is the private half of the pair: a secret, published for anyone to read."""


@dataclass(frozen=True)
class PublicKey:
    """`testing` is t=y (RFC 6376 §3.6.1): verifiers may treat the mail as unsigned."""

    algorithm: str
    bits: int
    testing: bool = False


def key_name(selector: str, domain: str) -> str:
    """RFC 6376 §3.6.2.1: the owner name of a selector's key record."""
    return f"{selector}._domainkey.{domain}"


def is_selector(text: str) -> bool:
    return bool(_SELECTOR.fullmatch(text))


def parse_tags(text: str) -> dict[str, str]:
    """RFC 6376 §3.2 tag-list; whitespace inside a value (a wrapped `p=`) is dropped."""
    tags: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        name, sep, value = part.partition("=")
        if not part:
            continue
        if not sep or not name.strip():
            raise DkimKeyError(f"{shown(part)} is not a tag=value pair (RFC 6376 §3.2)")
        key = name.strip().lower()
        if key in tags:
            raise DkimKeyError(f"the tag {shown(key)} appears twice (RFC 6376 §3.2)")
        tags[key] = "".join(value.split())
    return tags


def public_key(text: str) -> PublicKey:
    """The key a record publishes; raises DkimKeyError saying why a verifier would reject it."""
    tags = parse_tags(text)
    if "v" in tags and (tags["v"] != "DKIM1" or not text.lstrip().startswith("v")):
        raise DkimKeyError('v= must be "DKIM1" and come first (RFC 6376 §3.6.1)')
    if "p" not in tags:
        raise DkimKeyError("the record has no p= tag (RFC 6376 §3.6.1)")
    if not tags["p"]:
        raise DkimKeyError("p= is empty: the key is revoked (RFC 6376 §3.6.1)")
    try:
        der = base64.b64decode(tags["p"], validate=True)
    except (binascii.Error, ValueError):
        raise DkimKeyError("p= is not valid base64 (RFC 6376 §3.6.1)") from None
    if is_private_der(der):
        raise DkimPrivateKeyError("p= holds a PRIVATE key, not the public one (RFC 6376 §3.6.1)")
    usage_problem(tags)
    algorithm = tags.get("k", "rsa").lower()
    if algorithm == "ed25519":
        key = ed25519_key(der)
    elif algorithm == "rsa":
        key = rsa_key(der)
    else:
        raise DkimKeyError(f"k= {shown(algorithm)} is not a key type verifiers know (rsa, ed25519)")
    return PublicKey(key.algorithm, key.bits, testing="y" in flags(tags.get("t")))


def flags(value: str | None) -> list[str]:
    """A colon-separated tag value (h=, s=, t=; RFC 6376 §3.6.1), lowercased."""
    return [part.strip().lower() for part in (value or "").split(":") if part.strip()]


def listed(value: str) -> str:
    """A short list of tokens (`sha1`, `foo:bar`) as written; anything else is masked like any pasted text."""
    return value if _TOKENS.fullmatch(value) else shown(value)


def usage_problem(tags: dict[str, str]) -> None:
    """Raise when verifiers would not use the key for email signed with rsa-sha256 or ed25519-sha256: h= without
    sha256 (RFC 8301 §3.1: sha1 must not be used, so such a key verifies nothing) or s= without email or *."""
    hashes, services = tags.get("h"), tags.get("s")
    if hashes is not None and "sha256" not in flags(hashes):
        raise DkimKeyError(f"h={listed(hashes)} allows only hashes verifiers refuse (RFC 8301 §3.1 forbids sha1), so "
                           "every sha256 signature fails with this key; remove h= or set h=sha256")
    if services is not None and not {"email", "*"} & set(flags(services)):
        raise DkimKeyError(f"s={listed(services)} says the key is not for email, so verifiers ignore it for mail "
                           "(RFC 6376 §3.6.1); remove s= or set s=email")


def ed25519_key(raw: bytes) -> PublicKey:
    from cryptography.hazmat.primitives.asymmetric import ed25519  # only when a key is read: ~50 ms at start-up

    try:
        ed25519.Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise DkimKeyError("p= is not a 32-byte Ed25519 public key (RFC 8463 §4.2)") from None
    return PublicKey("ed25519", 256)


def rsa_key(der: bytes) -> PublicKey:
    from cryptography.hazmat.primitives.asymmetric import rsa  # only when a key is read: ~50 ms at start-up
    from cryptography.hazmat.primitives.serialization import load_der_public_key, load_pem_public_key

    key = None
    try:
        key = load_der_public_key(der)
    except ValueError:
        pem = b"-----BEGIN RSA PUBLIC KEY-----\n" + base64.encodebytes(der) + b"-----END RSA PUBLIC KEY-----\n"
        try:
            key = load_pem_public_key(pem)
        except ValueError:
            key = None
    if not isinstance(key, rsa.RSAPublicKey):
        raise DkimKeyError("p= does not hold an RSA public key (RFC 6376 §3.6.1)")
    return PublicKey("rsa", key.key_size)
