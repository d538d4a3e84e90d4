"""One credential detector for every place preflight looks: files, git history, .env files and CI logs.

It is detect-secrets (Yelp), limited to its pattern detectors for real credential formats, plus
launchready's own plugins: Cloudflare API tokens and the Global API Key (cloudflare_detector.py), AWS
secret access keys after the names that hold them (aws_detector.py), and private keys without PEM armour
(key_detector.py). Lines are first matched against the detectors' own regular expressions (a few
microseconds a line), and only the lines that match go through detect-secrets' `scan_line` with its
filters (allowlist pragma, ids, templates...). A hit keeps the kind and the SHA-256 of the value, never
the value: the digest is what baselines, rotation proof and duplicate hits are compared by, and it is
never printed either.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

DETECTORS = ("AWSKeyDetector", "PrivateKeyDetector", "GitHubTokenDetector", "GitLabTokenDetector",
             "SlackDetector", "StripeDetector", "SendGridDetector", "TwilioKeyDetector", "OpenAIDetector",
             "PypiTokenDetector", "NpmDetector", "DiscordBotTokenDetector", "TelegramBotTokenDetector")
DOCUMENTED_EXAMPLES = ("EXAMPLE",)
"""Vendor documentation's own sample keys (AWS's documented access key id ends in EXAMPLE) are not leaks."""
MAX_LINE_CHARS = 4096
"""Longer lines (minified code, base64 blobs) are scanned up to here: credentials are short, and a
regex over a megabyte-long line would stall the scan."""
PRIVATE_KEY = "Private Key"
UNARMOURED = "Private Key (base64 DER)"
"""key_detector.py's kind; the body of an armoured key is the armoured key's hit, not a second one."""
OWN_PLUGINS = {"CloudflareTokenDetector": "cloudflare_detector.py",
               "CloudflareGlobalKeyDetector": "cloudflare_detector.py",
               "AwsSecretKeyDetector": "aws_detector.py",
               "UnarmouredPrivateKeyDetector": "key_detector.py"}
"""Run before detect-secrets' own, so a value two detectors match is reported once, by the more specific kind
(a quoted secret access key is "AWS Secret Access Key", not AWSKeyDetector's "AWS Access Key")."""
ALLOWLIST_PRAGMA = re.compile(r"pragma:\s?allowlist", re.IGNORECASE)
"""detect-secrets' allowlist comment (`# pragma: allowlist secret`): detect-secrets skips a line that has one."""
MAX_KEY_LINES = 200
MASK = "***"
MASKED_WHOLE = "(a name that holds a credential)"


def plugin_settings() -> dict[str, object]:
    here = Path(__file__)
    plugins = [{"name": name, "path": f"file://{here.with_name(file)}"} for name, file in OWN_PLUGINS.items()]
    plugins += [{"name": name} for name in DETECTORS]
    return {"plugins_used": plugins}


def digest_of(value: str) -> str:
    """SHA-256 hex of a secret value: compared, stored salted in the baseline, never shown."""
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()


def key_material(lines: Sequence[str], start: int) -> str:
    """A private key's lines from its BEGIN line to its END line: every PEM header is the same text,
    so the key itself is what tells two keys apart."""
    body = []
    for text in lines[start:start + MAX_KEY_LINES]:
        body.append(text.strip())
        if "-----END" in text:
            break
    return "\n".join(body)


def armoured_body(kind: str, lines: Sequence[str], index: int) -> bool:
    """The first base64 line of a PEM key, already reported (with the whole key) from its BEGIN line."""
    return kind == UNARMOURED and 0 < index <= len(lines) and "-----BEGIN" in lines[index - 1]


@dataclass(frozen=True)
class Detected:
    kind: str
    digest: str


class Detector(AbstractContextManager["Detector"]):
    """`with Detector() as detect: detect.line(text)`; detect-secrets' settings hold while it is open."""

    def __init__(self) -> None:
        from detect_secrets.settings import transient_settings

        self._settings: AbstractContextManager[Any] = transient_settings(plugin_settings())
        self._prefilter: tuple[re.Pattern[str], ...] = ()

    def __enter__(self) -> Detector:
        from detect_secrets.settings import get_plugins

        self._settings.__enter__()
        self._prefilter = tuple(regex for plugin in get_plugins() for regex in getattr(plugin, "denylist", ()))
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._settings.__exit__(kind, error, trace)

    def candidate(self, text: str) -> bool:
        return any(regex.search(text) for regex in self._prefilter)

    def line(self, text: str, lines: Sequence[str] = (), index: int = 0) -> list[Detected]:
        """Credentials on one line; `lines`/`index` give a private key's following lines."""
        text = text[:MAX_LINE_CHARS]
        if not self.candidate(text):
            return []
        from detect_secrets.core.scan import scan_line

        found: dict[str, Detected] = {}
        for secret in scan_line(text):
            value = secret.secret_value or ""
            if any(marker in value for marker in DOCUMENTED_EXAMPLES) or armoured_body(secret.type, lines, index):
                continue
            if secret.type == PRIVATE_KEY and lines:
                value = key_material(lines, index)
            digest = digest_of(value)
            found.setdefault(digest, Detected(secret.type, digest))  # one value is one credential
        return list(found.values())

    def masked(self, text: str) -> str:
        """`text` with every credential on it replaced by MASK, for a name a finding must show (a ref's);
        MASKED_WHOLE if a credential would still show."""
        from detect_secrets.core.scan import scan_line

        shown = text[:MAX_LINE_CHARS]
        for secret in scan_line(shown) if self.candidate(shown) else ():
            shown = shown.replace(secret.secret_value, MASK) if secret.secret_value else shown
        return MASKED_WHOLE if self.line(shown) else shown

    def lines(self, lines: Sequence[str]) -> list[tuple[int, Detected]]:
        """(1-based line number, credential) over a whole text."""
        return [(number, hit) for number, text in enumerate(lines, 1) for hit in self.line(text, lines, number - 1)]

    def silenced(self, lines: Sequence[str]) -> list[tuple[int, Detected]]:
        """(1-based line number, credential) of every line whose allowlist pragma hides a credential: found once
        the pragma is made inert (same length, so a private key's lines stay in place)."""
        return [(number, hit) for number, text in enumerate(lines, 1) if ALLOWLIST_PRAGMA.search(text)
                for hit in self.line(ALLOWLIST_PRAGMA.sub(lambda m: "x" * len(m[0]), text), lines, number - 1)]
