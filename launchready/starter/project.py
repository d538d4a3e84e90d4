"""What `launchready init` says after writing a stack file: whether `pulumi up` can run where it was written,
and the next steps in the order that works (README, "Going to production").

A stack file is config; `pulumi up` also needs the Pulumi project beside it: `Pulumi.yaml` (Pulumi reads
`Pulumi.yml` too) and the program it names (`main:`, by default `__main__.py` for the python runtime), which
for launchready is this repository's own `__main__.py` building the components in `components/`. That
project is the repository: README's step 1 installs it and starts the stack in it. Elsewhere init writes
the stack file (plan, preflight and validate read it anywhere) and says what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from launchready.core.project import project_in

PROGRAM = "__main__.py"


@dataclass(frozen=True)
class Project:
    """The Pulumi project files found in the folder a stack file was written to."""

    folder: Path
    project_file: Path | None
    program: Path | None

    @property
    def missing(self) -> list[str]:
        return [name for name, found in (("Pulumi.yaml", self.project_file), (PROGRAM, self.program)) if not found]


def program_path(folder: Path, main: object) -> Path:
    """The program Pulumi runs: the project's `main:` (a file, or a folder holding __main__.py), else __main__.py."""
    target = folder / main if isinstance(main, str) and main else folder
    return target / PROGRAM if target.is_dir() else target


def find_project(folder: Path) -> Project:
    """The folder's project file and program, read by the one project reader (launchready.core.project)."""
    found = project_in(folder)
    program = program_path(folder, found.settings.get("main"))
    project_file = folder / found.filename if found.filename else None
    return Project(folder, project_file, program if program.is_file() else None)


def missing_text(project: Project, stack_file: str) -> str:
    """What `pulumi up` lacks in this folder, and how to get it."""
    names = project.missing
    missing = f"neither {names[0]} nor {names[1]}" if len(names) == 2 else f"no {names[0]}"
    folder = "the current folder" if project.folder == Path(".") else str(project.folder)
    return "\n".join([
        f"missing: {folder} has {missing}, so `pulumi up` cannot run here: launchready's Pulumi "
        "project is its repository (Pulumi.yaml, __main__.py and components/).",
        "  Clone it and install it there (README, \"Going to production\", step 1), then run `launchready init` "
        f"in the clone, or move {stack_file} into it. `launchready plan`, `preflight` and `validate` read "
        f"{stack_file} here as it is.",
    ])


def next_steps(stack: str, project: Project) -> str:
    """The steps in the order that works: preflight needs the backend login and the token it checks."""
    steps = [
        (f"launchready plan --stack {stack}", "every record and setting it asks of Cloudflare (offline)"),
        ("pulumi login", "a state backend, once (README step 2)"),
        ("export CLOUDFLARE_API_TOKEN=...", "a token limited to the zone (README step 3)"),
        (f"launchready preflight --stack {stack}", "the token, secrets and the spec, before the first apply"),
        (f"pulumi stack init {stack}", f"once; `pulumi stack select {stack}` after"),
        (f"launchready adopt --stack {stack} --from-cloudflare", "only if the zone already has records or rules "
         "(README step 5)"),
        (f"pulumi up --stack {stack}", "creates it all"),
        (f"launchready validate --stack {stack} --wait 900", "proves the live domain from outside"),
    ]
    width = max(len(command) for command, _ in steps)
    lines = [f"  {command.ljust(width)}   {note}" for command, note in steps]
    if project.missing:
        lines.insert(1, "  then, in your clone of launchready with the stack file in it:")
    return "\n".join(["next:", *lines])
