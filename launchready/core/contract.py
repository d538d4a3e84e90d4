"""The version of launchready's machine outputs: every JSON document it writes carries `schema_version`,
and docs/schemas/ holds a JSON Schema for each (generated from the models by launchready.contracts).

Bump SCHEMA_VERSION when a document loses or renames a key or changes a key's type; adding a key keeps it.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 1


def versioned(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with `schema_version` first, where a reader looks before anything else."""
    return {"schema_version": SCHEMA_VERSION, **document}
