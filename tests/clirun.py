"""Run the CLI in-process as a user would, and read its JSON report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from typer.testing import CliRunner

from launchready.cli import app

runner = CliRunner()


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.stdout)
        return document

    def ids(self, severity: str = "error") -> set[str]:
        return {f["check"] for f in self.report["findings"] if f["severity"] == severity}

    def findings(self, check: str, severity: str | None = None) -> list[dict[str, Any]]:
        return [f for f in self.report["findings"]
                if f["check"] == check and (severity is None or f["severity"] == severity)]


def invoke(*args: str) -> CliRun:
    """The command's exit code and output; an exception other than the exit itself fails the test."""
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliRun(result.exit_code, result.stdout, result.stderr)
