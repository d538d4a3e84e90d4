"""Temporary repositories and stack files for preflight, with canary credentials made at run time
(no credential-shaped literal is committed in this repository), and Pulumi-format encryption
written independently of launchready's decrypter (hashlib PBKDF2 + AES-GCM, per Pulumi's crypt.go)."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import string
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ALPHABET = string.ascii_letters + string.digits
DOMAIN: dict[str, Any] = {
    "zone": "example.com",
    "origin": {"ipv4": ["192.0.2.10"]},
    "hosts": {"apex": {}, "www": {}},
}


def canary_cloudflare_token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(40))


def canary_aws_key_id() -> str:
    return "AKIA" + "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(16))


def canary_global_key() -> str:
    """A Cloudflare Global API Key as issued before 2026-04: 37 lower-case hex characters."""
    return "".join(secrets.choice("0123456789abcdef") for _ in range(37))


def canary_aws_secret() -> str:
    """An AWS secret access key: 40 characters of base64."""
    return "".join(secrets.choice(ALPHABET + "/+") for _ in range(40))


def canary_private_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode()


class PulumiCrypter:
    """Pulumi's passphrase secrets: PBKDF2-SHA256 (1e6 rounds) key, AES-256-GCM values `v1:nonce:ct`."""

    def __init__(self, passphrase: str) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.salt = os.urandom(8)
        self.aead = AESGCM(hashlib.pbkdf2_hmac("sha256", passphrase.encode(), self.salt, 1_000_000, 32))

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        sealed = self.aead.encrypt(nonce, plaintext.encode(), None)
        return f"v1:{base64.b64encode(nonce).decode()}:{base64.b64encode(sealed).decode()}"

    @property
    def encryption_salt(self) -> str:
        return f"v1:{base64.b64encode(self.salt).decode()}:{self.encrypt('pulumi')}"


PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="session")
def crypters() -> tuple[PulumiCrypter, PulumiCrypter]:
    """One per stack, as Pulumi makes them (each stack file has its own salt)."""
    return PulumiCrypter(PASSPHRASE), PulumiCrypter(PASSPHRASE)


def write_stack(path: Path, config: dict[str, Any], encryption_salt: str | None = None,
                domain: dict[str, Any] | None = None) -> Path:
    document: dict[str, Any] = {"config": {"launchready:domain": domain or DOMAIN, **config}}
    if encryption_salt:
        document["encryptionsalt"] = encryption_salt
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def git_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No credentials from the machine running the tests: an empty HOME and no cloud variables."""
    for name in list(os.environ):
        if name.startswith(("CLOUDFLARE_", "PULUMI_", "AWS_")):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return monkeypatch
