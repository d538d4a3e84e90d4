"""The secrets baseline: reviewed credentials from git history and logs, by salted hash only.

`.launchready-secrets-baseline.json` at the root of the repository, committed. It marks a credential
found in history as handled (rotated and reviewed), so CI stays green without rewriting history. It
holds, per credential, SHA-256(salt ‖ SHA-256(value)) with a random salt of its own, the kind and where
it was first seen (commit, path, line): never a value, and not a bare hash that could be matched
against another repository's. `launchready preflight --update-baseline` writes it (atomically).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.files import write_atomic
from launchready.core.inputs import BASELINE_FILE, read_text
from launchready.core.inputs.jsondoc import load_json

BASELINE_NAME = ".launchready-secrets-baseline.json"
VERSION = 1
ABOUT = ("launchready preflight: credentials found in git history or logs and marked handled (rotated and "
         "reviewed). Salted SHA-256 hashes only, never values. Update with `launchready preflight "
         "--update-baseline`.")


@dataclass(frozen=True)
class Handled:
    hash: str
    kind: str
    first_seen: str
    marked: str


@dataclass(frozen=True)
class Baseline:
    salt: str
    handled: tuple[Handled, ...] = ()

    def key(self, digest: str) -> str:
        return hashlib.sha256(f"{self.salt}:{digest}".encode()).hexdigest()

    def covers(self, digest: str) -> bool:
        return self.key(digest) in {entry.hash for entry in self.handled}


def empty() -> Baseline:
    return Baseline(salt=secrets.token_hex(16))


def entry_of(item: Any, source: str) -> Handled:
    if not isinstance(item, dict) or not isinstance(item.get("hash"), str):
        raise InputError(f"{source}: every entry of `handled` needs a `hash`; rewrite the file with "
                         "`launchready preflight --update-baseline`")
    return Handled(item["hash"], str(item.get("kind", "")), str(item.get("first_seen", "")),
                   str(item.get("marked", "")))


def load_baseline(path: Path) -> Baseline | None:
    """The baseline at `path`, None when there is none; a broken one is bad input (exit 2)."""
    if not path.exists() and not path.is_symlink():
        return None
    return baseline_from_text(read_text(path, BASELINE_FILE), str(path))


def baseline_from_text(text: str, source: str) -> Baseline:
    """A baseline's text (a file, or the file at a git revision) read; a broken one is bad input."""
    document = load_json(text, source, "fix it, or delete it and run `launchready preflight --update-baseline`")
    if not isinstance(document, dict) or document.get("version") != VERSION or not isinstance(
            document.get("salt"), str) or not isinstance(document.get("handled"), list):
        raise InputError(f"{source}: expected {{\"version\": {VERSION}, \"salt\": …, \"handled\": […]}}; rewrite "
                         "it with `launchready preflight --update-baseline`")
    return Baseline(document["salt"], tuple(entry_of(item, source) for item in document["handled"]))


def updated(baseline: Baseline | None, found: Iterable[tuple[str, str, str]], today: date) -> Baseline:
    """`baseline` plus every (digest, kind, first seen) not in it yet; entries already there are kept."""
    base = baseline or empty()
    known = {entry.hash for entry in base.handled}
    added = []
    for digest, kind, where in found:
        key = base.key(digest)
        if key not in known:
            known.add(key)
            added.append(Handled(key, kind, where, today.isoformat()))
    return Baseline(base.salt, base.handled + tuple(added))


def write_baseline(path: Path, baseline: Baseline) -> None:
    document = {"version": VERSION, "about": ABOUT, "salt": baseline.salt,
                "handled": [entry.__dict__ for entry in baseline.handled]}
    try:
        write_atomic(path, (json.dumps(document, indent=2) + "\n").encode())
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
