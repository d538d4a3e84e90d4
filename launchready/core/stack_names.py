"""Pulumi stack names, checked before a name becomes a file name (`Pulumi.NAME.yaml`). Light on purpose:
the portfolio's target selection checks names before any heavy import."""

from __future__ import annotations

import re
from pathlib import Path

from launchready.core.errors import InputError
from launchready.core.redact import shown

STACK_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")
"""Pulumi's stack names: letters, digits, hyphens, underscores and periods (Pulumi docs, "Stacks", read
2026-11); so a name never reaches outside the project folder or carries a control character."""


def is_stack_name(name: str) -> bool:
    return STACK_NAME.fullmatch(name) is not None and name.strip(".") != ""


def require_stack_name(name: str) -> str:
    """`name`, or bad input saying why it is not a stack name (never echoing a control character)."""
    if not is_stack_name(name):
        why = "is longer than 100 characters" if len(name) > 100 else "is not a stack name"
        raise InputError(f"--stack {shown(name)} {why}: Pulumi's have 1 to 100 letters, digits, '-', '_' and '.', "
                         "and are not just dots; give the NAME of Pulumi.NAME.yaml (--stack-file PATH reads a "
                         "file elsewhere)")
    return name


def name_of_file(filename: str, suffix: str = ".yaml") -> str | None:
    """NAME of a file named Pulumi.NAME.yaml (`suffix`: the project file's extension, launchready.core.project)
    when NAME is a stack name (`prod`, `prod.eu`), else None: Pulumi.yaml is the project, and Pulumi..yaml no
    stack Pulumi would read."""
    if not (filename.startswith("Pulumi.") and filename.endswith(suffix)):
        return None
    name = filename[len("Pulumi."):-len(suffix)]
    return name if is_stack_name(name) else None


def stack_files(folder: Path, suffix: str = ".yaml") -> list[tuple[str, Path]]:
    """(NAME, path) of every stack file in `folder`, by name: the files --all-stacks takes."""
    named = ((name_of_file(path.name, suffix), path) for path in folder.glob(f"Pulumi.*{suffix}"))
    return sorted((name, path) for name, path in named if name is not None)
