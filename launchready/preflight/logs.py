"""`--logs DIR`: saved CI logs and build output, scanned for credential-shaped strings.

CI masks the secrets it knows (GitHub Actions prints `***`), but not a value echoed by a script that
read it from a file, a token pasted into a debug step, or a key printed by a failing tool. Every
regular file under DIR is read (up to MAX_LOG_BYTES each, MAX_LOG_FILES in all) with the same
detector as the repository.
"""

from __future__ import annotations

from pathlib import Path

from launchready.core.errors import InputError
from launchready.core.findings import Finding, failed
from launchready.preflight.detection import Detector
from launchready.preflight.exposure import LOGS, LogHit

MAX_LOG_BYTES = 20_000_000
MAX_LOG_FILES = 10_000


def log_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError(f"--logs {folder}: not a directory; give the folder the CI logs were saved in")
    try:
        return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    except OSError as exc:
        raise InputError(f"--logs {folder}: cannot list it ({exc.strerror or exc})") from None


def read_log(path: Path, shown: str) -> tuple[list[str], Finding | None]:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_LOG_BYTES + 1)
    except OSError as exc:
        return [], failed(LOGS, shown, f"cannot read the log {shown} ({exc.strerror or type(exc).__name__}); "
                          "it was not scanned", warning=True)
    cut = None
    if len(data) > MAX_LOG_BYTES:
        cut = failed(LOGS, shown, f"the log {shown} is over {MAX_LOG_BYTES // 1_000_000} MB; only its first "
                     f"{MAX_LOG_BYTES // 1_000_000} MB were scanned", warning=True)
    return data[:MAX_LOG_BYTES].decode("utf-8", "replace").splitlines(), cut


def scan_logs(folder: Path, detector: Detector) -> tuple[list[LogHit], int, list[Finding]]:
    """Hits, the number of files scanned, and warnings about files that could not be (fully) read."""
    files = log_files(folder)
    problems = []
    if len(files) > MAX_LOG_FILES:
        problems.append(failed(LOGS, str(folder), f"{len(files)} files under {folder}; only the first "
                               f"{MAX_LOG_FILES} were scanned", warning=True))
    hits = []
    for path in files[:MAX_LOG_FILES]:
        shown = str(path.relative_to(folder))
        lines, problem = read_log(path, shown)
        problems += [problem] if problem else []
        hits += [LogHit(shown, number, found.kind, found.digest) for number, found in detector.lines(lines)]
    return hits, min(len(files), MAX_LOG_FILES), problems
