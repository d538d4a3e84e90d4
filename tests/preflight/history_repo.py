"""Temporary repositories with a history: commits made with a fixed identity and date, so tests can
add a canary credential in one commit and delete it in the next."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

IDENTITY = {"GIT_AUTHOR_NAME": "Founder", "GIT_AUTHOR_EMAIL": "founder@example.com",
            "GIT_COMMITTER_NAME": "Founder", "GIT_COMMITTER_EMAIL": "founder@example.com",
            "GIT_AUTHOR_DATE": "2026-10-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-10-01T12:00:00Z"}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **IDENTITY})
    return done.stdout.strip()


def commit(root: Path, message: str, files: dict[str, str | None]) -> str:
    """Write (text) or delete (None) the files, commit them all, return the commit id."""
    if not (root / ".git").exists():
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")
