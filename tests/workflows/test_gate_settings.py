"""scheduled.yml's check that the pull request gate is binding, run for real with a stand-in `gh` that
answers each REST path from a JSON file (through the real jq) and 404s the rest."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.workflows.pr_gate import stand_in
from tests.workflows.test_workflows import load

REPO = "repos/acme/shop"
BOUND = {
    f"{REPO}": {"default_branch": "main"},
    f"{REPO}/branches/main": {"protection": {"required_status_checks": {"contexts": ["launchready/dns-gate"]}}},
    f"{REPO}/rules/branches/main": [],
    f"{REPO}/environments/staging": {"deployment_branch_policy": {"protected_branches": False,
                                                                  "custom_branch_policies": True}},
    f"{REPO}/environments/staging/deployment-branch-policies": {"branch_policies": [{"name": "main",
                                                                                      "type": "branch"}]},
    f"{REPO}/environments/prod": {"deployment_branch_policy": {"protected_branches": False,
                                                               "custom_branch_policies": True}},
    f"{REPO}/environments/prod/deployment-branch-policies": {"branch_policies": [{"name": "main", "type": "branch"}]},
}
"""The answers of a repository whose gate binds: classic protection requires the status, both environments
deploy from main only."""
CODEOWNERS = "# the gate's owners\n/.github/ @acme/ops\n/launchready/ @acme/ops\n"


def check(tmp_path: Path, answers: dict[str, Any], owners: str | None = CODEOWNERS) -> tuple[int, str, str]:
    """Run the step in a folder holding `owners` as .github/CODEOWNERS; (exit code, log, job summary)."""
    gh = tmp_path / "gh"
    for path, answer in answers.items():
        (gh / "answers").mkdir(parents=True, exist_ok=True)
        (gh / "answers" / path.replace("/", "_")).write_text(json.dumps(answer))
    stand_in(gh, "gh", f'answer={gh / "answers"}/${{2//\\//_}}\n'
             '[ -f "$answer" ] || { echo "gh: Not Found (HTTP 404)" >&2; exit 1; }\njq -r "$4" "$answer"')
    work = tmp_path / "work"
    (work / ".github").mkdir(parents=True)
    if owners is not None:
        (work / ".github" / "CODEOWNERS").write_text(owners)
    job = load(ROOT / ".github" / "workflows" / "scheduled.yml")["jobs"]["gate"]
    step = next(s for s in job["steps"] if s.get("name") == "Check the repository settings")
    summary = tmp_path / "summary.md"
    env = {**os.environ, **step["env"], "GH_TOKEN": "x", "REPO": "acme/shop", "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{gh}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    return done.returncode, done.stdout + done.stderr, summary.read_text() if summary.exists() else ""


def test_a_bound_gate_passes(tmp_path: Path) -> None:
    code, log, _ = check(tmp_path, BOUND)
    assert code == 0, log
    assert "the gate is binding: main requires launchready/dns-gate" in log


def test_a_ruleset_requiring_the_status_counts_too(tmp_path: Path) -> None:
    rules = [{"type": "pull_request", "parameters": {}},
             {"type": "required_status_checks", "parameters": {"required_status_checks": [
                 {"context": "launchready/dns-gate", "integration_id": 15368}]}}]
    code, log, _ = check(tmp_path, {**BOUND, f"{REPO}/branches/main": {"protection": {}},
                                    f"{REPO}/rules/branches/main": rules})
    assert code == 0, log


@pytest.mark.parametrize(("change", "owners", "said"), [
    ({f"{REPO}/branches/main": {"protection": {"required_status_checks": {"contexts": ["ci"]}}}}, CODEOWNERS,
     "main does not require the launchready/dns-gate status"),
    ({}, "/launchready/ @acme/ops\n", "no CODEOWNERS line owns .github/"),
    ({}, None, "no CODEOWNERS line owns .github/"),
    ({f"{REPO}/environments/prod": {"deployment_branch_policy": None}}, CODEOWNERS,
     "environment prod lets branches other than main deploy"),
    ({f"{REPO}/environments/prod/deployment-branch-policies": {"branch_policies": [
        {"name": "main", "type": "branch"}, {"name": "release/*", "type": "branch"}]}}, CODEOWNERS,
     "environment prod lets branches other than main deploy"),
], ids=["status-not-required", "no-owner-for-github", "no-codeowners", "any-branch-deploys", "two-branches-deploy"])
def test_a_missing_setting_fails_and_says_how_to_fix_it(tmp_path: Path, change: dict[str, Any], owners: str | None,
                                                        said: str) -> None:
    code, log, summary = check(tmp_path, {**BOUND, **change}, owners)
    assert code == 1
    assert f"::error::{said}" in log and summary.startswith("#### The pull request gate is not binding\n\n- ")
    assert said in summary


def test_a_missing_environment_is_named(tmp_path: Path) -> None:
    answers = {path: answer for path, answer in BOUND.items() if "/environments/staging" not in path}
    code, log, _ = check(tmp_path, answers)
    assert code == 1 and "environment staging does not exist (or cannot be read)" in log


def test_the_environments_checked_are_the_ones_deploy_uses() -> None:
    job = load(ROOT / ".github" / "workflows" / "scheduled.yml")["jobs"]["gate"]
    step = next(s for s in job["steps"] if s.get("name") == "Check the repository settings")
    deploy = load(ROOT / ".github" / "workflows" / "deploy.yml")["jobs"]["deploy"]
    assert step["env"]["ENVIRONMENTS"].split() == deploy["strategy"]["matrix"]["stack"]
    assert step["env"]["GATE_CONTEXT"] == load(ROOT / ".github" / "workflows" / "pr-diff.yml")["env"]["GATE_CONTEXT"]
    assert job["permissions"] == {"contents": "read", "actions": "read", "issues": "write"}
