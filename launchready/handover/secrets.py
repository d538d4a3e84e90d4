"""The handover's secrets inventory: each secret by name, where it lives, who can read it, and when it
was last rotated where the repository knows (names and dates only, never values).

Where they live: the variables a run needs (launchready.preflight.environment), the stack file's
`secure:` values, its plaintext values under secret-named keys (preflight's rule, which fails on them:
launchready.preflight.stackfile), and the `${{ secrets.NAME }}` references of the GitHub Actions
workflows beside the stack files. For a secure value, the last rotation is the date of the commit that introduced its
current ciphertext (`git log -S`, which finds the commits that add or remove a string); a value set
again with `pulumi config set --secret` gets a new ciphertext, so a new date. GitHub Actions secrets
can be replaced but not read back by repository admins (GitHub Docs, "Using secrets in GitHub
Actions", read 2026-11); their update dates and a Cloudflare token's last roll are shown in those
dashboards, not in the repository.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchready.handover.document import Paragraph, Section, table
from launchready.preflight.scanning import is_tracked
from launchready.preflight.stackfile import config_key, plaintext_secret_paths, secure_values

CI_SECRET = re.compile(r"\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
MAX_WORKFLOW_BYTES = 1_000_000
UNKNOWN = "not recorded in the repository"


@dataclass(frozen=True)
class SecretEntry:
    name: str
    lives: str
    readers: str
    rotated: str


def workflow_secrets(folder: Path) -> dict[str, list[str]]:
    """Secret name → the workflow files that use it (GITHUB_TOKEN is GitHub's own, made per run)."""
    found: dict[str, list[str]] = {}
    for path in sorted((folder / ".github" / "workflows").glob("*.y*ml")):
        try:
            text = path.read_text(errors="replace")[:MAX_WORKFLOW_BYTES]
        except OSError:
            continue
        for name in sorted(set(CI_SECRET.findall(text)) - {"GITHUB_TOKEN"}):
            found.setdefault(name, []).append(path.name)
    return found


def set_on(stack_path: Path, ciphertext: str) -> str:
    """The date of the commit that introduced this ciphertext, or why it is not known."""
    git = ["git", "-C", str(stack_path.parent)]
    try:
        if subprocess.run([*git, "rev-parse", "--is-shallow-repository"], capture_output=True, text=True,
                          timeout=30, check=False).stdout.strip() == "true":
            return "not known (shallow clone)"
        done = subprocess.run([*git, "log", f"-S{ciphertext}", "--format=%cs", "--", stack_path.name],
                              capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    dates = done.stdout.split() if done.returncode == 0 else []
    return f"set {dates[0]} (the commit that stored this value)" if dates else "not committed yet"


def pulumi_readers(document: Any) -> tuple[str, str]:
    """(how the stack's secrets are encrypted, who can decrypt them)."""
    provider = document.get("secretsprovider") if isinstance(document, dict) else None
    if isinstance(document, dict) and document.get("encryptionsalt") or provider == "passphrase":
        return "the stack passphrase", "anyone with the stack file and PULUMI_CONFIG_PASSPHRASE, and every pulumi run"
    if isinstance(provider, str) and provider:
        scheme = provider.split("://", 1)[0][:20]
        return f"a {scheme} key", f"identities allowed to decrypt with that {scheme} key"
    return "Pulumi Cloud", "members of the Pulumi Cloud organization with access to the stack"


def variable_entry(name: str, ci: dict[str, list[str]]) -> SecretEntry:
    if name in ci:
        files = ", ".join(ci[name])
        return SecretEntry(name, f"CI secret (GitHub Actions: {files}), passed to jobs as an environment variable",
                           f"the jobs of {files}; repository admins can replace it but not read it",
                           "not in the repository; GitHub shows when it was last updated (Settings › Secrets and "
                           "variables › Actions)")
    return SecretEntry(name, "environment variable where pulumi and launchready run",
                       "whoever runs them on that machine", UNKNOWN)


def plaintext_entry(stack_path: Path, key: str, tracked: bool) -> SecretEntry:
    """A secret-named key holding a plaintext value: named, never shown, with the way out of the file."""
    store = f"`pulumi config set --secret {config_key(key)} <new value>`"
    if tracked:
        return SecretEntry(key, f"plaintext in git ({stack_path.name}): readable by everyone with the repository; "
                           "rotate", "everyone with the repository, any clone of it, and its history",
                           f"rotate it now (git keeps the old value), then store the new one with {store}")
    return SecretEntry(key, f"plaintext in {stack_path.name}, not committed yet", "whoever can read the file",
                       f"store it with {store} before committing; rotate it if it was shared")


def inventory(stack_path: Path, document: Any, variables: Sequence[tuple[str, str]]) -> list[SecretEntry]:
    ci = workflow_secrets(stack_path.parent)
    entries = [variable_entry(name, ci) for name, _ in variables]
    how, readers = pulumi_readers(document)
    for key, ciphertext in secure_values(document).items():
        entries.append(SecretEntry(key, f"Pulumi secret in {stack_path.name} (encrypted with {how})", readers,
                                   set_on(stack_path, ciphertext)))
    plaintext = plaintext_secret_paths(document)
    tracked = bool(plaintext) and is_tracked(stack_path)
    entries += [plaintext_entry(stack_path, key, tracked) for key in plaintext]
    known = {name for name, _ in variables}
    entries += [variable_entry(name, ci) for name in sorted(ci) if name not in known]
    return entries


def secrets_section(stack: str, entries: Sequence[SecretEntry]) -> Section:
    return Section("secrets", "Secrets: where they live and who can read them", (
        Paragraph("Names only. Rotate a secret when someone who could read it leaves, and at once if it was "
                  f"ever committed or printed: `launchready preflight --stack {stack}` scans the git history, "
                  "env files and saved logs, and gives the rotation step for each kind."),
        table(("secret", "where it lives", "who can read it", "last rotated"),
              [(e.name, e.lives, e.readers, e.rotated) for e in entries]),
    ))
