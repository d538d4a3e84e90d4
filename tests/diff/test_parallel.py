"""A big stack's two ends are planned at once (the base in a forked child): the diff must be the same,
byte for byte, and bad input at the base must say the same thing, as when both are planned here."""

from __future__ import annotations

import copy
import sys

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.diff import parallel
from tests.diff.conftest import STAGING, Repo

runner = CliRunner()
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the forked base is used on Linux only")


def diff(repo: Repo, monkeypatch: pytest.MonkeyPatch, big: int) -> tuple[int, str, str]:
    monkeypatch.setattr(parallel, "BIG", big)
    result = runner.invoke(app, ["diff", "--stack", "staging", "--project-dir", str(repo.path), "--base", "main",
                                 "--format", "json"])
    return result.exit_code, result.stdout, result.stderr


def test_the_forked_base_gives_the_same_diff(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit(STAGING, "staging")
    changed = copy.deepcopy(STAGING)
    changed["records"] = [r for r in changed["records"] if r["type"] != "MX"]
    repo.write(changed)
    forked, here = diff(repo, monkeypatch, 0), diff(repo, monkeypatch, 10**12)
    assert forked == here and forked[0] == 0 and '"rule": "record.mx"' in forked[1]


def test_bad_input_at_the_base_says_the_same_from_the_child(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = copy.deepcopy(STAGING)
    broken["hosts"]["www"] = {"ttl": 300}  # a proxied host with a TTL: a spec error
    repo.commit(broken, "broken")
    repo.write(STAGING)
    forked, here = diff(repo, monkeypatch, 0), diff(repo, monkeypatch, 10**12)
    assert forked == here and forked[0] == 2 and "main:Pulumi.staging.yaml" in forked[2]
