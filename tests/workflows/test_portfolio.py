"""The portfolio workflow: the matrix computed from the stack files, staging before prod per product, a
concurrency group per stack, no fail-fast; its shell steps run for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from launchready.portfolio.matrix import waves
from tests.conftest import ROOT, missing_tool
from tests.workflows.test_workflows import WORKFLOWS, load

WORKFLOW = WORKFLOWS / "portfolio.yml"


def job(name: str) -> dict[str, Any]:
    jobs: dict[str, Any] = load(WORKFLOW)["jobs"]
    return jobs[name]


def step(job_name: str, name: str) -> dict[str, Any]:
    return next(s for s in job(job_name)["steps"] if s.get("name") == name)


def test_matrix_comes_from_the_stack_files_staging_first(tmp_path: Path) -> None:
    for product, stacks in {"shop": ("staging", "prod"), "blog": ("prod",), "api/v2": ("dev", "staging")}.items():
        (tmp_path / product).mkdir(parents=True)
        (tmp_path / product / "Pulumi.yaml").write_text("name: launchready\n")
        for stack in stacks:
            (tmp_path / product / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (tmp_path / ".venv" / "x").mkdir(parents=True)
    (tmp_path / ".venv" / "x" / "Pulumi.yaml").write_text("name: ignored\n")
    found = waves(tmp_path)
    assert found["first"] == {"include": [{"product": "api/v2", "stack": "dev"},
                                          {"product": "api/v2", "stack": "staging"},
                                          {"product": "shop", "stack": "staging"}]}
    assert found["then"] == {"include": [{"product": "blog", "stack": "prod"}, {"product": "shop", "stack": "prod"}]}
    assert found["products"] == ["api/v2", "blog", "shop"]


def test_the_matrix_step_runs_on_this_repository() -> None:
    command = step("matrix", "Compute the matrix (stdlib only, nothing installed)")["run"]
    output = subprocess.run(["bash", "-c", command.replace('"$GITHUB_OUTPUT"', "/dev/stdout")], cwd=ROOT,
                            capture_output=True, text=True, check=True, timeout=30,
                            env={"PATH": os.environ["PATH"], "PYTHONNOUSERSITE": "1"}).stdout
    values = dict(line.split("=", 1) for line in output.splitlines())
    assert json.loads(values["first"])["include"] == [{"product": ".", "stack": "staging"}]
    assert json.loads(values["then"])["include"] == [{"product": ".", "stack": "prod"}]


def test_each_stack_has_its_own_concurrency_group_and_no_fail_fast() -> None:
    for name in ("stage", "prod"):
        assert job(name)["strategy"]["fail-fast"] is False
        assert job(name)["concurrency"]["group"] == "deploy-${{ matrix.product }}-${{ matrix.stack }}"
        assert job(name)["concurrency"]["cancel-in-progress"] is False
    assert job("stage")["strategy"]["matrix"] == "${{ fromJSON(needs.matrix.outputs.first) }}"
    assert job("prod")["strategy"]["matrix"] == "${{ fromJSON(needs.matrix.outputs.then) }}"
    assert "concurrency" not in load(WORKFLOW)  # no global lock: one product never waits for another


def test_prod_runs_after_staging_even_when_another_product_failed() -> None:
    assert job("prod")["needs"] == ["matrix", "stage"]
    assert job("prod")["if"] == "always() && needs.matrix.result == 'success'"
    assert job("prod")["steps"][0]["name"] == "This product's other stacks succeeded"


def require_jq() -> None:
    """The gate's --jq filter runs on the real jq (GitHub's runners have it; .ci/run installs it)."""
    if shutil.which("jq"):
        return
    missing_tool("jq is not installed: apt-get install jq (.ci/run does it)")


def gate(tmp_path: Path, jobs: list[dict[str, str]], product: str) -> subprocess.CompletedProcess[str]:
    """The prod gate's shell with a stand-in `gh` that answers this run's jobs, filtered by the real jq."""
    require_jq()
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (tmp_path / "jobs.json").write_text(json.dumps({"jobs": jobs}))
    (fake / "gh").write_text(f"#!{sys.executable}\nimport subprocess, sys\nq = sys.argv[sys.argv.index('--jq') + 1]\n"
                             f"sys.exit(subprocess.run(['jq', '-r', q, '{tmp_path / 'jobs.json'}']).returncode)\n")
    (fake / "gh").chmod(0o755)
    env = {"PATH": f"{fake}:{os.environ['PATH']}", "PRODUCT": product, "STACK": "prod",
           "GITHUB_REPOSITORY": "example/portfolio", "GITHUB_RUN_ID": "1", "GITHUB_RUN_ATTEMPT": "1"}
    script = job("prod")["steps"][0]["run"]
    return subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, timeout=30,
                          check=False)


def test_prod_gate_stops_only_the_product_whose_staging_failed(tmp_path: Path) -> None:
    jobs = [{"name": "Stage shop/staging", "conclusion": "failure"},
            {"name": "Stage blog/staging", "conclusion": "success"},
            {"name": "Stage shopfront/staging", "conclusion": "success"}]
    stopped = gate(tmp_path, jobs, "shop")
    assert stopped.returncode == 1 and "not deploying shop/prod: Stage shop/staging" in stopped.stdout
    assert gate(tmp_path, jobs, "blog").returncode == 0
    assert gate(tmp_path, jobs, "shopfront").returncode == 0
