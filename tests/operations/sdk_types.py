"""Strict validation against the Cloudflare SDK's generated TypedDicts (cloudflare.types.*).

The SDK's TypedDicts accept unknown keys by default; a misspelt key would pass. `strict_adapter`
builds a pydantic TypeAdapter with extra="forbid" on the TypedDict and every TypedDict nested in it,
setting the config only while the schema is built, so the SDK's classes are left as they were.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import ConfigDict, TypeAdapter
from typing_extensions import get_type_hints, is_typeddict

_MISSING = object()


def nested_typeddicts(tp: Any, seen: set[Any]) -> Iterator[Any]:
    if is_typeddict(tp):
        if tp in seen:
            return
        seen.add(tp)
        yield tp
        for hint in get_type_hints(tp, include_extras=True).values():
            yield from nested_typeddicts(hint, seen)
        return
    for arg in typing.get_args(tp):
        yield from nested_typeddicts(arg, seen)


@contextmanager
def forbid_extra(root: Any) -> Iterator[None]:
    classes = list(nested_typeddicts(root, set()))
    saved = [(cls, cls.__dict__.get("__pydantic_config__", _MISSING)) for cls in classes]
    for cls in classes:
        cls.__pydantic_config__ = ConfigDict(extra="forbid")
    try:
        yield
    finally:
        for cls, old in saved:
            if old is _MISSING:
                del cls.__pydantic_config__
            else:
                cls.__pydantic_config__ = old


def strict_adapter(tp: Any) -> TypeAdapter[Any]:
    with forbid_extra(tp):
        return TypeAdapter(tp)
