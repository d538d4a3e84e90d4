"""Checks on every value of a spec before the models see it, wherever the values came from (a stack
file read here, or the config `pulumi up` hands the program): no private key (launchready.core.private_keys),
no control characters, no value longer than any DNS record can hold."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from launchready.core.errors import Problem
from launchready.core.inputs import unsafe_character
from launchready.core.private_keys import PRIVATE_KEY_MESSAGE, is_private_key
from launchready.core.spec.messages import key_path

MAX_TEXT = 65535
"""No value of a spec needs more: DNS caps one record's data at 65,535 bytes (RFC 1035 §3.2.1)."""


def unsafe_values(data: Any) -> Iterator[Problem]:
    """A Problem for each string (key or value) holding a control character or longer than MAX_TEXT."""
    pending: list[tuple[tuple[int | str, ...], Any]] = [((), data)]
    while pending:
        loc, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                yield from text_problems(loc, str(key))
                pending.append(((*loc, str(key)), item))
        elif isinstance(value, list | tuple):
            pending.extend(((*loc, index), item) for index, item in enumerate(value))
            yield from split_key_problems(loc, value)
        elif isinstance(value, str):
            yield from text_problems(loc, value)


def split_key_problems(loc: tuple[int | str, ...], items: list[Any] | tuple[Any, ...]) -> Iterator[Problem]:
    """A private key split over a TXT record's strings: each piece alone may be too short to tell."""
    strings = [item for item in items if isinstance(item, str)]
    split = len(strings) > 1 and len(strings) == len(items) and not any(map(is_private_key, strings))
    if split and is_private_key("".join(strings)):
        yield Problem(key_path(loc), PRIVATE_KEY_MESSAGE)


def text_problems(loc: tuple[int | str, ...], text: str) -> Iterator[Problem]:
    if len(text) <= MAX_TEXT and is_private_key(text):
        yield Problem(key_path(loc), PRIVATE_KEY_MESSAGE)  # before its newlines or length are judged
    elif len(text) > MAX_TEXT:
        yield Problem(key_path(loc), f"is {len(text):,} characters long; no DNS record holds more than "
                      f"{MAX_TEXT:,} bytes of data (RFC 1035 §3.2.1), so no value of the spec may be longer")
    elif found := unsafe_character(text):
        yield Problem(key_path(loc), f"holds {found}; DNS names, record text and settings take printable text "
                      "only (a control character would also reach a terminal raw); remove it")
