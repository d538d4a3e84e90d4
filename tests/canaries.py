"""Fake credentials made at run time, unique to each test (no credential-shaped literal is committed), and
the check that one never reached what a user or a CI log sees."""

from __future__ import annotations

import re
import secrets
import string
from pathlib import Path

ALPHABET = string.ascii_letters + string.digits
WORDS = re.compile(r"key|token|secret|pass|auth|cred|sign", re.IGNORECASE)
"""Words that would make a key name read as a secret to preflight's plaintext check: left out, so a canary
tests the path it is planted in and nothing else."""


def token(length: int = 40, alphabet: str = ALPHABET) -> str:
    """A Cloudflare-style token: capitals, small letters and digits, none of WORDS."""
    while True:
        value = "".join(secrets.choice(alphabet) for _ in range(length))
        if all(any(c in group for c in value) for group in (string.ascii_uppercase, string.ascii_lowercase,
                                                             string.digits)) and not WORDS.search(value):
            return value


def prefixed_token() -> str:
    """The format Cloudflare issues since 2026-04: cfut_ and 44 characters."""
    return "cfut_" + token(44)


def leaks(canary: str, *texts: str) -> list[str]:
    """Each text that holds the canary in any case (a DNS name is lowercased before it is shown)."""
    return [text for text in texts if canary.lower() in text.lower()]


def leaking_files(folder: Path, canary: str, planted: set[Path]) -> list[Path]:
    """Files under `folder` (its .git aside) holding the canary, except the ones the test planted it in."""
    return [path for path in sorted(folder.rglob("*")) if path.is_file() and ".git" not in path.parts
            and path not in planted and leaks(canary, path.read_text(errors="replace"))]
