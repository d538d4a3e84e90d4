"""The GitHub Actions deploy matrix of a portfolio, computed from the stack files (stdlib only, so CI runs
it before installing anything):

    python -m launchready.portfolio.matrix [ROOT]   # prints `first=…`, `then=…` and `products=…` lines

A product is a Pulumi project (a directory holding Pulumi.yaml); its stacks are its Pulumi.NAME.yaml
files. Every stack but `prod` deploys in the first wave, `prod` in the second, after its own product's
other stacks (staging before prod). Hidden and virtualenv directories are not searched.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from launchready.core.project import READABLE, project_stacks

LAST_WAVE = ("prod",)
"""Stacks deployed only after every other stack of the same product succeeded."""
SKIPPED = (".git", ".venv", "node_modules", "__pycache__")


def projects(root: Path) -> list[Path]:
    """Every directory under `root` holding a Pulumi.yaml (or Pulumi.yml), outside hidden and tool directories."""
    found = {path.parent for name in READABLE for path in root.rglob(name)
             if not any(part.startswith(".") or part in SKIPPED for part in path.relative_to(root).parts[:-1])}
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
    root = Path(argv[1]) if len(argv) > 1 else Path(".")
    for key, value in waves(root).items():
        print(f"{key}={json.dumps(value, separators=(',', ':'))}")


if __name__ == "__main__":
    main(sys.argv)
