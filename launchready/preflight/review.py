"""What a range of commits (`preflight --since REV`, a pull request) adds that silences preflight itself.

Two things make a credential pass: a `# pragma: allowlist secret` on its line (detect-secrets skips the line)
and an entry in the secrets baseline (a credential found in history or logs is then handled). A pull request
could add either beside its own credential, so neither is honoured silently when it is added in the range:
each is a failed finding a reviewer must look at, named by file and line, never by the line's text or the
credential. Once the change is in the base branch (reviewed and merged), the next range no longer holds it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from launchready.core.errors import InputError
from launchready.core.findings import Finding, failed, passed
from launchready.core.inputs import BASELINE_FILE
from launchready.core.paths import real_path
from launchready.preflight.baseline import Baseline, Handled, baseline_from_text, load_baseline
from launchready.preflight.history import HistoryScan, resolve_since
from launchready.preflight.rotation import rotation_step

REVIEW = "preflight.silencing_review"


def pragma_findings(scan: HistoryScan) -> list[Finding]:
    """One failed finding per credential an allowlist pragma added in the range hides (by place and value)."""
    seen: set[tuple[str, int, str]] = set()
    findings = []
    for hit in reversed(scan.silenced):  # oldest first
        if (hit.path, hit.line, hit.digest) in seen:
            continue
        seen.add((hit.path, hit.line, hit.digest))
        where = f"{hit.path}:{hit.line}"
        findings.append(failed(REVIEW, where, f"{hit.path} line {hit.line} holds a credential-shaped string "
                               f"({hit.kind}) hidden by a `pragma: allowlist secret` added since {scan.since} "
                               f"(commit {hit.commit[:12]}): a change cannot silence its own finding. A reviewer "
                               "confirms it is not a credential (it passes once merged); if it is one, delete it "
                               f"and rotate it: {rotation_step(hit.kind)}", type=hit.kind, location=where))
    return findings


def in_repository(path: Path, top: Path) -> str | None:
    """`path` relative to the work tree's top, or None when it is outside it (links followed)."""
    full, root = real_path(path), real_path(top)
    if full is None or root is None or not full.is_relative_to(root):
        return None
    return full.relative_to(root).as_posix()


def baseline_at(top: Path, since: str, relative: str) -> Baseline | None:
    """The baseline as committed at `since`; None when it is not there, or not readable there (then every
    entry is new)."""
    done = subprocess.run(["git", "-C", str(top), "show", f"{since}:{relative}"], capture_output=True,
                          timeout=30, check=False)
    if done.returncode != 0 or len(done.stdout) > BASELINE_FILE.limit:
        return None
    try:
        return baseline_from_text(done.stdout.decode("utf-8", "replace"), f"{since}:{relative}")
    except InputError:
        return None


def entry_finding(name: str, line: int, entry: Handled, since: str) -> Finding:
    where = f"{name}:{line}"
    return failed(REVIEW, where, f"{name} line {line} marks a credential ({entry.kind or 'of unknown kind'}, first "
                  f"seen {entry.first_seen or 'nowhere said'}) handled, an entry added since {since}: a change cannot "
                  "mark its own credential handled. A reviewer confirms it was rotated (it passes once merged)",
                  location=where)


def baseline_findings(top: Path, since: tuple[str, str], path: Path) -> list[Finding]:
    """One failed finding per entry of the baseline preflight honours that the baseline at `since` (as given,
    and its commit) lacks."""
    now, relative = load_baseline(path), in_repository(path, top)
    if now is None:
        return []
    before = baseline_at(top, since[1], relative) if relative else None
    known = {entry.hash for entry in before.handled} if before else set()
    lines = path.read_text(errors="replace").splitlines()
    name = relative or str(path)
    return [entry_finding(name, next((n for n, text in enumerate(lines, 1) if entry.hash in text), 1), entry, since[0])
            for entry in now.handled if entry.hash not in known]


def review_findings(top: Path, since: str, baseline: Path, scan: HistoryScan | None) -> list[Finding]:
    """Every pragma and baseline entry added since `since` (`top`: the work tree's top), or one passing
    finding saying there is none."""
    commit = resolve_since(top, since)  # bad input when there is no such commit, --no-history too
    findings = (pragma_findings(scan) if scan else []) + baseline_findings(top, (since, commit), baseline)
    return findings or [passed(REVIEW, since, f"no `pragma: allowlist secret` over a credential and no baseline "
                               f"entry added since {since}")]
