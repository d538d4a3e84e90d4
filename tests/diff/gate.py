"""`launchready diff --fail-on-dangerous` between two committed revisions of the staging stack: what the
danger tests share (the base committed, the head written, the verdict and the dangers read back)."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from launchready.cli import app
from tests.diff.conftest import Repo

runner = CliRunner()


def run(repo: Repo, base: dict[str, Any], head: dict[str, Any], fmt: str) -> tuple[int, str]:
    repo.commit(base, "base")
    repo.write(head)
    result = runner.invoke(app, ["diff", "--stack", "staging", "--project-dir", str(repo.path), "--base", "HEAD",
                                 "--format", fmt, "--fail-on-dangerous"])
    return result.exit_code, result.stdout


def dangers(repo: Repo, base: dict[str, Any], head: dict[str, Any]) -> tuple[int, list[dict[str, str]]]:
    code, out = run(repo, base, head, "json")
    return code, json.loads(out)["dangerous"]
