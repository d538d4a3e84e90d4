"""The portfolio workflow: the matrix computed from the stack files (the standard library and PyYAML only, a
broken product left out alone, GitHub's 256-job matrix limit kept), staging before prod per product, a
concurrency group per stack, no fail-fast; its shell steps run for real (the prod gate and the tip check:
test_portfolio_gate.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from launchready.portfolio.matrix import waves
from tests.conftest import ROOT, missing_tool
from tests.workflows.test_workflows import WORKFLOWS, load

WORKFLOW = WORKFLOWS / "portfolio.yml"


def job(name: str) -> dict[str, Any]:
    jobs: dict[str, Any] = load(WORKFLOW)["jobs"]
    return jobs[name]


def step(job_name: str, name: str) -> dict[str, Any]:
    return next(s for s in job(job_name)["steps"] if s.get("name") == name)


def products(root: Path, layout: dict[str, tuple[str, ...]]) -> Path:
    for product, stacks in layout.items():
        (root / product).mkdir(parents=True, exist_ok=True)
        (root / product / "Pulumi.yaml").write_text("name: launchready\n")
        for stack in stacks:
            (root / product / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    return root


def test_matrix_comes_from_the_stack_files_staging_first(tmp_path: Path) -> None:
    products(tmp_path, {"shop": ("staging", "prod"), "blog": ("prod",), "api/v2": ("dev", "staging", "prod")})
    (tmp_path / ".venv" / "x").mkdir(parents=True)
    (tmp_path / ".venv" / "x" / "Pulumi.yaml").write_text("name: ignored\n")
    found = waves(tmp_path)
    assert found["stage_1"] == {"include": [{"product": "api/v2", "stack": "dev"},
                                            {"product": "api/v2", "stack": "staging"},
                                            {"product": "shop", "stack": "staging"}]}
    assert found["prod"] == {"include": [{"product": "api/v2", "stack": "prod", "after": ["dev", "staging"]},
                                         {"product": "blog", "stack": "prod", "after": []},
                                         {"product": "shop", "stack": "prod", "after": ["staging"]}]}
    assert found["products"] == ["api/v2", "blog", "shop"] and found["broken"] == []


def matrix_step(cwd: Path, stage_jobs: int | None = None, python: str = sys.executable,
                path: str = str(ROOT)) -> subprocess.CompletedProcess[str]:
    """The workflow's matrix step as CI runs it in `cwd` (`python` the interpreter given, `$GITHUB_OUTPUT` a
    file; `stage_jobs` in place of the workflow's --stage-jobs)."""
    fake = cwd / ".bin"
    fake.mkdir(exist_ok=True)
    (fake / "python").write_text(f'#!/bin/sh\nexec {python} "$@"\n')
    (fake / "python").chmod(0o755)
    command = step("matrix", "Compute the matrix (the standard library and PyYAML; launchready is not installed)")
    (cwd / ".output").write_text("")
    run = command["run"] if stage_jobs is None else re.sub(r"--stage-jobs \d+", f"--stage-jobs {stage_jobs}",
                                                           command["run"])
    return subprocess.run(["bash", "-e", "-c", run], cwd=cwd,
                          capture_output=True, text=True, check=False, timeout=30,
                          env={"PATH": f"{fake}:{os.environ['PATH']}", "GITHUB_OUTPUT": str(cwd / ".output"),
                               "PYTHONPATH": path, "PYTHONNOUSERSITE": "1"})


def outputs(cwd: Path) -> dict[str, Any]:
    return {key: json.loads(value) for key, value in
            (line.split("=", 1) for line in (cwd / ".output").read_text().splitlines())}


def test_the_matrix_step_needs_only_the_standard_library_and_pyyaml(tmp_path: Path) -> None:
    """`python -S`: no site-packages; PYTHONPATH holds PyYAML alone, which the step before installs."""
    (tmp_path / "only-yaml").mkdir()
    (tmp_path / "only-yaml" / "yaml").symlink_to(Path(yaml.__file__).parent)
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "launchready", copy / "launchready", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "Pulumi.yaml", copy)
    for stack in ROOT.glob("Pulumi.*.yaml"):
        shutil.copy(stack, copy)
    bare = f"{sys.executable} -S"
    ran = matrix_step(copy, python=bare, path=str(tmp_path / "only-yaml"))
    assert ran.returncode == 0, ran.stderr
    assert outputs(copy)["stage_1"]["include"] == [{"product": ".", "stack": "staging"}]
    assert outputs(copy)["prod"]["include"] == [{"product": ".", "stack": "prod", "after": ["staging"]}]
    assert "No module named 'yaml'" in matrix_step(copy, python=bare).stderr  # what the install step is for
    install = step("matrix", "Install PyYAML, the one package the matrix needs (it reads each Pulumi.yaml)")["run"]
    requirement = next(dep for dep in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
                       if dep.startswith("PyYAML"))
    assert install == f"python -m pip install --quiet '{requirement}'"


def test_one_unreadable_project_file_leaves_that_product_out_only(tmp_path: Path) -> None:
    products(tmp_path, {"shop": ("staging", "prod"), "broken": ("staging",), "odd\nname": ("staging",)})
    (tmp_path / "broken" / "Pulumi.yaml").write_text("name: broken\nruntime: [python\n")
    ran = matrix_step(tmp_path)
    assert ran.returncode == 0, ran.stderr
    found = outputs(tmp_path)
    assert found["products"] == ["shop"] and "Traceback" not in ran.stderr
    assert [item["product"] for item in found["broken"]] == ["broken", "odd\nname"]
    said = ran.stderr.splitlines()
    assert said[0].startswith("::error file=broken/Pulumi.yaml::product broken is not deployed: broken/Pulumi.yaml: "
                              "line 3")
    assert said[1].startswith("::error file=odd%0Aname/Pulumi.yaml::product odd%0Aname is not deployed: the folder")
    left_out = job("left-out")
    assert left_out["if"] == "needs.matrix.outputs.broken != '[]'"
    require_jq()
    failed = subprocess.run(["bash", "-e", "-c", left_out["steps"][0]["run"]], capture_output=True, text=True,
                            timeout=30, check=False, env={"PATH": os.environ["PATH"],
                                                          "BROKEN": json.dumps(found["broken"])})
    assert failed.returncode == 1
    assert failed.stdout.splitlines()[1].startswith("::error::odd%0Aname was not deployed: the folder name")


def test_more_stacks_than_the_stage_jobs_hold_is_refused_before_anything_deploys(tmp_path: Path) -> None:
    big = products(tmp_path / "big", {f"p{number:03}": ("dev", "staging", "prod") for number in range(150)})
    found = waves(big, stage_jobs=2)
    assert [len(found[f"stage_{number}"]["include"]) for number in (1, 2)] == [256, 44]  # type: ignore[index]
    assert found["stage_filled"] == 2 and len(found["prod"]["include"]) == 150  # type: ignore[index]
    assert waves(products(tmp_path / "small", {"shop": ("staging",)}), 2)["stage_2"] == {
        "include": [{"product": "", "stack": ""}]}
    refused = matrix_step(big, stage_jobs=1)
    assert refused.returncode == 2 and (big / ".output").read_text() == ""
    assert refused.stderr.startswith("::error::the stage wave has 300 stacks but portfolio.yml runs 1 stage job(s) "
                                     "of at most 256 (GitHub's limit per matrix); nothing was deployed: add a stage")


def test_the_workflow_has_as_many_stage_jobs_as_the_matrix_fills_and_they_match() -> None:
    """Each stage job past the first is a copy of the first that takes the next 256 stacks after the one before."""
    command = step("matrix", "Compute the matrix (the standard library and PyYAML; launchready is not installed)")
    stage_jobs = [name for name in load(WORKFLOW)["jobs"] if name.startswith("stage")]
    assert f"--stage-jobs {len(stage_jobs)} " in command["run"] and stage_jobs[:2] == ["stage", "stage-2"]
    first = {key: value for key, value in job("stage").items() if key not in ("needs", "strategy")}
    for number, name in enumerate(stage_jobs[1:], 2):
        copy = dict(job(name))
        assert copy.pop("needs") == ["matrix", stage_jobs[number - 2]]
        assert f"fromJSON(needs.matrix.outputs.stage_filled) >= {number} }}}}" in copy.pop("if")
        assert copy.pop("strategy")["matrix"] == f"${{{{ fromJSON(needs.matrix.outputs.stage_{number}) }}}}"
        assert copy == first  # a fix to one stage job is a fix to all
        assert job("matrix")["outputs"][f"stage_{number}"] == f"${{{{ steps.stacks.outputs.stage_{number} }}}}"
    assert job("prod")["needs"] == job("report")["needs"][:-1] == ["matrix", *stage_jobs]


def test_each_stack_has_its_own_concurrency_group_and_no_fail_fast() -> None:
    for name in ("stage", "stage-2", "prod"):
        assert job(name)["strategy"]["fail-fast"] is False
        assert job(name)["concurrency"]["group"] == "deploy-${{ matrix.product }}-${{ matrix.stack }}"
        assert job(name)["concurrency"]["cancel-in-progress"] is False
    assert job("stage")["strategy"]["matrix"] == "${{ fromJSON(needs.matrix.outputs.stage_1) }}"
    assert job("prod")["strategy"]["matrix"] == "${{ fromJSON(needs.matrix.outputs.prod) }}"
    assert "concurrency" not in load(WORKFLOW)  # no global lock: one product never waits for another


def test_prod_runs_after_staging_even_when_another_product_failed() -> None:
    assert job("prod")["if"] == "${{ !cancelled() && needs.matrix.result == 'success' }}"
    assert job("prod")["steps"][1]["name"] == "This product's other stacks succeeded"


@pytest.mark.parametrize(("job_name", "name", "launchready"), [
    ("stage", "Validate from outside", ".venv/bin/launchready"), ("prod", "Preflight", ".venv/bin/launchready"),
    ("report", "Validate every stack in one run, one report", "bin/launchready")])
def test_a_report_step_keeps_the_exit_code_when_no_report_was_written(tmp_path: Path, job_name: str, name: str,
                                                                      launchready: str) -> None:
    (tmp_path / launchready).parent.mkdir(parents=True)
    (tmp_path / launchready).write_text("#!/bin/sh\necho 'error: Pulumi.prod.yaml: bad input' >&2\nexit 2\n")
    (tmp_path / launchready).chmod(0o755)
    env = {"PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
           "PRODUCT": "shop", "STACK": "prod", "PRODUCTS": '["shop"]'}
    ran = subprocess.run(["bash", "-e", "-c", step(job_name, name)["run"]], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=30, check=False)
    assert ran.returncode == 2, ran.stderr


def require_jq() -> None:
    """The gate's --jq filter runs on the real jq (GitHub's runners have it; .ci/run installs it)."""
    if shutil.which("jq"):
        return
    missing_tool("jq is not installed: apt-get install jq (.ci/run does it)")
