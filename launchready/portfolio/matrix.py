"""The GitHub Actions deploy matrix of a portfolio, computed from the stack files (stdlib only, so CI runs
it before installing anything):

    python -m launchready.portfolio.matrix [ROOT]   # prints `first=…`, `then=…` and `products=…` lines
    python -m launchready.portfolio.matrix --projects-at REV [REV ...]   # product folders, NUL-terminated

A product is a Pulumi project (a directory holding Pulumi.yaml); its stacks are its Pulumi.NAME.yaml
files. Every stack but `prod` deploys in the first wave, `prod` in the second, after its own product's
other stacks (staging before prod). Hidden and virtualenv directories are not searched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from launchready.core.project import READABLE, project_stacks

LAST_WAVE = ("prod",)
"""Stacks deployed only after every other stack of the same product succeeded."""
SKIPPED = (".git", ".venv", "node_modules", "__pycache__")


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
    """One entry per stack: the product (project directory relative to root, "." for root) and stack."""
    rows = []
    for project in projects(root):
        product = project.relative_to(root).as_posix() or "."
        rows += [{"product": product, "stack": name} for name, _ in project_stacks(project)]
    return rows


def waves(root: Path) -> dict[str, object]:
    """{"first": {"include": [...]}, "then": {"include": [...]}, "products": [...]}: GitHub's matrix shape;
    an empty wave holds one placeholder entry the workflow skips (a matrix may not be empty)."""
    rows = entries(root)
    first = [row for row in rows if row["stack"] not in LAST_WAVE]
    then = [row for row in rows if row["stack"] in LAST_WAVE]
    placeholder = [{"product": "", "stack": ""}]
    return {"first": {"include": first or placeholder}, "then": {"include": then or placeholder},
            "products": sorted({row["product"] for row in rows})}


def main(argv: list[str]) -> None:
    if len(argv) > 2 and argv[1] == "--projects-at":
        sys.stdout.write("".join(f"{folder}\0" for folder in projects_at(argv[2:])))
        return
    root = Path(argv[1]) if len(argv) > 1 else Path(".")
    for key, value in waves(root).items():
        print(f"{key}={json.dumps(value, separators=(',', ':'))}")


if __name__ == "__main__":
    main(sys.argv)
