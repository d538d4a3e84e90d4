"""A detect-secrets plugin for AWS secret access keys where a name says what they are.

detect-secrets' AWSKeyDetector finds an access key id (AKIA…) anywhere, but a secret access key only
between quotes after "aws…key" (`aws_secret = "…"`). So the shared credentials file's own form,
`aws_secret_access_key = wJalr…` unquoted (AWS CLI User Guide, "Configuration and credential file
settings", read 2026-11), an env file's or a shell's `AWS_SECRET_ACCESS_KEY=…`, and the
`"SecretAccessKey": "…"` that `aws iam create-access-key` prints (IAM API Reference, AccessKey, read
2026-11) went unseen. The value is 40 characters of base64 ([A-Za-z0-9/+]), matched only right after
a name that says it is one: one ending in secret_access_key or aws_secret_key (any case, with `_`, `-` or
nothing between the words: SecretAccessKey) or Pulumi's aws:secretKey, quoted or not. Keyword-anchored, no
entropy guess. AWS's documented sample (…EXAMPLEKEY) is left out by detection.DOCUMENTED_EXAMPLES, and
placeholders (`xxxx…`) by launchready.preflight.placeholders.
Loaded by file path, as detect-secrets loads custom plugins.
"""

from __future__ import annotations

import re

from launchready.preflight.placeholders import PlaceholderFreeDetector

NAME = r"(?i:secret[_-]?access[_-]?key|aws[_-]?secret[_-]?key|\baws:secretKey)"
"""Anywhere in a longer name too: PROD_AWS_SECRET_ACCESS_KEY, sesSecretAccessKey."""


class AwsSecretKeyDetector(PlaceholderFreeDetector):
    """Scans for AWS secret access keys after the names that hold them."""

    secret_type = "AWS Secret Access Key"

    denylist = (
        re.compile(NAME + r"[\"']?\s*(?::|=|:=|=>)\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
    )
