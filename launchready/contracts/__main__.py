"""`python -m launchready.contracts [FOLDER]`: write the JSON Schemas (default docs/schemas/)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from launchready.contracts import DOCUMENTS, json_schema
from launchready.core.files import write_atomic


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in DOCUMENTS:
        write_atomic(folder / f"{name}.schema.json", (json.dumps(json_schema(name), indent=2) + "\n").encode())
        print(f"wrote {folder / name}.schema.json")


main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/schemas"))
