"""Read Pulumi passphrase-encrypted stack values, only to compare them (never to show them).

The format is Pulumi's `symmetricCrypter` (pulumi/pulumi sdk/go/common/resource/config/crypt.go,
read 2026-11): the key is PBKDF2-HMAC-SHA256 of the passphrase over the stack's salt, 1,000,000
rounds, 32 bytes; a value is `v1:<base64 nonce>:<base64 AES-256-GCM ciphertext+tag>`. A stack
file's `encryptionsalt` is `v1:<base64 salt>:<an encrypted "pulumi">`, which proves the passphrase.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

PBKDF2_ROUNDS = 1_000_000
VERIFICATION_TEXT = "pulumi"

Decrypt = Callable[[str], str | None]


@functools.lru_cache(maxsize=8)
def passphrase_key(passphrase: str, salt: bytes) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=PBKDF2_ROUNDS)
    return kdf.derive(passphrase.encode())


def decrypt_value(key: bytes, value: str) -> str | None:
    """The plaintext of one `v1:` value, or None when it is not one or the key does not fit."""
    parts = value.split(":")
    if len(parts) != 3 or parts[0] != "v1":
        return None
    try:
        nonce, sealed = base64.b64decode(parts[1]), base64.b64decode(parts[2])
        return AESGCM(key).decrypt(nonce, sealed, None).decode()
    except (binascii.Error, ValueError, InvalidTag, UnicodeDecodeError):
        return None


def stack_decrypter(encryption_salt: str, passphrase: str) -> Decrypt | None:
    """A decrypt function for one stack, or None if the salt is malformed or the passphrase is wrong."""
    version, _, rest = encryption_salt.partition(":")
    salt_text, _, check = rest.partition(":")
    if version != "v1" or not check:
        return None
    try:
        salt = base64.b64decode(salt_text)
    except (binascii.Error, ValueError):
        return None
    key = passphrase_key(passphrase, salt)
    if decrypt_value(key, check) != VERIFICATION_TEXT:
        return None
    return functools.partial(decrypt_value, key)
