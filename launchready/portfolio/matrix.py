"""The GitHub Actions deploy matrix of a portfolio, computed from the stack files (the standard library and
PyYAML only, so CI runs it before installing launchready):

    python -m launchready.portfolio.matrix [ROOT] [--stage-jobs N]   # `stage_1=…` … `prod=…` output lines
    python -m launchready.portfolio.matrix --projects-at REV [REV ...]   # product folders, NUL-terminated

A product is a Pulumi project (a directory holding Pulumi.yaml); its stacks are its Pulumi.NAME.yaml
files. Every stack but `prod` deploys in the first wave, `prod` in the second, after its own product's
other stacks (staging before prod): each prod entry lists them (`after`), and the workflow's gate requires
each of them to have succeeded in the same run. Hidden and virtualenv directories are not searched.

A product whose project file cannot be read is left out, with a GitHub `::error file=…::` annotation on
stderr and a `broken` output the workflow fails the run on: the other products still deploy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from launchready.core.errors import InputError
from launchready.core.project import READABLE, project_stacks

LAST_WAVE = ("prod",)
"""Stacks deployed only after every other stack of the same product succeeded."""
SKIPPED = (".git", ".venv", "node_modules", "__pycache__")
MATRIX_LIMIT = 256
"""GitHub runs at most 256 jobs per matrix (GitHub Docs, "Using a matrix for your jobs", read 2026-12)."""
PLACEHOLDER = {"product": "", "stack": ""}
"""The one entry of an empty wave (a matrix may not be empty); the workflow skips its steps."""


@dataclass(frozen=True)
class Broken:
    """A product left out of the deploy: its folder, the file to fix and what is wrong with it."""

    product: str
    file: str
    problem: str


def searched(folders: Iterable[str]) -> bool:
    """Whether a folder path (its parts) is one products are looked for in: not hidden, not a tool's."""
    return not any(part.startswith(".") or part in SKIPPED for part in folders)


def projects(root: Path) -> list[Path]:
    """Every directory under `root` holding a Pulumi.yaml (or Pulumi.yml), outside hidden and tool directories."""
    found = {path.parent for name in READABLE for path in root.rglob(name)
             if searched(path.relative_to(root).parts[:-1])}
    return sorted(found)


def product_folders(files: Iterable[str]) -> set[str]:
    """The product folders ("." for the root) among file paths relative to the root, as git lists them."""
    paths = (PurePosixPath(name) for name in files)
    return {path.parent.as_posix() for path in paths if path.name in READABLE and searched(path.parts[:-1])}


def projects_at(revisions: Iterable[str], cwd: Path = Path(".")) -> list[str]:
    """The product folders under `cwd` at any of the revisions (`git ls-tree`; what a pull request's gate diffs:
    a product the change adds or deletes exists at one end only). A revision git cannot list is an error."""
    found: set[str] = set()
    for rev in revisions:
        listed = subprocess.run(["git", "ls-tree", "-r", "--name-only", "-z", "--end-of-options", rev],
                                cwd=cwd, capture_output=True, text=True, check=False, timeout=60)
        if listed.returncode != 0:
            raise SystemExit(f"error: cannot list the files of revision {rev!r}: {listed.stderr.strip()}")
        found |= product_folders(name for name in listed.stdout.split("\0") if name)
    return sorted(found)


def entries(root: Path) -> list[dict[str, str]]:
    """One entry per stack: the product (project directory relative to root, "." for root) and stack; a
    product whose files cannot be read has none (`scanned` says which and why)."""
    return scanned(root)[0]


def scanned(root: Path) -> tuple[list[dict[str, str]], list[Broken]]:
    """The entries of every product, and the products left out because their project or stack files cannot
    be read (each product alone: one broken folder never stops the others)."""
    rows: list[dict[str, str]] = []
    broken: list[Broken] = []
    for project in projects(root):
        product = project.relative_to(root).as_posix() or "."
        try:
            rows += [{"product": product, "stack": name} for name, _ in stacks_of(project, product)]
        except InputError as error:
            broken.append(Broken(product, project_file(project, root), str(error)))
    return rows, broken


def stacks_of(project: Path, product: str) -> list[tuple[str, Path]]:
    """The project's stacks; a folder name GitHub could not show in a job name, as is, is bad input."""
    if not product.isprintable():
        raise InputError(f"the folder name {json.dumps(product)} holds a character that is not printable, which "
                         "a GitHub job name cannot show as it is: rename the folder")
    return project_stacks(project)


def project_file(project: Path, root: Path) -> str:
    """The project file to fix, relative to root (the folder itself when it holds no readable one)."""
    found = next((project / name for name in READABLE if (project / name).is_file()), project)
    return found.relative_to(root).as_posix() or "."


def chunks(rows: list[dict[str, object]], jobs: int, wave: str) -> list[dict[str, object]]:
    """The wave cut into `jobs` matrices of at most MATRIX_LIMIT entries (an unused one holds the
    placeholder); more entries than fit is bad input saying what to change."""
    if len(rows) > jobs * MATRIX_LIMIT:
        fix = (f"add a {wave} job to portfolio.yml (a copy of its last one) and raise --{wave}-jobs to match, or "
               if wave == "stage" else "")
        raise InputError(f"the {wave} wave has {len(rows)} stacks but portfolio.yml runs {jobs} {wave} job(s) of "
                         f"at most {MATRIX_LIMIT} (GitHub's limit per matrix); nothing was deployed: {fix}split "
                         "the products across repositories")
    cut = [rows[start:start + MATRIX_LIMIT] for start in range(0, jobs * MATRIX_LIMIT, MATRIX_LIMIT)]
    return [{"include": part or [dict(PLACEHOLDER, **({"after": []} if wave == "prod" else {}))]} for part in cut]


def waves(root: Path, stage_jobs: int = 1) -> dict[str, object]:
    """GitHub's matrix shapes (see `shapes`) of the portfolio under root."""
    return shapes(*scanned(root), stage_jobs)


def shapes(rows: list[dict[str, str]], broken: list[Broken], stage_jobs: int) -> dict[str, object]:
    """`stage_1` … `stage_N` (every stack but prod), `prod` (each entry's `after` lists the stacks of its
    product that must have succeeded first), `stage_filled` (how many stage matrices hold entries),
    `products` (the products deployed) and `broken` (the products left out)."""
    first: list[dict[str, object]] = [dict(row) for row in rows if row["stack"] not in LAST_WAVE]
    then: list[dict[str, object]] = [{**row, "after": [str(other["stack"]) for other in first
                                                        if other["product"] == row["product"]]}
                                     for row in rows if row["stack"] in LAST_WAVE]
    stages = chunks(first, stage_jobs, "stage")
    return {**{f"stage_{number}": matrix for number, matrix in enumerate(stages, 1)},
            "stage_filled": max(1, -(-len(first) // MATRIX_LIMIT)), "prod": chunks(then, 1, "prod")[0],
            "products": sorted({row["product"] for row in rows}), "broken": [asdict(item) for item in broken]}


def escaped(text: str) -> str:
    """A workflow command's message as the runner reads it: `%`, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def annotation(item: Broken) -> str:
    """A GitHub `::error file=…::` annotation on the file to fix (a property value escapes `:` and `,` too)."""
    where = escaped(item.file).replace(":", "%3A").replace(",", "%2C")
    return f"::error file={where}::{escaped(f'product {item.product} is not deployed: {item.problem}')}"


def main(argv: list[str]) -> None:
    if len(argv) > 2 and argv[1] == "--projects-at":
        sys.stdout.write("".join(f"{folder}\0" for folder in projects_at(argv[2:])))
        return
    root, stage_jobs = arguments(argv[1:])
    rows, broken = scanned(root)
    try:
        found = shapes(rows, broken, stage_jobs)
    except InputError as error:
        print(f"::error::{escaped(str(error))}", file=sys.stderr)
        raise SystemExit(2) from None
    for item in broken:
        print(annotation(item), file=sys.stderr)
    for key, value in found.items():
        print(f"{key}={json.dumps(value, separators=(',', ':'))}")


def arguments(args: list[str]) -> tuple[Path, int]:
    """ROOT (default ".") and --stage-jobs N (default 1); anything else is bad input (exit 2)."""
    root, stage_jobs = Path("."), 1
    while args:
        if args[0] == "--stage-jobs" and len(args) > 1 and args[1].isdigit() and int(args[1]) > 0:
            stage_jobs, args = int(args[1]), args[2:]
        elif not args[0].startswith("-"):
            root, args = Path(args[0]), args[1:]
        else:
            print(f"error: unexpected {args[0]!r}: usage: python -m launchready.portfolio.matrix [ROOT] "
                  "[--stage-jobs N] (N: how many stage jobs the workflow has, 1 or more)", file=sys.stderr)
            raise SystemExit(2)
    return root, stage_jobs


if __name__ == "__main__":
    main(sys.argv)
