"""Which stack files a run covers: `--stack` (repeatable), `--stack-file`, `--all-stacks`, `--project-dir`
(repeatable). Importing it is cheap: the commands call it before any heavy import."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from launchready.core.errors import InputError
from launchready.core.paths import LOOP, real_path
from launchready.core.project import PROJECT_FILES, project_in, project_stacks
from launchready.core.stack_names import require_stack_name
from launchready.render.escape import flat


@dataclass(frozen=True)
class StackTarget:
    """One stack file of the run and the key its section is reported under; or, with `problem`, a project
    folder that could not be read (its key the folder, its path the project file), reported as one
    bad-input section while the other projects still run."""

    key: str
    name: str
    path: Path
    project_dir: Path
    problem: str | None = None

    @property
    def folder(self) -> str:
        return folder_name(self.key)


def folder_name(key: str) -> str:
    """The one file or folder name a stack's output gets in a shared output folder: its key, a DIR/NAME
    key's slashes made underscores, so it never climbs out of that folder (nor is `.` or `..`)."""
    name = key.replace("\\", "_").replace("/", "_")
    return name if name.strip(".") else name.replace(".", "_")


@dataclass(frozen=True)
class Targets:
    """The stacks named on the command line. `single` holds the one-stack arguments (stack, stack file,
    project dir) when the run is the classic one-stack run, whose output must not change."""

    stacks: tuple[StackTarget, ...]
    single: tuple[str | None, Path | None, Path] | None

    @property
    def many(self) -> bool:
        return self.single is None


def select(stacks: list[str] | None, stack_file: Path | None, project_dirs: list[Path] | None,
           all_stacks: bool = False) -> Targets:
    """Resolve the options into stack files; conflicting or empty choices are bad input (exit 2)."""
    names, dirs = list(dict.fromkeys(stacks or ())), distinct_folders(project_dirs or [Path(".")])
    if all_stacks and (names or stack_file is not None):
        raise InputError("give --all-stacks or --stack/--stack-file, not both: --all-stacks already takes "
                         "every Pulumi.*.yaml of each --project-dir")
    if stack_file is not None and (names or len(dirs) > 1):
        raise InputError(f"--stack-file {stack_file} names one stack; drop it to use --stack or several "
                         "--project-dir")
    if not all_stacks and len(names) <= 1 and len(dirs) == 1:
        single = (names[0] if names else None, stack_file, dirs[0])
        return Targets((), single)
    if not all_stacks and not names:  # as with one --project-dir: which stacks is never guessed
        raise InputError(f"{len(dirs)} --project-dir given but no stack: add --all-stacks (every stack of each) "
                         "or --stack NAME (that stack of each)")
    readable, bad = readable_projects(dirs)
    found = [found_stack(d, n) for d in readable for n in names] if names else discovered(readable)
    return Targets(with_bad_projects(keyed(found), bad), None)


def distinct_folders(dirs: list[Path]) -> list[Path]:
    """Each project folder once, however it was written (`.` and its absolute path are one folder)."""
    by_place: dict[Path, Path] = {}
    for directory in dirs:
        place = real_path(directory)
        if place is None:
            raise InputError(f"--project-dir {directory} is {LOOP}: point it at the project folder itself")
        by_place.setdefault(place, directory)
    return list(by_place.values())


def readable_projects(dirs: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The project folders whose project file reads, and each other one with why not: one product's broken
    Pulumi.yaml is that product's bad input, never the whole run's."""
    readable, bad = [], []
    for directory in dirs:
        problem = project_problem(directory)
        if problem is None:
            readable.append(directory)
        else:
            bad.append((directory, problem))
    return readable, bad


def project_problem(directory: Path) -> str | None:
    """Why the project in `directory` cannot be read (a folder name with a control character is never a real
    product's, and would reach terminals and reports), or None."""
    if flat(directory.as_posix()) != directory.as_posix():
        return (f"error: --project-dir {flat(directory.as_posix())}: the folder name holds a control character "
                "(shown as \ufffd); rename the folder to printable text")
    if not directory.is_dir():
        return None  # said by require_folder, for the whole run: a mistyped --project-dir
    try:
        project_in(directory)
    except InputError as exc:
        return f"error: {exc}"
    return None


def with_bad_projects(stacks: tuple[StackTarget, ...], bad: list[tuple[Path, str]]) -> tuple[StackTarget, ...]:
    """The stacks, then a target per unreadable project, keyed by its folder in printable text (`DIR/` when
    another section already has that key: every section keeps its own key)."""
    keys = {target.key for target in stacks}
    projects = []
    for directory, problem in bad:
        key = flat(directory.as_posix())
        while key in keys:
            key += "/"
        keys.add(key)
        projects.append(StackTarget(key, "", project_file(directory), directory, problem))
    return stacks + tuple(projects)


def project_file(directory: Path) -> Path:
    """The project file of a folder as written (the first Pulumi reads), else where Pulumi.yaml would be."""
    return next((directory / name for name in PROJECT_FILES if (directory / name).exists()), directory / "Pulumi.yaml")


def found_stack(project_dir: Path, name: str) -> tuple[str, Path, Path]:
    return require_stack_name(name), project_dir / project_in(project_dir).stack_file(name), project_dir


def discovered(dirs: list[Path]) -> list[tuple[str, Path, Path]]:
    """Every Pulumi.NAME.yaml (not Pulumi.yaml) of each project directory, sorted by name; a file whose
    NAME is not a stack name (`Pulumi..yaml`) is not a stack Pulumi would read, and is passed over."""
    found = []
    for directory in dirs:
        require_folder(directory)
        files = project_stacks(directory)
        if not files:
            raise InputError(f"--all-stacks: {directory} holds no Pulumi.NAME.yaml stack file; check "
                             "--project-dir")
        found += [(name, path, directory) for name, path in files]
    return found


def require_folder(directory: Path) -> None:
    if not directory.is_dir():
        what = "is not a folder" if directory.exists() else "does not exist"
        raise InputError(f"--project-dir {directory} {what}; give the folder that holds Pulumi.yaml")


def keyed(found: list[tuple[str, Path, Path]]) -> tuple[StackTarget, ...]:
    """Each stack reported under its name, or under DIR/NAME when two projects have a stack of that name."""
    counts = Counter(name for name, _, _ in found)
    return tuple(StackTarget(name if counts[name] == 1 else f"{directory.as_posix()}/{name}", name, path, directory)
                 for name, path, directory in found)


def require_distinct_folders(stacks: tuple[StackTarget, ...], option: str = "--write") -> None:
    """Refuse, before anything is written, a run in which two stacks would share an output name (keys
    `a_b/prod` and `a/b_prod` both give `a_b_prod`): one stack's files must never replace another's.
    `option` is the command's own output option, for the fix the message suggests."""
    seen: dict[str, StackTarget] = {}
    for target in (target for target in stacks if target.problem is None):
        first = seen.setdefault(one_name(target.folder), target)
        if first is not target:
            raise InputError(f"{first.path} and {target.path} would both write to {same_name(first, target)} in "
                             f"{option}; run them in two runs with two {option} folders")


def one_name(folder: str) -> str:
    """The name as a case-insensitive file system (macOS and Windows by default) compares it: `Prod` and
    `prod` are one file there, as are the two Unicode spellings of `é`."""
    return unicodedata.normalize("NFC", folder).casefold()


def same_name(first: StackTarget, second: StackTarget) -> str:
    if first.folder == second.folder:
        return f"the name {first.folder}"
    return (f"the names {first.folder} and {second.folder}, one name on a file system that ignores case (macOS "
            "and Windows by default)")
