"""Pulumi stack names, checked before a name becomes a file name (`Pulumi.NAME.yaml`). Light on purpose:
the portfolio's target selection checks names before any heavy import."""

from __future__ import annotations

import re

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
