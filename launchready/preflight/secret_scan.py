"""Where credentials were exposed, and whether each is handled: the current tree, the .env files,
the git history, saved logs, and the baseline of reviewed findings (one detector for all of them)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.findings import Finding
from launchready.preflight.baseline import BASELINE_NAME, load_baseline, updated, write_baseline
from launchready.preflight.detection import Detector, digest_of
from launchready.preflight.envfiles import env_file_findings
from launchready.preflight.environment import Environment
from launchready.preflight.exposure import Judge, LogHit, history_findings, log_findings
from launchready.preflight.history import HistoryScan, scan_history
from launchready.preflight.logs import scan_logs
from launchready.preflight.review import review_findings
from launchready.preflight.scanning import credential_findings
from launchready.preflight.shared import fingerprints
from launchready.preflight.stackfile import config_of, leaves
from launchready.render import plural

MIN_VALUE_CHARS = 16
"""Shorter configured values (regions, flags, names) cannot be one of the detected credentials."""


@dataclass(frozen=True)
class SecretsInput:
    stack_path: Path
    repo: Path
    repo_given: bool
    since: str | None = None
    history: bool = True
    logs: Path | None = None
    baseline: Path | None = None
    update_baseline: bool = False


def configured_values(env: Environment, document: Any, passphrase: str | None, source: str) -> dict[str, str]:
    """SHA-256 of every value configured now → where (a name, never the value)."""
    found = {digest_of(value.strip()): f"the environment variable {name}" for name, value in env.variables.items()
             if len(value.strip()) >= MIN_VALUE_CHARS}
    for path, value in leaves(config_of(document), ""):
        if isinstance(value, str) and len(value.strip()) >= MIN_VALUE_CHARS:
            found[digest_of(value.strip())] = f"{source}: {path}"
    decrypted, ok = fingerprints(document, passphrase)
    if ok:
        found.update({digest: f"{source}: {path} (secure value)" for path, digest in decrypted.items()})
    return found


def work_tree(repo: Path) -> Path | None:
    """The top of the git work tree holding `repo`, or None when it is not in one."""
    try:
        done = subprocess.run(["git", "-C", str(repo), "rev-parse", "--show-toplevel"], capture_output=True,
                              text=True, timeout=30, check=False)
    except OSError:
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def baseline_entries(scan: HistoryScan | None, logs: list[LogHit], in_tree: set[str]) -> list[tuple[str, str, str]]:
    found = [(hit.digest, hit.kind, hit.where) for hit in reversed(scan.hits)] if scan else []
    found += [(hit.digest, hit.kind, f"log {hit.path}:{hit.line}") for hit in logs]
    return [entry for entry in found if entry[0] not in in_tree]


def secret_findings(given: SecretsInput, configured: dict[str, str]) -> tuple[list[Finding], list[str]]:
    """Findings and report notes. `configured` is from configured_values (env and stack values)."""
    top = work_tree(given.repo)
    if given.since and top is None:
        raise InputError(f"--since {given.since}: {given.repo} is not a git work tree; run preflight in the clone")
    path = given.baseline or (top or given.repo) / BASELINE_NAME
    baseline, notes, scan = load_baseline(path), [], None  # a broken baseline stops before a long scan
    with Detector() as detector:
        findings, in_tree = credential_findings(given.stack_path, given.repo, given.repo_given, detector)
        if top is not None:
            env_findings, loose = env_file_findings(given.repo, detector)
            findings += env_findings
            configured = {**loose, **configured}
            scan = scan_history(given.repo, given.since, detector) if given.history else None
        logs, log_count, problems = scan_logs(given.logs, detector) if given.logs else ([], 0, [])
    if given.update_baseline:
        before = len(baseline.handled) if baseline else 0
        baseline = updated(baseline, baseline_entries(scan, logs, in_tree), date.today())
        write_baseline(path, baseline)
        notes.append(f"{path}: {plural(len(baseline.handled) - before, 'credential')} newly marked handled "
                     f"({len(baseline.handled)} in all, salted hashes only)")
    rules = Judge(baseline, configured, frozenset(in_tree))
    findings += history_findings(scan, rules) if scan else []
    findings += review_findings(top, given.since, path, scan) if given.since and top is not None else []
    findings += log_findings(logs, log_count, rules, problems) if given.logs else []
    return findings, notes
