"""JSON read with limits, the one JSON reader for what launchready is handed (results files, `pulumi preview
--json`, credentials, the app-link files a server under test serves): nesting depth is counted on the text
before parsing (Python's parser recurses and fails near 1,000 levels), integers are capped before Python
builds them, a lone surrogate (`"\\ud800"`, valid JSON escape but not text) is refused, and so are `NaN`,
`Infinity`, `-Infinity` and a number beyond a 64-bit float (`1e99999`): RFC 8259 §6 has no such values,
strict parsers (the phones' app-link verifiers among them) refuse them, while Python's json module reads
them as float('nan') and float('inf'). Each refusal names its line and column."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from launchready.core.errors import InputError
from launchready.core.inputs import line_at, unsafe_character

MAX_DEPTH = 128
"""Nesting levels; a preview document needs about twenty."""
MAX_DIGITS = 40
"""Digits in an integer; 64-bit values need 20."""

STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"?'
"""A string, skipped whole in one linear pass: its closing quote is optional, so an unterminated string (a
hostile `"` then `\\"` 32,000 times) is one match to the end of the text, never a backtrack from every later
quote (quadratic); json.loads then reports it."""
TOKENS = re.compile(rf'{STRING}|[\[\]{{}}]', re.S)
VALUES = re.compile(rf'{STRING}|-?Infinity|NaN|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?', re.S)
"""Strings (skipped) and the tokens Python's json scanner hands to parse_int, parse_float and parse_constant."""


class Refused(Exception):
    """A value JSON does not have, or too big to build: `token` as the parser saw it, and why."""

    def __init__(self, token: str, why: str) -> None:
        super().__init__(why)
        self.token, self.why = token, why


def load_json(text: str, source: str, hint: str) -> Any:
    """The document, or InputError naming where it is wrong and what to give instead (`hint`)."""
    require_shallow(text, source)
    try:
        document = json.loads(text, parse_int=bounded_int, parse_float=finite_float, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); {hint}") from None
    except Refused as refused:
        raise InputError(f"{source}: not JSON ({position(text, refused.token)}: {refused.why}); {hint}") from None
    require_text(document, source)
    return document


def position(text: str, token: str) -> str:
    """'line L, column C' of the first `token` outside strings: the one the parser refused, as the text
    before it parsed (so its strings are whole)."""
    offset = next((m.start() for m in VALUES.finditer(text) if m.group() == token), 0)
    return f"line {line_at(text, offset)}, column {offset - text.rfind(chr(10), 0, offset)}"


def no_constant(token: str) -> float:
    raise Refused(token, f"{token} is not a JSON value (RFC 8259 §6 has no NaN or Infinity)")


def finite_float(token: str) -> float:
    value = float(token)
    if math.isinf(value):
        shown = token if len(token) <= 24 else f"{token[:20]}… ({len(token)} characters)"
        raise Refused(token, f"the number {shown} is beyond the range of a 64-bit float (about 1.8e308, the "
                      "range RFC 8259 §6 says readers agree on)")
    return value


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


def bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise Refused(digits, f"a number of {len(digits)} digits; no field of this document holds one longer "
                      f"than {MAX_DIGITS}")
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
