"""`.env` files in the repository directory: the most common real leak is one committed once.

Git decides what is what (one `git ls-files` call per question, with glob pathspecs): a tracked env
file is an error (its values are in history too); an untracked one that .gitignore does not cover is
a warning (one `git add -A` commits it); an ignored one is fine. Templates meant to be committed
(`.env.example`, `.env.sample`, `.env.template`, `.env.dist`) are left to the credential scan. The
values of the files that are not committed are what "configured now" means for rotation proof.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from launchready.core.findings import Finding, failed, passed
from launchready.preflight.detection import Detector
from launchready.preflight.scanning import MAX_FILE_BYTES
from launchready.render import plural

CHECK = "preflight.env_files"
PATTERNS = (":(glob)**/.env", ":(glob)**/.env.*", ":(glob)**/*.env", ":(glob)**/.envrc", ":(glob)**/.dev.vars",
            ":(glob)**/.dev.vars.*")
"""Dotenv files, direnv's .envrc, and Wrangler's .dev.vars (Cloudflare Workers local secrets)."""
TEMPLATES = (".example", ".sample", ".template", ".dist", ".defaults")


def listed(repo: Path, *flags: str) -> list[str]:
    done = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", *flags, "--", *PATTERNS],
                          capture_output=True, timeout=60, check=False)
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0") if done.returncode == 0 else []
    return sorted(name for name in names if name and not name.endswith(TEMPLATES))


def values_of(repo: Path, name: str, detector: Detector) -> tuple[dict[str, str], Finding | None]:
    """Digests of the credentials in a file that is not committed, or a warning when it is unreadable."""
    path = repo / name
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return {}, None
        lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    except OSError as exc:
        return {}, failed(CHECK, name, f"cannot read {name} ({exc.strerror or type(exc).__name__}), so its "
                          "values were not compared with the exposed ones; make it readable to the user running "
                          "preflight", warning=True)
    return {found.digest: f"{name} (not committed)" for _, found in detector.lines(lines)}, None


def tracked_finding(name: str) -> Finding:
    return failed(CHECK, name, f"{name} is committed: env files hold credentials. Remove it from git "
                  f"(`git rm --cached {name}`), add `.env*` to .gitignore (with `!.env.example` for a "
                  "template), and rotate every credential it held: its values stay in history "
                  "(see preflight.history_scan)")


def untracked_finding(name: str) -> Finding:
    return failed(CHECK, name, f"{name} is not committed but .gitignore does not cover it, so one `git add -A` "
                  "commits it; add `.env*` (or its name) to .gitignore", warning=True)


def env_file_findings(repo: Path, detector: Detector) -> tuple[list[Finding], dict[str, str]]:
    """Findings, and digest → where of every credential in the env files that are not committed."""
    tracked = listed(repo)
    loose = listed(repo, "--others", "--exclude-standard")
    ignored = listed(repo, "--others", "--ignored", "--exclude-standard")
    findings = [tracked_finding(name) for name in tracked] + [untracked_finding(name) for name in loose]
    configured: dict[str, str] = {}
    for name in loose + ignored:
        digests, problem = values_of(repo, name, detector)
        configured.update(digests)
        findings += [problem] if problem else []
    if not tracked and not loose:
        findings.append(passed(CHECK, str(repo), f"no env file is committed or left uncovered by .gitignore "
                               f"({plural(len(ignored), 'ignored env file')})"))
    return findings, configured
