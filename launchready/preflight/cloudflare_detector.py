"""A detect-secrets plugin for Cloudflare API credentials (detect-secrets 1.5 ships none).

Loaded by file path (detect-secrets' custom-plugin mechanism), so it imports nothing from
launchready. Two forms (Cloudflare, "API token formats", read 2026-11):
- since 2026-04 every new token is prefixed and checksummed: cfk_ (global key), cfut_ (user
  token), cfat_ (account token), then 40 characters and a checksum;
- older tokens are 40 characters of [A-Za-z0-9_-] with no prefix, so they are matched only where
  a Cloudflare-ish name is assigned to them on the same line (CLOUDFLARE_API_TOKEN=…, apiToken: …),
  which keeps hashes and ids elsewhere from matching.
"""

from __future__ import annotations

import re

from detect_secrets.plugins.base import RegexBasedDetector


class CloudflareTokenDetector(RegexBasedDetector):
    """Scans for Cloudflare API tokens and keys."""

    secret_type = "Cloudflare API Token"

    denylist = (
        re.compile(r"\b(cf(?:k|ut|at)_[A-Za-z0-9]{40,60})\b"),
        re.compile(r"(?i)(?:cloudflare|\bcf)[\w.:-]{0,24}(?:token|key)\w*[\"']?\s*(?::|=|:=)\s*[\"']?"
                   r"([A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])"),
        re.compile(r"(?i)\bapi_?token[\"']?\s*(?::|=|:=)\s*[\"']?([A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])"),
    )
