"""The config reference names every key the spec accepts, so the docs cannot fall behind the models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from launchready.core.spec.messages import nested_model
from launchready.core.spec.models import DomainSpec
from tests.conftest import ROOT

COLLECTIONS = {"hosts": "hosts.<label>"}
LIST_ITEMS = {"records", "redirects"}


def key_paths(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, field in model.model_fields.items():
        key = field.alias or name
        path = COLLECTIONS.get(key, f"{prefix}{key}")
        inner: Any = nested_model(field.annotation)
        if prefix.rstrip(".") in LIST_ITEMS or (inner is None or key in LIST_ITEMS):
            yield key if prefix.rstrip(".") in LIST_ITEMS else path
        if inner is not None:
            yield from key_paths(inner, "" if key in LIST_ITEMS else f"{path}.")


def test_every_spec_key_is_documented() -> None:
    reference = (ROOT / "docs" / "config.md").read_text()
    missing = [path for path in key_paths(DomainSpec) if f"`{path}`" not in reference]
    assert not missing, f"docs/config.md does not describe: {missing}"
