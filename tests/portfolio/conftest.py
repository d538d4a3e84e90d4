"""A project of three small stacks on their own zones (written here, not the example stacks)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.diff.conftest import STAGING, Repo, stack_yaml

ZONES = {"alpha": "alpha.test", "beta": "beta.test", "gamma": "gamma.test"}


def spec_for(zone: str) -> dict[str, Any]:
    spec = copy.deepcopy(STAGING)
    spec["zone"] = zone
    return spec


def write_project(path: Path, stacks: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    for name, zone in stacks.items():
        (path / f"Pulumi.{name}.yaml").write_text(stack_yaml(spec_for(zone)))
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`portfolio/` under a temporary working directory (relative paths keep golden output stable)."""
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path / "portfolio", ZONES)
    return Path("portfolio")


@pytest.fixture
def portfolio_repo(tmp_path: Path) -> Repo:
    made = Repo(write_project(tmp_path / "repo", ZONES))
    made.git("init", "-q", "-b", "main")
    made.git("add", "-A")
    made.git("commit", "-q", "-m", "portfolio")
    return made
