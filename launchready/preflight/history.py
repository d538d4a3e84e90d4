"""Credentials in the repository's git history: every line ever added and every commit message, in one
`git log -p` stream, and the names of its refs.

A key committed last month and deleted yesterday is gone from the tree but not from git: every clone
still has it. One `git log -p -U0` over the commits reachable from HEAD (or `--since REV..HEAD`) lists
every commit's message (merges and empty commits too) and every added line of every commit, including
files deleted later (their lines were added once); each goes through the same detector as the current
tree. Git itself skips binary files and, with core.bigFileThreshold, files over MAX_FILE_BYTES ("Binary
files … differ"; git-config(1), core.bigFileThreshold, read 2026-11). Merge commits show no diff of
their own (git log's default), so a value typed while resolving a merge conflict is not seen; every
other line is. Branch and tag names are pushed with them, so every ref's name is scanned as well.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from launchready.core.errors import InputError
from launchready.preflight.detection import Detector
from launchready.preflight.scanning import MAX_FILE_BYTES

DEADLINE_SECONDS = 600
"""A history scan that runs longer is stopped and reported as incomplete, never left hanging."""
HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_NO_LAZY_FETCH": "1", "LC_ALL": "C"}
"""No password prompt, and no fetch of missing blobs in a partial clone (git 2.44+): offline, no hang."""


FILE, MESSAGE, REF = "file", "message", "ref"
"""Where in history a credential was: an added line of a file, a commit message, or a ref's name."""
IN_MESSAGE = "(commit message)"


@dataclass(frozen=True)
class HistoryHit:
    commit: str
    date: str
    path: str
    """The file's path; for REF the ref's full name with the credential masked; unused for MESSAGE."""
    line: int
    kind: str
    digest: str
    source: str = FILE

    @property
    def place(self) -> str:
        return IN_MESSAGE if self.source == MESSAGE else self.path

    @property
    def where(self) -> str:
        """Where it was first seen, as the baseline keeps it."""
        return f"ref {self.path}" if self.source == REF else f"{self.commit[:12]} {self.place}:{self.line}"

    @property
    def name(self) -> str:
        """The finding's name: `<commit>:<path>:<line>`, `<commit>:(commit message):<line>` or `ref:<ref>`."""
        return f"ref:{self.path}" if self.source == REF else f"{self.commit[:12]}:{self.place}:{self.line}"


@dataclass(frozen=True)
class HistoryScan:
    hits: tuple[HistoryHit, ...]
    commits: int
    skipped_binary: int
    shallow: tuple[str, ...]
    detached: bool
    since: str | None
    stopped: str | None
    """Why the scan did not finish (deadline, git error), or None."""
    refs: int = 0
    """How many ref names (branches, tags, remote branches) were scanned."""
    silenced: tuple[HistoryHit, ...] = ()
    """Credentials an allowlist pragma hides, on lines added in the scanned commits."""


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **GIT_ENV}, check=False)


def has_commits(repo: Path) -> bool:
    return git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").returncode == 0


def resolve_since(repo: Path, since: str) -> str:
    """The commit `--since` names; bad input (exit 2) when there is none."""
    done = git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{since}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        raise InputError(f"--since {since}: no such commit in {repo}; fetch it first (for a pull request, "
                         "`git fetch origin main` and `--since origin/main`) or name an existing commit")
    return done.stdout.strip()


def shallow_boundary(repo: Path) -> tuple[str, ...]:
    """The commits a shallow clone's history stops at (empty for a full clone)."""
    if git(repo, "rev-parse", "--is-shallow-repository").stdout.strip() != "true":
        return ()
    path = git(repo, "rev-parse", "--git-path", "shallow").stdout.strip()
    try:
        text = (Path(path) if Path(path).is_absolute() else repo / path).read_text()
    except OSError:
        return ("unknown",)
    return tuple(sorted(line.strip()[:12] for line in text.splitlines() if line.strip()))


C_ESCAPE = re.compile(rb'\\([0-3][0-7]{2}|.)', re.DOTALL)
C_ESCAPES = {b"a": b"\a", b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}
"""git's C-style quoting of unusual paths (quote.c): these escapes, a backslash or a double quote after
one, and three octal digits for a byte."""


def unquoted(name: bytes) -> bytes:
    """The bytes of a path git printed in double quotes (it holds a control character, `"` or a backslash)."""
    return C_ESCAPE.sub(lambda m: bytes([int(m[1], 8)]) if len(m[1]) == 3 else C_ESCAPES.get(m[1], m[1]),
                        name[1:-1])


def diff_path(raw: bytes) -> str | None:
    """The new path of a `+++ path` header (--no-prefix; None for a deletion). git ends the header with a
    tab when the path holds a space (for patch(1)), and quotes a path holding a control character, `"` or a
    backslash, even with core.quotePath off; a path's own tab or newline is always inside quotes."""
    name = raw[4:].removesuffix(b"\n").removesuffix(b"\t")
    if len(name) >= 2 and name.startswith(b'"') and name.endswith(b'"'):
        name = unquoted(name)
    elif name == b"/dev/null":
        return None
    return name.decode("utf-8", "surrogateescape")


@dataclass
class DiffStream:
    """A state machine over log_command's output, one line at a time: a commit's header line, its message
    (each line indented by one space), then its diff."""

    detector: Detector
    commit: str = ""
    date: str = ""
    path: str | None = None
    old: int = 0
    new: int = 0
    first: int = 0
    added: list[str] = field(default_factory=list)
    hits: list[HistoryHit] = field(default_factory=list)
    commits: int = 0
    binary: int = 0
    message: list[str] | None = None
    """The lines of the commit message being read, None outside one."""
    silenced: list[HistoryHit] = field(default_factory=list)
    """Credentials on added lines that an allowlist pragma hides (launchready.preflight.review)."""

    def feed(self, raw: bytes) -> None:
        if self.message is not None and self.in_message(raw):
            return
        if (self.old > 0 or self.new > 0) and self.in_hunk(raw):
            return
        self.flush()
        if raw.startswith(b"\x01"):
            commit, _, date = raw[1:].decode("ascii", "replace").strip().partition(" ")
            self.commit, self.date, self.commits, self.message = commit, date, self.commits + 1, []
        elif raw.startswith(b"+++ "):
            self.path = diff_path(raw)
        elif match := HUNK.match(raw):
            self.old = int(match[1]) if match[1] is not None else 1
            self.first, self.new = int(match[2]), int(match[3]) if match[3] is not None else 1
        elif raw.startswith(b"Binary files "):
            self.binary += 1

    def in_hunk(self, raw: bytes) -> bool:
        sign = raw[:1]
        if sign == b"+":
            self.added.append(raw[1:].rstrip(b"\r\n").decode("utf-8", "replace"))
            self.new -= 1
        elif sign == b"-":
            self.old -= 1
        elif sign == b" ":
            self.old, self.new = self.old - 1, self.new - 1
        return sign in (b"+", b"-", b" ", b"\\")

    def in_message(self, raw: bytes) -> bool:
        """Keep a line of the message; the first line git did not indent ends it, and it is scanned."""
        if self.message is not None and raw.startswith(b" "):
            self.message.append(raw[1:].rstrip(b"\r\n").decode("utf-8", "replace"))
            return True
        self.flush_message()
        return False

    def flush_message(self) -> None:
        for number, found in self.detector.lines(self.message or []):
            self.hits.append(HistoryHit(self.commit, self.date, "", number, found.kind, found.digest, MESSAGE))
        self.message = None

    def flush(self) -> None:
        """Scan the added lines of the hunk that just ended (private keys span several lines)."""
        self.flush_message()
        if self.added and self.path is not None:
            for offset, found in self.detector.lines(self.added):
                self.hits.append(HistoryHit(self.commit, self.date, self.path, self.first + offset - 1,
                                            found.kind, found.digest))
            self.silenced += [HistoryHit(self.commit, self.date, self.path, self.first + offset - 1, found.kind,
                                         found.digest) for offset, found in self.detector.silenced(self.added)]
        self.added = []
        self.old = self.new = 0


def log_command(repo: Path, revisions: str) -> list[str]:
    """Every commit's id, date and message, then its diff. `%w(0,1,1)` indents every line of the message by
    one space, empty lines too (git-log(1), PRETTY FORMATS, read 2026-11), so none passes for a diff line."""
    return ["git", "-C", str(repo), "-c", f"core.bigFileThreshold={MAX_FILE_BYTES}", "-c", "core.quotePath=false",
            "log", "-p", "-U0", "--no-prefix", "--no-color", "--no-ext-diff", "--no-textconv", "--no-show-signature",
            "--format=%x01%H %cs%n%w(0,1,1)%B%w(0,0,0)", revisions]


def stream(repo: Path, revisions: str, detector: Detector, deadline: float) -> tuple[DiffStream, str | None]:
    parser = DiffStream(detector)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(log_command(repo, revisions), stdout=subprocess.PIPE, stderr=errors,
                                   env={**os.environ, **GIT_ENV})
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(deadline, stop)
        timer.start()
        try:
            for raw in process.stdout or ():
                parser.feed(raw)
            parser.flush()
        except BaseException:  # git must not outlive a scan that failed
            process.kill()
            raise
        finally:
            code = process.wait()
            timer.cancel()
        errors.seek(0)
        message = errors.read(2000).decode("utf-8", "replace").strip().splitlines()
    if expired.is_set():
        return parser, f"stopped after {deadline:g} s at commit {parser.commit[:12]}"
    return parser, (f"git log failed: {message[0] if message else f'exit {code}'}" if code != 0 else None)


def ref_names(repo: Path) -> list[tuple[str, str, str]]:
    """(object id, date, full name) of every ref: branches, tags, remote branches. A ref's name holds no
    space (git-check-ref-format(1)), so the name is the rest of the line."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "for-each-ref",
                              "--format=%(objectname) %(creatordate:short) %(refname)"], capture_output=True,
                             timeout=60, env={**os.environ, **GIT_ENV}, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    fields = (line.split(" ", 2) for line in out.decode("utf-8", "replace").splitlines())
    return [(found[0], found[1], found[2]) for found in fields if len(found) == 3]


def ref_hits(repo: Path, detector: Detector) -> tuple[list[HistoryHit], int]:
    """Credentials in ref names (`git branch feature/<token>` is pushed with the branch), and how many
    names were scanned. A finding shows the name with the credential masked."""
    refs = ref_names(repo)
    hits = [HistoryHit(commit, date, detector.masked(name), 0, found.kind, found.digest, REF)
            for commit, date, name in refs for found in detector.line(name)]
    return hits, len(refs)


def scan_history(repo: Path, since: str | None, detector: Detector,
                 deadline: float = DEADLINE_SECONDS) -> HistoryScan:
    """Every credential added in the commits reachable from HEAD (after `since`, when given), in their
    messages, and in the names of the repository's refs."""
    base = resolve_since(repo, since) if since else None
    detached = git(repo, "symbolic-ref", "--quiet", "HEAD").returncode != 0
    if not has_commits(repo):
        return HistoryScan((), 0, 0, (), detached, since, None)
    parser, stopped = stream(repo, f"{base}..HEAD" if base else "HEAD", detector, deadline)
    refs, names = ref_hits(repo, detector)
    return HistoryScan(tuple(refs + parser.hits), parser.commits, parser.binary, shallow_boundary(repo), detached,
                       since, stopped, names, tuple(parser.silenced))
