"""The findings renderer's registry of check families: the id every finding's check starts with, and
what the family proves, for help texts and reports. A new family is added here, in validators/runner.py
(FAMILIES: id -> module) and in the docs; tests/render/test_families.py keeps the two lists equal."""

from __future__ import annotations

FAMILIES: dict[str, str] = {
    "dns": "every planned record on every resolver and nameserver",
    "http": "redirects, HTTPS upgrade and HSTS on every web host",
    "tls": "certificates and protocol versions on every web host",
    "email": "SPF, DKIM, DMARC and MX as receivers see them",
    "dnssec": "the chain of trust from the parent's DS down, and the delegation",
    "mobile": "app links, sign-in callbacks, mixed content and compression",
}


def family_list() -> str:
    """The family ids as --only accepts them: dns,http,tls,email."""
    return ",".join(FAMILIES)
