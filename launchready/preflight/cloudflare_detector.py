"""detect-secrets plugins for Cloudflare API credentials (detect-secrets 1.5 ships none).

Loaded by file path (detect-secrets' custom-plugin mechanism); it imports no class from launchready,
which detect-secrets would take for one more plugin.
Cloudflare's pages, all read 2026-11:
- "Token formats" (developers.cloudflare.com/fundamentals/api/get-started/token-formats/): since
  2026-04 every new or rolled credential is prefixed and checksummed, `cfut_` (user API token),
  `cfat_` (account API token) or `cfk_` (Global API Key), then 40 characters and a checksum;
  credentials made before keep working unprefixed.
- "Create API token" and "Troubleshooting" (…/fundamentals/api/troubleshooting/): an unprefixed token
  is 40 characters of [A-Za-z0-9_-], sent as `Authorization: Bearer <token>`, often on its own line
  of a multi-line `curl` (the documented form).
- "Get Global API key (legacy)" (…/fundamentals/api/get-started/keys/): the Global API Key has every
  permission of its user on every account, one per user, sent as `X-Auth-Key` beside `X-Auth-Email`.
  Cloudflare does not state an unprefixed key's length; keys issued before 2026-04 are 37 lowercase
  hex characters (the shape gitleaks' cloudflare-global-api-key rule matches too).
Unprefixed values are matched only where something names them on the same line: a Cloudflare-ish
variable (CLOUDFLARE_API_TOKEN=…, apiToken: …, CF_API_KEY=…, dns_cloudflare_api_key = …), an
`X-Auth-Key` header, or a Bearer header. A 40-character Bearer value counts on a line that names
Cloudflare, or in an `Authorization:` header unless it is all hexadecimal (SHA-1-shaped values, such
as GitHub's classic tokens, are another provider's), which keeps hashes and ids elsewhere from matching;
a placeholder (`xxxx…`, `YOUR_…_HERE`) is no credential (launchready.preflight.placeholders).
"""

from __future__ import annotations

import re

from launchready.preflight.placeholders import PlaceholderFreeDetector

TOKEN = r"([A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])"
ASSIGN = r"[\"']?\s*(?::|=|:=|=>)\s*[\"']?"
BEARER = r"(?i:bearer)\s+"


class CloudflareTokenDetector(PlaceholderFreeDetector):
    """Scans for Cloudflare API tokens (user and account tokens)."""

    secret_type = "Cloudflare API Token"

    denylist = (
        re.compile(r"\b(cf(?:ut|at)_[A-Za-z0-9]{40,60})\b"),
        re.compile(r"(?i:(?:cloudflare|\bcf)[\w.:-]{0,24}(?:token|key)\w*)" + ASSIGN + TOKEN),
        re.compile(r"(?i:\bapi_?token)" + ASSIGN + TOKEN),
        re.compile(r"(?i:cloudflare).*?\b" + BEARER + TOKEN),
        re.compile(r"\b" + BEARER + TOKEN + r".*?(?i:cloudflare)"),
        re.compile(r"(?i:authorization)" + ASSIGN + BEARER + r"(?![0-9a-fA-F]{40}(?![A-Za-z0-9_-]))" + TOKEN),
    )


class CloudflareGlobalKeyDetector(PlaceholderFreeDetector):
    """Scans for Cloudflare Global API Keys: the user's every permission on every account."""

    secret_type = "Cloudflare Global API Key"

    denylist = (
        re.compile(r"\b(cfk_[A-Za-z0-9]{40,60})\b"),
        re.compile(r"(?i:(?:cloudflare|\bcf)[\w.:-]{0,24}key\w*)" + ASSIGN + r"([0-9a-f]{37})(?![A-Za-z0-9_-])"),
        re.compile(r"(?i:\bx-auth-key)" + ASSIGN + r"([0-9a-f]{37})(?![A-Za-z0-9_-])"),
    )
