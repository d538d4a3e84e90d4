"""Read a stack file as it is at a git revision (`git show REV:./path`), without a checkout.

Git runs as a subprocess in the project directory, so `./Pulumi.NAME.yaml` resolves relative to it
even when the project lives in a subdirectory of the repository. Which file is the stack's is read from
the project file at that same revision, as Pulumi reads it (launchready.core.project): a pull request
that moves the stack config (`stackConfigDir`, Pulumi.yml) is judged on the file `pulumi up` will read.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from launchready.core.errors import InputError
from launchready.core.inputs import PROJECT_FILE, STACK_FILE, InputKind, decode, read_text, too_big
from launchready.core.paths import LOOP, real_path
from launchready.core.plan import DomainPlan
from launchready.core.project import Project, parse_project, project_file_among, project_in, project_stacks
from launchready.core.stack import load_stack_text
from launchready.core.stack_names import name_of_file
from launchready.diff.model import Side

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Revision:
    """The stack's plan at one revision (None when the file is absent there), how to name it, and the
    project file there (None: not read)."""

    side: Side
    plan: DomainPlan | None
    note: str | None = None
    project: Project | None = None


def git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("git") is None:
        raise InputError("git is not installed; launchready diff reads revisions with git")
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30, check=False)
    except OSError as exc:
        raise InputError(f"cannot run git in {cwd}: {exc.strerror}") from None


def resolve(rev: str, cwd: Path) -> str:
    """The commit a revision names; a revision that does not exist is bad input (exit 2)."""
    place = real_path(cwd)
    if place is None:
        raise InputError(f"{cwd} is {LOOP}: run launchready diff in the project folder itself")
    cwd = place
    if rev.startswith("-"):
        raise InputError(f'revision "{rev}": a revision cannot start with "-"')
    found = git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd)
    if found.returncode == 0:
        return found.stdout.strip()
    inside = git(["rev-parse", "--is-inside-work-tree"], cwd)
    if inside.returncode != 0:
        raise InputError(f"{cwd} is not inside a git repository; run launchready diff from a clone")
    raise InputError(f'revision "{rev}" does not exist in the repository at {cwd}; {fetch_hint(rev, cwd)}')


RELATIVE = ("~", "^", "@{")
"""What makes a revision relative to another (gitrevisions(7): `HEAD~3`, `main^2`, `@{upstream}`)."""


def fetch_command(rev: str, remotes: list[str]) -> str:
    """The fetch that brings a named revision: `origin/main` is branch main of remote origin (`git fetch origin
    main`; fetching "origin/main" from origin finds nothing), a bare name comes from origin (else the only
    remote); a clone with no remote has nothing to fetch from."""
    if not remotes:
        return "this clone has no remote to fetch it from; name an existing branch, tag or commit (git branch -a)"
    remote, _, branch = rev.partition("/")
    command = ["git", "fetch", remote, branch] if remote in remotes and branch else \
        ["git", "fetch", "origin" if "origin" in remotes else remotes[0], rev]
    return f"fetch it ({shlex.join(command)}) or name an existing branch, tag or commit"


def fetch_hint(rev: str, cwd: Path) -> str:
    """How to get a missing revision: a name can be fetched (quoted for the shell: the revision is the user's
    text); a relative revision cannot, since it names history the clone does not have (a shallow clone, such
    as actions/checkout's default of one commit) or that does not exist."""
    if not any(mark in rev for mark in RELATIVE):
        return fetch_command(rev, git(["remote"], cwd).stdout.split())
    shallow = git(["rev-parse", "--is-shallow-repository"], cwd).stdout.strip() == "true"
    if shallow:
        return ("a relative revision cannot be fetched, and this clone is shallow: deepen it (git fetch --deepen=N, "
                "or git fetch --unshallow), or set fetch-depth: 0 on the workflow's actions/checkout step")
    return ("a relative revision cannot be fetched, and this clone has its whole history, so no commit is "
            "there; name an existing branch, tag or commit")


def show(commit: str, filename: str, cwd: Path, source: str, kind: InputKind = STACK_FILE) -> str | None:
    """The file's text at `commit`, or None when the commit does not contain it; read like a file on disk
    (size limit, UTF-8 with the line of a bad byte), since a pull request can commit anything."""
    size = git(["cat-file", "-s", f"{commit}:./{filename}"], cwd)
    if size.returncode != 0:
        return None
    if int(size.stdout.strip() or 0) > kind.limit:  # refused before git hands over the bytes
        raise too_big(source, kind)
    try:
        shown = subprocess.run(["git", "show", f"{commit}:./{filename}"], cwd=cwd, capture_output=True,
                               timeout=30, check=False)
    except OSError as exc:
        raise InputError(f"cannot run git in {cwd}: {exc.strerror}") from None
    if shown.returncode != 0:
        return None
    if len(shown.stdout) > kind.limit:
        raise too_big(source, kind)
    return decode(shown.stdout, source).text


def plan_text(text: str, source: str, project: str, stack: str) -> DomainPlan:
    return load_stack_text(text, source, project, stack)[1]


def listed(commit: str, folder: str, cwd: Path) -> list[str] | None:
    """The names in `folder` (relative to cwd; "" for cwd) at `commit`, or None when it is no folder there
    (`--full-tree`: a tree named by its path is listed whole, not filtered again by the folder git runs in)."""
    found = git(["ls-tree", "--full-tree", "--name-only", "-z", f"{commit}:./{folder}"], cwd)
    return found.stdout.split("\0") if found.returncode == 0 else None


def project_at(commit: str, rev: str, project_dir: Path) -> Project:
    """The project file of project_dir as committed at `rev`; one launchready cannot read is bad input."""
    filename = project_file_among(listed(commit, "", project_dir) or [], f"{project_dir.as_posix()} at {rev}")
    text = show(commit, filename, project_dir, f"{rev}:{filename}", PROJECT_FILE) if filename else None
    return parse_project(filename, text, f"{rev}:{filename}")


def at_revision(rev: str, stack: str, project_dir: Path, filename: str | None = None) -> Revision:
    """Plan the stack file (the one Pulumi reads for the stack, or `filename` in project_dir) as committed at
    `rev`; a file missing there is an empty plan, said in a note."""
    commit = resolve(rev, project_dir)
    project = project_at(commit, rev, project_dir)
    filename = filename or project.stack_file(stack)
    text = show(commit, filename, project_dir, f"{rev}:{filename}")
    side = Side(ref=rev, commit=commit, exists=text is not None)
    if text is None:
        return Revision(side, None, f"{filename} does not exist at {rev}; compared against an empty plan", project)
    return Revision(side, plan_text(text, f"{rev}:{filename}", project.name, stack), project=project)


def in_working_tree(stack: str, project_dir: Path, filename: str | None = None) -> Revision:
    """Plan the stack file as it is on disk (the default head)."""
    project = project_in(project_dir)
    path = project_dir / (filename or project.stack_file(stack))
    side = Side(ref=WORKING_TREE, exists=path.exists())
    if not path.exists():
        return Revision(side, None, f"{path.relative_to(project_dir).as_posix()} does not exist in the working "
                        "tree; compared against an empty plan", project)
    text = read_text(path, STACK_FILE)
    return Revision(side, plan_text(text, str(path), project.name, stack), project=project)


def stack_names(filenames: Iterable[str], suffix: str = ".yaml") -> frozenset[str]:
    """The NAME of each Pulumi.NAME.yaml (`suffix`: the project file's extension) among the file names (not
    Pulumi.yaml), passing over a NAME Pulumi would not take: the files --all-stacks takes (docs/portfolio.md)."""
    named = (name_of_file(filename, suffix) for filename in filenames)
    return frozenset(name for name in named if name is not None)


def stacks_at(rev: str, project_dir: Path) -> frozenset[str]:
    """The stacks of the project directory as committed at `rev`, in the folder and with the extension its
    project file gives them, none when the folder is not there (`git ls-tree`, which takes no glob, so the names
    are filtered here)."""
    commit = resolve(rev, project_dir)  # a folder outside the repository is refused here
    project = project_at(commit, rev, project_dir)
    return stack_names(listed(commit, project.config_dir, project_dir) or [], project.suffix)


def stacks_in_working_tree(project_dir: Path) -> frozenset[str]:
    return frozenset(name for name, _ in project_stacks(project_dir))


def where(side: Side) -> str:
    return "in the working tree" if side.ref == WORKING_TREE else f"at {side.ref}"


def require_stack(base: Revision, head: Revision, stack: str, project_dir: Path, filename: str | None = None) -> None:
    """A stack file missing at both ends is a mistyped stack name, not an empty diff (which would pass a
    required check): bad input, naming the stacks the project has."""
    if base.side.exists or head.side.exists:
        return
    if filename:
        raise InputError(f"{project_dir / filename} exists neither {where(base.side)} nor {where(head.side)}")
    known = [name for name, _ in project_stacks(project_dir)]
    hint = f"the stacks here are {', '.join(known)}" if known else \
        "run it in the directory that holds the stack files, or pass --project-dir"
    raise InputError(f"{project_in(project_dir).stack_file(stack)} exists neither {where(base.side)} nor "
                     f"{where(head.side)}; {hint}")
