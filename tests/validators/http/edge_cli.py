"""Run `launchready validate --only http,tls` against a sandbox edge, the way a user would."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from launchready.sandbox.edge import Edge
from tests.clirun import CliRun, invoke
from tests.conftest import ROOT

Run = CliRun


def validate(stack: str, edge: Edge, bundle: Path, *extra: str, only: str = "http,tls",
             fmt: str = "json") -> Run:
    args = ["validate", "--project-dir", str(ROOT), "--stack", stack, "--only", only, "--format", fmt,
            "--timeout", "2", *edge.cli_args(bundle), *extra]
    return invoke(*args)


def validate_args(stack: str, args: Iterable[str], only: str = "http,tls") -> Run:
    return invoke("validate", "--project-dir", str(ROOT), "--stack", stack, "--only", only, "--format", "json", *args)
