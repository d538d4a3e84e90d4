"""Credential-shaped strings in the repository's tracked files and in the stack file.

The scanner is detect-secrets (Yelp), limited to its pattern detectors for real credential formats
(AWS keys, private keys, GitHub/GitLab/Slack/Stripe/… tokens) plus launchready's Cloudflare
detector. Its entropy and keyword detectors are left out: on a config repository they flag every
verification token and hash. A reviewed false positive is silenced the detect-secrets way, with a
`pragma: allowlist secret` comment on its line. Only the file, line and kind are ever reported.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from launchready.core.errors import InputError
from launchready.core.findings import Finding, failed, passed
from launchready.core.paths import LOOP, loops, real_path
from launchready.preflight.detection import Detector
from launchready.preflight.rotation import rotation_step
from launchready.render import plural

MAX_FILE_BYTES = 2_000_000
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Hit:
    path: Path
    line: int
    kind: str
    digest: str


def tracked_files(repo: Path) -> list[Path] | None:
    """The files git tracks under `repo`, or None when it is not a git work tree."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "ls-files", "-z"], capture_output=True, check=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [repo / name for name in out.decode(errors="surrogateescape").split("\0") if name]


def is_tracked(path: Path) -> bool:
    """Whether git tracks the file (it is, or is about to be, in the repository's history)."""
    try:
        done = subprocess.run(["git", "-C", str(path.parent), "ls-files", "--error-unmatch", "--", path.name],
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def read_lines(path: Path) -> list[str] | None:
    """A regular file's lines (None for a symlink, a special file or one over MAX_FILE_BYTES); OSError when
    it cannot be read."""
    if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_FILE_BYTES:
        return None
    return path.read_bytes().decode("utf-8", "replace").splitlines()


def scan(paths: list[Path], detector: Detector) -> tuple[list[Hit], list[tuple[Path, str]]]:
    """Hits, and the files that were not scanned with why: UNREADABLE, or LOOP for a link that loops."""
    hits, skipped = [], []
    for path in paths:
        try:
            lines = read_lines(path) or []
        except OSError:
            skipped.append((path, UNREADABLE))
            continue
        if not lines and path.is_symlink() and loops(path):
            skipped.append((path, LOOP))
        for number, found in detector.lines(lines):
            hits.append(Hit(path, number, found.kind, found.digest))
    return sorted(set(hits), key=lambda h: (str(h.path), h.line, h.kind)), skipped


def shown(path: Path, repo: Path | None) -> str:
    """`path` relative to the repository when it is in it, else as given; a link that loops by its own name."""
    top = real_path(repo) if repo else None
    folder = real_path(path.parent)
    full = real_path(path) or (folder / path.name if folder else None)
    if top is None or full is None or not full.is_relative_to(top):
        return str(path)
    return str(full.relative_to(top))


def skipped_finding(path: Path, why: str, repo: Path) -> Finding:
    where = shown(path, repo)
    if why == LOOP:
        return failed("preflight.credential_scan", where, f"{where} is {LOOP}, so it was not scanned; remove it "
                      "or point it at a file", warning=True)
    return failed("preflight.credential_scan", where, f"cannot read {where}, so it was not scanned; make it "
                  "readable to the user running preflight", warning=True)


def scan_targets(stack_path: Path, files: list[Path] | None) -> list[Path]:
    """The tracked files, and the stack file when it is not one of them (links followed)."""
    tracked = {real_path(p) for p in files or []} - {None}
    return (files or []) + ([] if real_path(stack_path) in tracked else [stack_path])


def credential_findings(stack_path: Path, repo: Path, repo_given: bool,
                        detector: Detector) -> tuple[list[Finding], set[str]]:
    """Findings about the current tree, and the digests of every credential in it."""
    files = tracked_files(repo)
    findings: list[Finding] = []
    if files is None:
        why = "git is not installed" if shutil.which("git") is None else f"{repo} is not a git work tree"
        if repo_given:
            raise InputError(f"--repo {repo}: {why}; give the clone of the repository that holds the stack")
        findings.append(failed("preflight.credential_scan", str(repo), f"{why}, so only the stack file was "
                               "scanned; run preflight in the repository's clone (or pass --repo with it) so its "
                               "tracked files are scanned too", warning=True))
    targets = scan_targets(stack_path, files)
    hits, skipped = scan(targets, detector)
    findings += [skipped_finding(path, why, repo) for path, why in skipped]
    for hit in hits:
        where = shown(hit.path, repo if files is not None else None)
        findings.append(failed("preflight.credential_scan", f"{where}:{hit.line}", f"a credential-shaped string "
                               f"({hit.kind}) is in {where} line {hit.line}; delete it, keep it in a secret store "
                               f"(pulumi config set --secret, CI secrets), and rotate it: {rotation_step(hit.kind)}. "
                               "If it is not a credential, end the line with `# pragma: allowlist secret`",
                               type=hit.kind,
                               location=f"{where}:{hit.line}"))
    if not hits:
        findings.append(passed("preflight.credential_scan", str(repo), f"no credential-shaped string in "
                               f"{plural(len(targets), 'file')} (detect-secrets)"))
    return findings, {hit.digest for hit in hits}
