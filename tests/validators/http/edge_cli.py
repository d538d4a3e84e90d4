"""Run `launchready validate --only http,tls` against a sandbox edge, the way a user would."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from launchready.cli import app
from launchready.sandbox.edge import Edge
from tests.conftest import ROOT

runner = CliRunner()


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.stdout)
        return document

    def ids(self, severity: str) -> set[str]:
        return {f["check"] for f in self.report["findings"] if f["severity"] == severity}

    def findings(self, check: str, severity: str | None = None) -> list[dict[str, Any]]:
        return [f for f in self.report["findings"]
                if f["check"] == check and (severity is None or f["severity"] == severity)]


def validate(stack: str, edge: Edge, bundle: Path, *extra: str, only: str = "http,tls",
             fmt: str = "json") -> Run:
    args = ["validate", "--project-dir", str(ROOT), "--stack", stack, "--only", only, "--format", fmt,
            "--timeout", "2", *edge.cli_args(bundle), *extra]
    result = runner.invoke(app, args)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def validate_args(stack: str, args: Iterable[str], only: str = "http,tls") -> Run:
    result = runner.invoke(app, ["validate", "--project-dir", str(ROOT), "--stack", stack, "--only", only,
                                 "--format", "json", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)
