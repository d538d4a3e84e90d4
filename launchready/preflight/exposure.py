"""Findings about credentials that were exposed once: in git history or in saved CI logs.

Each exposed credential is reported once (by the SHA-256 of its value, never shown) with the commit,
path, line and kind of its first appearance, and the rotation step for its kind. It stays an error
until it is handled: rotated, then marked in the baseline. Rotation is proven, not taken on trust: if
the exposed value's hash still equals the hash of a value configured now (an environment variable, a
secure or plaintext stack value, a .env file), the finding stays an error whatever the baseline says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from launchready.core.findings import Finding, failed, passed
from launchready.preflight.baseline import BASELINE_NAME, Baseline
from launchready.preflight.history import MESSAGE, REF, HistoryHit, HistoryScan
from launchready.preflight.rotation import rotation_step
from launchready.render import plural

HISTORY = "preflight.history_scan"
LOGS = "preflight.log_scan"
MARK = (f"then run `launchready preflight --update-baseline` and commit {BASELINE_NAME} (hashes only) so this "
        "finding is marked handled")


@dataclass(frozen=True)
class Judge:
    """What decides whether an exposed credential is handled."""

    baseline: Baseline | None
    configured: Mapping[str, str]
    """SHA-256 of a value configured now → where it is configured (a name, never the value)."""
    in_tree: frozenset[str]
    """Digests still in the current tree: preflight.credential_scan reports those."""


def judge(check: str, name: str, kind: str, digest: str, what: str, rules: Judge) -> Finding:
    step = rotation_step(kind)
    if digest in rules.configured:
        return failed(check, name, f"{what}, and it is still the credential configured in "
                      f"{rules.configured[digest]}: it is exposed, so rotate it: {step}", type=kind)
    if rules.baseline is not None and rules.baseline.covers(digest):
        return passed(check, name, f"{what}; marked handled in {BASELINE_NAME} and no longer configured "
                      "anywhere preflight looks", type=kind)
    return failed(check, name, f"{what}. Deleting it does not remove it from clones and copies: rotate it: "
                  f"{step}; {MARK}", type=kind)


def grouped(hits: Sequence[HistoryHit]) -> dict[str, list[HistoryHit]]:
    """Hits by digest, oldest first (git log lists newest first)."""
    groups: dict[str, list[HistoryHit]] = {}
    for hit in reversed(hits):
        groups.setdefault(hit.digest, []).append(hit)
    return groups


def history_summary(scan: HistoryScan) -> list[Finding]:
    since = f" since {scan.since}" if scan.since else ""
    head = " (HEAD is detached: the commits reachable from it were scanned)" if scan.detached else ""
    skipped = f"; {plural(scan.skipped_binary, 'binary or over-2-MB file version')} skipped" \
        if scan.skipped_binary else ""
    findings = [passed(HISTORY, "history", f"{plural(scan.commits, 'commit')}{since} scanned for credentials "
                       f"(every added line and commit message, and {plural(scan.refs, 'ref name')}){skipped}{head}")]
    if scan.shallow:
        findings.append(failed(HISTORY, "shallow clone", f"history not scanned past commit "
                               f"{', '.join(scan.shallow)}: this is a shallow clone. Fetch the whole history "
                               "(`git fetch --unshallow`; in GitHub Actions, actions/checkout with "
                               "`fetch-depth: 0`)", warning=True))
    if scan.stopped:
        findings.append(failed(HISTORY, "history", f"the history scan is incomplete: {scan.stopped}; run "
                               "preflight where the whole history can be read", warning=True))
    return findings


def exposed_at(hit: HistoryHit) -> str:
    """Where a credential was seen, never what: a ref's name is shown masked."""
    if hit.source == REF:
        return f"is in the name of the ref {hit.path} (at commit {hit.commit[:12]})"
    if hit.source == MESSAGE:
        return f"is in the message of commit {hit.commit[:12]} ({hit.date}) line {hit.line}"
    return f"was added in commit {hit.commit[:12]} ({hit.date}) at {hit.path} line {hit.line}"


REF_STEP = ("; delete or rename that branch or tag here and on every remote it was pushed to (`git push <remote> "
            "--delete <ref>`)")


def history_findings(scan: HistoryScan, rules: Judge) -> list[Finding]:
    findings = history_summary(scan)
    for digest, hits in grouped(scan.hits).items():
        if digest in rules.in_tree:
            continue
        first = hits[0]
        more = f" (and {plural(len(hits) - 1, 'more place')} in history)" if len(hits) > 1 else ""
        ref = REF_STEP if any(hit.source == REF for hit in hits) else ""
        what = f"a credential-shaped string ({first.kind}) {exposed_at(first)}{more}{ref}"
        findings.append(judge(HISTORY, first.name, first.kind, digest, what, rules))
    return findings


@dataclass(frozen=True)
class LogHit:
    path: str
    line: int
    kind: str
    digest: str


def log_findings(hits: Sequence[LogHit], files: int, rules: Judge, problems: Sequence[Finding]) -> list[Finding]:
    findings = list(problems)
    for hit in hits:
        what = (f"a credential-shaped string ({hit.kind}) is in the log {hit.path} line {hit.line}; delete the "
                "saved log and the CI run's logs")
        findings.append(judge(LOGS, f"{hit.path}:{hit.line}", hit.kind, hit.digest, what, rules))
    if not hits:
        findings.append(passed(LOGS, "logs", f"no credential-shaped string in {plural(files, 'log file')}"))
    return findings
