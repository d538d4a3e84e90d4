"""Read a `launchready validate --format json` document back into a Report (schema: Report.document)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from launchready.core.contract import SCHEMA_VERSION
from launchready.core.errors import InputError
from launchready.core.findings import Finding, Report
from launchready.core.inputs import RESULTS_FILE, read_text
from launchready.core.inputs.jsondoc import load_json


def load_results(path: Path) -> Report:
    document = load_json(read_text(path, RESULTS_FILE), f"--results {path}",
                         "give the output of `launchready validate --format json`")
    version = document.get("schema_version", 1) if isinstance(document, dict) else None
    if version != SCHEMA_VERSION:
        raise InputError(f"--results {path}: schema_version {str(version)[:20]}, but this launchready reads "
                         f"{SCHEMA_VERSION}; run the same launchready version for validate and report")
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise InputError(f"--results {path}: no findings list; give the output of "
                         "`launchready validate --format json`")
    raw_summary = document.get("summary")
    summary: dict[str, Any] = raw_summary if isinstance(raw_summary, dict) else {}
    try:
        findings = [Finding.model_validate(item) for item in document["findings"]]
        return Report.of(findings, stack=summary.get("stack"), families=tuple(summary.get("families") or ()),
                         elapsed_seconds=summary.get("elapsed_seconds"), notes=tuple(document.get("notes") or ()))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"--results {path}: finding {first['loc']} is not valid ({first['msg']})") from None
