"""Values that fit a credential's pattern but that no provider issues: the placeholders of docs and templates.

A 40-character token of random letters, digits, `_` and `-` holds about 28 distinct characters, a
37-character hex key about 15, and both hold lower-case letters (a random token has none about once in
a billion; a hex key, once in thirty million). `xxxx…`, `0000…`, `abab…`, `YOUR_CLOUDFLARE_TOKEN_HERE…`
and `replace-with-your-token-…` fail one of these. Used by launchready's own detector plugins, whose
unprefixed shapes are the ones a placeholder takes; a prefixed token (`cfut_…`) is never one.
"""

from __future__ import annotations

from collections.abc import Generator

from detect_secrets.plugins.base import RegexBasedDetector

MIN_DISTINCT = 8
WORDS = ("token", "secret", "example", "replace", "placeholder", "redacted", "changeme")
"""Five letters or more: a random 40-character token holds one about once in a million."""


def is_placeholder(value: str) -> bool:
    lower = value.lower()
    no_lower_case = not any(c.islower() for c in value)
    return len(set(value)) < MIN_DISTINCT or no_lower_case or any(word in lower for word in WORDS)


class PlaceholderFreeDetector(RegexBasedDetector):
    """A RegexBasedDetector whose matches that are placeholders are passed over. It names no secret_type, so
    detect-secrets takes it for the abstract base it is, not for a plugin, where it is imported."""

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        yield from (value for value in super().analyze_string(string) if not is_placeholder(value))
