"""A detect-secrets plugin for private keys without PEM armour: the base64 DER alone (`MIIEvQIBADAN…`).

detect-secrets' PrivateKeyDetector matches the `-----BEGIN … PRIVATE KEY-----` line only, so the body
pasted on its own (a DKIM key pair's private half where `p=` belongs, a key in an environment file) goes
unseen. A base64 run is reported when its bytes are a private key as launchready.core.private_keys
decides it: read by `cryptography` as one, or opening with SEQUENCE { INTEGER 0, … }, which no public
key, certificate or CSR does (so public DKIM keys and certificates in the repository never match).
Loaded by file path, as detect-secrets loads custom plugins.
"""

from __future__ import annotations

from collections.abc import Generator

from detect_secrets.plugins.base import RegexBasedDetector

from launchready.core.private_keys import BASE64_RUN, der_runs, is_private_der

UNARMOURED_KIND = "Private Key (base64 DER)"


class UnarmouredPrivateKeyDetector(RegexBasedDetector):
    """Scans for base64 DER private keys (PKCS#8, PKCS#1 RSA) without their PEM lines."""

    secret_type = UNARMOURED_KIND

    denylist = (BASE64_RUN,)

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        for run in BASE64_RUN.findall(string):
            if any(is_private_der(der) for der in der_runs(run)):
                yield run
