"""Each workflow installs the extras the launchready commands it runs need (a missing one is exit 2 with
the extra's name, which in a deploy would stop the launch)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
NEEDS = (  # (what the command line contains, the extra it needs)
    (re.compile(r"launchready preflight"), "secrets"),
    (re.compile(r"launchready validate .*--ses-region"), "aws"),
    (re.compile(r"launchready email ses"), "aws"),
    (re.compile(r"launchready adopt .*--from-cloudflare"), "cloudflare"),
)


def installed_extras(text: str) -> set[str]:
    found = re.findall(r"pip install[^\n]*?['\"]?\.\[([a-z,]+)\]", text)
    return {extra for group in found for extra in group.split(",")}


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: Path(p).name)
def test_the_extras_each_command_needs_are_installed(workflow: Path) -> None:
    text = workflow.read_text()
    needed = {extra for pattern, extra in NEEDS if pattern.search(text)}
    assert needed <= installed_extras(text), f"{workflow.name} runs commands needing {sorted(needed)}"


def test_the_deploy_workflow_needs_secrets_and_installs_it() -> None:
    text = (WORKFLOWS / "deploy.yml").read_text()
    assert "secrets" in installed_extras(text) and "pulumi" in installed_extras(text)
