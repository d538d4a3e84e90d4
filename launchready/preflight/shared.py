"""Prod and staging must not share a secret: a staging leak would then open prod.

Values are compared by SHA-256 fingerprint only. With the passphrase at hand both stacks are
decrypted and their plaintexts compared (the same token encrypted under two stacks' salts has
different ciphertexts); otherwise the ciphertexts are compared, which catches a secure block
copied from one file to the other. Neither the values nor the fingerprints are ever printed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.findings import Finding, failed, passed
from launchready.core.paths import LOOP, loops, same_file
from launchready.core.spec.loading import read_yaml
from launchready.preflight.passphrase import stack_decrypter
from launchready.preflight.stackfile import encryption_salt, secure_values


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprints(document: Any, secret: str | None) -> tuple[dict[str, str], bool]:
    """Key path → fingerprint, and whether the fingerprints are of decrypted values."""
    values = secure_values(document)
    salt = encryption_salt(document)
    decrypt = stack_decrypter(salt, secret) if salt and secret is not None else None
    if decrypt is None:
        return {path: fingerprint(value) for path, value in values.items()}, False
    plain = {path: decrypt(value) for path, value in values.items()}
    if any(text is None for text in plain.values()):
        return {path: fingerprint(value) for path, value in values.items()}, False
    return {path: fingerprint(text) for path, text in plain.items() if text}, True


def sibling_stacks(path: Path) -> list[Path]:
    """The other Pulumi.*.yaml beside `path` (Pulumi.*.yml beside a .yml stack file, as a Pulumi.yml project
    names them); a link to `path` is `path`; a link that loops is a sibling, which the caller names and passes
    over."""
    suffix = ".yml" if path.suffix == ".yml" else ".yaml"
    return sorted(p for p in path.parent.glob(f"Pulumi.*{suffix}") if not same_file(p, path))


def compare(source: str, mine: dict[str, str], other_name: str, theirs: dict[str, str],
            decrypted: bool) -> list[Finding]:
    how = "decrypted values" if decrypted else "ciphertexts (set PULUMI_CONFIG_PASSPHRASE to compare values)"
    shared = [(a, b) for a, fa in mine.items() for b, fb in theirs.items() if fa == fb]
    if not mine:
        return [passed("preflight.shared_secret", other_name, f"{source} has no secure values to compare "
                       f"with {other_name}")]
    if not shared:
        return [passed("preflight.shared_secret", other_name, f"no secure value of {source} is also in "
                       f"{other_name} ({len(mine)} compared by SHA-256 of the {how})")]
    return [failed("preflight.shared_secret", a, f"{source}: {a} holds the same secret as {other_name}: {b} "
                   f"(SHA-256 of the {how} match); give each stack its own credential and set it with "
                   f"`pulumi config set --secret` in each") for a, b in shared]


def shared_secret_findings(path: Path, document: Any, secret: str | None) -> list[Finding]:
    mine, decrypted = fingerprints(document, secret)
    findings: list[Finding] = []
    for other in sibling_stacks(path):
        if loops(other):
            findings.append(failed("preflight.shared_secret", other.name, f"{other.name} is {LOOP}, so it was "
                                   "not compared; remove it or point it at a stack file", warning=True))
            continue
        try:
            other_document = read_yaml(other)
        except InputError:  # an unreadable sibling is not this stack's problem; say so and go on
            findings.append(failed("preflight.shared_secret", other.name, f"could not read {other.name} to "
                                   "compare secrets; fix its YAML", warning=True))
            continue
        theirs, other_decrypted = fingerprints(other_document, secret)
        if decrypted and other_decrypted:
            findings += compare(path.name, mine, other.name, theirs, True)
        else:  # compare like with like: ciphertexts on both sides
            findings += compare(path.name, fingerprints(document, None)[0], other.name,
                                fingerprints(other_document, None)[0], False)
    return findings
