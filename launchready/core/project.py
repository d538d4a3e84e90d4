"""The Pulumi project file of a folder, read as Pulumi reads it, so that every command checks the stack file
`pulumi up` will read and never a decoy beside it.

Pulumi docs, "Project file reference" (read 2026-11): the project file is `Pulumi.yaml` or `Pulumi.yml`
(Pulumi also takes `Pulumi.json`); `main` is the program `pulumi up` runs; `stackConfigDir` is the folder,
relative to the project file, of the stack config files; a stack's config file is named after the project
file, `Pulumi.<stack>` plus the project file's own extension (Pulumi's `DetectProjectStackPath`), so a
project file `Pulumi.yml` reads `Pulumi.prod.yml`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from launchready.core.errors import InputError
from launchready.core.inputs import PROJECT_FILE, read_text
from launchready.core.redact import shown

DEFAULT_PROJECT = "launchready"
PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml", "Pulumi.json")
"""Every name Pulumi takes as the project file."""
READABLE = ("Pulumi.yaml", "Pulumi.yml")


@dataclass(frozen=True)
class Project:
    """A folder's project file: its name (None: there is none) and its settings as written."""

    filename: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The `name:`, the namespace of config keys (`<name>:domain`)."""
        name = self.settings.get("name")
        return name if isinstance(name, str) and name else DEFAULT_PROJECT

    @property
    def config_dir(self) -> str:
        """`stackConfigDir` as a relative POSIX path ("" for the project folder itself)."""
        return str(self.settings.get("stackConfigDir") or "")

    def stack_file(self, stack: str) -> str:
        """The stack's config file, relative to the project folder, as Pulumi names it."""
        name = f"Pulumi.{stack}{self.suffix}"
        return f"{self.config_dir}/{name}" if self.config_dir else name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.filename).suffix if self.filename else ".yaml"


def project_file_among(names: Iterable[str], where: str) -> str | None:
    """Which of a folder's file names is its project file; two of them, or one launchready cannot read,
    is bad input: which one Pulumi takes would decide which stack file is deployed."""
    found = [name for name in PROJECT_FILES if name in set(names)]
    if len(found) > 1:
        raise InputError(f"{where} holds {' and '.join(found)}: Pulumi reads one project file only; delete "
                         "the other so that what is checked is what `pulumi up` reads")
    if found and found[0] not in READABLE:
        raise InputError(f"{where}/{found[0]}: launchready reads Pulumi.yaml or Pulumi.yml only; convert it "
                         "to YAML (same keys) and rename the stack files to match")
    return found[0] if found else None


def parse_project(filename: str | None, text: str | None, source: str) -> Project:
    """A project file's text (None: no project file) as a Project; a file that is not a mapping, or whose
    `stackConfigDir` leaves the project folder, is bad input."""
    from launchready.core.inputs.yamldoc import load_yaml

    if filename is None or text is None:
        return Project()
    data = load_yaml(text, source, ambiguous=True).data
    if not isinstance(data, dict):
        raise InputError(f"{source} is not a mapping of project settings (got {shown(data)}); Pulumi needs at "
                         "least `name:` and `runtime:`")
    return Project(filename, {**data, "stackConfigDir": config_dir(data.get("stackConfigDir"), source)})


def config_dir(value: Any, source: str) -> str | None:
    """`stackConfigDir` normalised (`./cfg/` is `cfg`), or bad input when it is not a folder inside the
    project: launchready reads stack files inside the project folder only."""
    if value is None or value == "":
        return None
    parts = PurePosixPath(value).parts if isinstance(value, str) else ("..",)
    if not isinstance(value, str) or "\\" in value or value.startswith("/") or ".." in parts:
        raise InputError(f"{source}: stackConfigDir {shown(value)} is not a folder inside the project; give a "
                         "relative path such as `config` (Pulumi docs, \"Project file reference\")")
    return "/".join(part for part in parts if part != ".") or None


def project_in(folder: Path) -> Project:
    """The project file in `folder` on disk, read."""
    names = [name for name in PROJECT_FILES if (folder / name).exists() or (folder / name).is_symlink()]
    filename = project_file_among(names, folder.as_posix())
    if filename is None:
        return Project()
    path = folder / filename
    return parse_project(filename, read_text(path, PROJECT_FILE), str(path))


def project_stacks(folder: Path) -> list[tuple[str, Path]]:
    """(NAME, path) of every stack file of the project in `folder`, where and as Pulumi names them."""
    from launchready.core.stack_names import stack_files

    project = project_in(folder)
    return stack_files(folder / project.config_dir, project.suffix)


def project_home(path: Path) -> Path | None:
    """The project folder a stack file belongs to: its own folder when it holds a project file, else the
    nearest folder above whose `stackConfigDir` is the file's folder (Pulumi takes the nearest folder above
    with a project file); None when neither."""
    if project_in(path.parent).filename is not None:  # its own folder's project file must be readable
        return path.parent
    here = path.absolute().parent
    for folder in here.parents:
        try:
            project = project_in(folder)
        except InputError:  # a broken project file further up is not this stack's to report
            return None
        if project.filename is not None:
            return folder if (folder / project.config_dir) == here else None
    return None


def project_of_stack_file(path: Path) -> Project:
    home = project_home(path)
    return project_in(home) if home is not None else Project()
