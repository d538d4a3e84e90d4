"""JSON read with limits (results files, `pulumi preview --json`): nesting depth is counted on the text
before parsing (Python's parser recurses and fails near 1,000 levels), integers are capped before Python
builds them, and a lone surrogate (`"\\ud800"`, valid JSON escape but not text) is refused."""

from __future__ import annotations

import json
import re
from typing import Any

from launchready.core.errors import InputError
from launchready.core.inputs import line_at, unsafe_character

MAX_DEPTH = 128
"""Nesting levels; a preview document needs about twenty."""
MAX_DIGITS = 40
"""Digits in an integer; 64-bit values need 20."""

TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def load_json(text: str, source: str, hint: str) -> Any:
    """The document, or InputError naming where it is wrong and what to give instead (`hint`)."""
    require_shallow(text, source)
    try:
        document = json.loads(text, parse_int=lambda digits: bounded_int(digits, source))
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); {hint}") from None
    require_text(document, source)
    return document


def require_shallow(text: str, source: str) -> None:
    depth = 0
    for token in TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"{source}: line {line_at(text, token.start())}: nested more than {MAX_DEPTH} "
                                 "levels deep; no launchready or Pulumi document is, so this is not one")
        elif bracket in "]}":
            depth -= 1


def bounded_int(digits: str, source: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise InputError(f"{source}: a number of {len(digits)} digits; no field of this document holds one "
                         f"longer than {MAX_DIGITS}")
    return int(digits)


def require_text(document: Any, source: str) -> None:
    """Every string (keys too) is text: a lone surrogate cannot be printed or written back as UTF-8."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str) and not value.isprintable():
            found = unsafe_character(value)
            if found and "surrogate" in found:
                raise InputError(f"{source}: a string holds {found}, which is not text; write the document "
                                 "again as UTF-8")
