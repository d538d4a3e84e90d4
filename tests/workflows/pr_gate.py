"""A pull request as pr-diff.yml meets it, on loopback: a bare repository stands for GitHub (the default
branch, and the pull request's head only under refs/pull/1/head, as for a fork), the runner's checkout is
a clone of the default branch, and a step's shell runs as Actions runs it (`bash -e`, GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY given). Stand-in `gh` answers from a JSON file through the real jq."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT
from tests.diff.conftest import GIT_ENV, Repo

WORKFLOW = ROOT / ".github" / "workflows" / "pr-diff.yml"
LAUNCHREADY = str(ROOT / ".venv" / "bin" / "launchready")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
"""The default branch's interpreter (the steps' PYTHON: product folders are listed with it)."""


def document() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(loaded, dict)
    return loaded


def step(job: str, key: str) -> dict[str, Any]:
    """The step of `job` whose id or name is `key`."""
    found = [s for s in document()["jobs"][job]["steps"] if key in (s.get("id"), s.get("name"))]
    assert len(found) == 1, key
    return found[0]


@dataclass(frozen=True)
class PullRequest:
    """The runner's checkout (`workspace`, the default branch) and what the event names."""

    workspace: Path
    base: str
    head: str
    tmp: Path


def open_pull_request(repo: Repo, base_ref: str = "main") -> PullRequest:
    """`repo`'s main is the base, its branch `pr` the head; GitHub holds the head only as refs/pull/1/head."""
    tmp = repo.path.parent
    origin, workspace = tmp / "origin.git", tmp / "workspace"
    git(tmp, "clone", "-q", "--bare", str(repo.path), str(origin))
    head = git(origin, "rev-parse", "pr")
    git(origin, "update-ref", "refs/pull/1/head", head)
    git(origin, "branch", "-q", "-D", "pr")
    git(tmp, "clone", "-q", str(origin), str(workspace))
    base = git(workspace, "rev-parse", f"origin/{base_ref}")
    git(workspace, "checkout", "-q", "--detach", base)
    return PullRequest(workspace, base, head, tmp)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True,
                          check=True, timeout=30)
    return done.stdout.strip()


@dataclass(frozen=True)
class Ran:
    result: subprocess.CompletedProcess[str]
    outputs: dict[str, str]
    summary: str


def run(pr: PullRequest, job: str, key: str, env: dict[str, str], path: str | None = None) -> Ran:
    """Run one step's shell in the workspace; `path` is put first on PATH (stand-in tools)."""
    output, summary = pr.tmp / f"{key}.output", pr.tmp / "summary.md"
    output.write_text("")
    full = {**os.environ, **GIT_ENV, "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(pr.tmp / "runner-temp"), "OVERRIDE_LABEL": "dns-danger-approved", "PYTHON": PYTHON,
            **env}
    if path:
        full["PATH"] = f"{path}:{os.environ['PATH']}"
    result = subprocess.run(["bash", "-e", "-c", step(job, key)["run"]], cwd=pr.workspace, env=full,
                            capture_output=True, text=True, timeout=120, check=False)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return Ran(result, outputs, summary.read_text() if summary.exists() else "")


def fetch(pr: PullRequest) -> Ran:
    """The fetch-and-merge step: outputs base and merge."""
    return run(pr, "diff", "pr", {"TOKEN": "not-a-token", "HEAD_SHA": pr.head, "BASE_REF": "main"})


def diff(pr: PullRequest, launchready: str = LAUNCHREADY) -> Ran:
    """The fetch step, then the diff step with its outputs, as the workflow wires them."""
    fetched = fetch(pr)
    assert fetched.result.returncode == 0, fetched.result.stderr
    return run(pr, "diff", "diff", {"BASE_SHA": fetched.outputs["base"], "MERGE_SHA": fetched.outputs["merge"],
                                    "NAMES": fetched.outputs["names"], "HEAD_SHA": pr.head, "TRUSTED_SHA": pr.base,
                                    "LAUNCHREADY": launchready})


def comment(pr: PullRequest) -> str:
    return (pr.workspace / "comment.md").read_text()


def stand_in(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    tool = directory / name
    tool.write_text(f"#!/bin/bash\n{body}\n")
    tool.chmod(0o755)
    return tool


def fake_gh(directory: Path, answer: str) -> Path:
    """A `gh api ... --jq EXPR` that applies EXPR with jq to `answer` (a JSON document) and logs its call."""
    (directory / "answer.json").parent.mkdir(parents=True, exist_ok=True)
    (directory / "answer.json").write_text(answer)
    stand_in(directory, "gh", f'echo "$*" >> {directory / "gh.log"}\n'
             'while [ $# -gt 0 ]; do if [ "$1" = --jq ]; then jq -r "$2" ' f'{directory / "answer.json"}; fi; '
             'shift; done')
    return directory
