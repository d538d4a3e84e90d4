"""The portfolio's prod entry deploys only after every stage entry of its product succeeded in this run (a
positive gate: a missing job stops it too), and no entry deploys a commit that is no longer its branch's tip.
Both steps' shell runs for real: the gate's with a stand-in `gh` serving the jobs list in pages as the REST
API does, the tip check's `git ls-remote` against a bare repository standing in for origin."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workflows.test_portfolio import job, require_jq, step

GH = """#!{python}
import json, subprocess, sys
from urllib.parse import parse_qs, urlsplit
if {fail}:
    sys.exit("gh: HTTP 403: Resource not accessible by integration")
url = next(arg for arg in sys.argv[1:] if arg.startswith("repos/"))
per_page = int(parse_qs(urlsplit(url).query).get("per_page", ["30"])[0])  # the REST API's default page: 30
jobs = json.load(open({jobs!r}))
pages = [jobs[start:start + per_page] for start in range(0, max(len(jobs), 1), per_page)]
for page in pages if "--paginate" in sys.argv else pages[:1]:  # gh --paginate prints one document a page
    document = json.dumps({{"total_count": len(jobs), "jobs": page}})
    if "--jq" in sys.argv:  # gh applies --jq to each page
        query = sys.argv[sys.argv.index("--jq") + 1]
        document = subprocess.run(["jq", "-r", query], input=document, capture_output=True, text=True).stdout
    print(document, end="" if "--jq" in sys.argv else "\\n", flush=True)
"""


def gate(tmp_path: Path, jobs: list[dict[str, str]], product: str, after: list[str],
         fail: bool = False) -> subprocess.CompletedProcess[str]:
    """The prod gate's shell for PRODUCT/prod whose matrix entry lists `after`, against this run's `jobs`."""
    require_jq()
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (tmp_path / "api-jobs.json").write_text(json.dumps(jobs))
    (fake / "gh").write_text(GH.format(python=sys.executable, fail=fail, jobs=str(tmp_path / "api-jobs.json")))
    (fake / "gh").chmod(0o755)
    env = {"PATH": f"{fake}:{os.environ['PATH']}", "PRODUCT": product, "STACK": "prod", "AFTER": json.dumps(after),
           "RUNNER_TEMP": str(tmp_path), "GITHUB_REPOSITORY": "example/portfolio", "GITHUB_RUN_ID": "1"}
    script = step("prod", "This product's other stacks succeeded")["run"]
    return subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, timeout=30,
                          check=False)


def ran(name: str, conclusion: str | None = "success") -> dict[str, str | None]:
    return {"name": name, "conclusion": conclusion}


def test_prod_deploys_when_each_of_its_stage_entries_succeeded(tmp_path: Path) -> None:
    jobs = [ran("Stage shop/dev"), ran("Stage shop/staging"), ran("Stage blog/staging", "failure")]
    passed = gate(tmp_path, jobs, "shop", ["dev", "staging"])
    assert passed.returncode == 0, passed.stdout + passed.stderr


@pytest.mark.parametrize(("jobs", "said"), [
    ([ran("Stage shop/dev"), ran("Stage shop/staging", "failure")], "Stage shop/staging ended failure"),
    ([ran("Stage shop/dev"), ran("Stage shop/staging", None)], "Stage shop/staging ended unfinished"),
    ([ran("Stage shop/dev")], "Stage shop/staging is not in this run"),  # renamed, or never expanded
    ([ran("Stacks from the stack files"), ran("Stage ${{ matrix.product }}/${{ matrix.stack }}", "failure")],
     "Stage shop/dev is not in this run"),  # the stage matrix never expanded
])
def test_prod_stops_when_a_stage_entry_failed_or_is_missing(tmp_path: Path, jobs: list[dict[str, str]],
                                                           said: str) -> None:
    stopped = gate(tmp_path, jobs, "shop", ["dev", "staging"])
    assert stopped.returncode == 1
    assert f"::error::not deploying shop/prod: {said}" in stopped.stdout.splitlines()


def test_names_are_compared_whole_never_as_a_prefix_or_as_jq(tmp_path: Path) -> None:
    jobs = [ran("Stage api/staging"), ran("Stage api/v2/staging", "failure"), ran('Stage x") or ("/staging')]
    assert gate(tmp_path, jobs, "api", ["staging"]).returncode == 0  # api/v2's failure is not api's
    assert gate(tmp_path, jobs, "api/v2", ["staging"]).returncode == 1
    assert gate(tmp_path, jobs, 'x") or ("', ["staging"]).returncode == 0
    assert gate(tmp_path, jobs, 'x") or ("', ["dev"]).returncode == 1


def test_the_gate_reads_every_page_of_the_jobs_list(tmp_path: Path) -> None:
    jobs = [ran(f"Stage p{number:03}/staging") for number in range(150)] + [ran("Stage p149/dev", "failure")]
    assert gate(tmp_path, jobs, "p140", ["staging"]).returncode == 0  # on page 2 of 100
    stopped = gate(tmp_path, jobs, "p149", ["dev", "staging"])
    assert stopped.returncode == 1 and "Stage p149/dev ended failure" in stopped.stdout


def test_a_product_with_prod_only_deploys_and_an_unlisted_run_stops(tmp_path: Path) -> None:
    assert gate(tmp_path, [], "blog", []).returncode == 0
    stopped = gate(tmp_path, [ran("Stage shop/staging")], "shop", ["staging"], fail=True)
    assert stopped.returncode == 1
    assert "::error::not deploying shop/prod: this run's jobs could not be listed" in stopped.stdout


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=ci", "-c", "user.email=ci@example.com", *args], cwd=cwd,
                          capture_output=True, text=True, check=True, timeout=30).stdout.strip()


@pytest.fixture
def origin(tmp_path: Path) -> tuple[Path, str, str]:
    """A bare repository standing in for origin, its main at the second of two commits: (path, old, new)."""
    bare, work = tmp_path / "origin.git", tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", str(bare))
    git(tmp_path, "init", "--quiet", "-b", "main", str(work))
    shas = []
    for message in ("older", "newer"):
        git(work, "commit", "--quiet", "--allow-empty", "-m", message)
        shas.append(git(work, "rev-parse", "HEAD"))
    git(work, "push", "--quiet", str(bare), "main", "main:gone")
    git(work, "push", "--quiet", str(bare), ":gone")
    return bare, shas[0], shas[1]


def tip(tmp_path: Path, job_name: str, origin: Path, sha: str, ref: str = "refs/heads/main") -> tuple[int, str, str]:
    """The tip check's shell: (exit code, stdout, what it wrote to $GITHUB_OUTPUT)."""
    output = tmp_path / f"output-{job_name}"
    output.write_text("")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GH_TOKEN": "not-a-token", "ORIGIN": str(origin),
           "GITHUB_REF": ref, "GITHUB_SHA": sha, "GITHUB_OUTPUT": str(output), "PRODUCT": "shop", "STACK": "prod"}
    script = step(job_name, "This commit is still the branch's tip")["run"]
    run = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, timeout=30,
                         check=False)
    said = "".join(line for line in run.stdout.splitlines(keepends=True) if not line.startswith("::add-mask::"))
    assert f"::add-mask::{base64.b64encode(b'x-access-token:not-a-token').decode()}" in run.stdout or "tags" in ref
    return run.returncode, said, output.read_text()


@pytest.mark.parametrize("job_name", ["stage", "stage-2", "prod"])
def test_an_older_run_skips_its_deploy_with_a_notice(tmp_path: Path, origin: tuple[Path, str, str],
                                                    job_name: str) -> None:
    bare, older, newer = origin
    assert tip(tmp_path, job_name, bare, newer) == (0, "", "deploy=true\n")
    code, said, output = tip(tmp_path, job_name, bare, older)
    assert (code, output) == (0, "deploy=false\n")
    assert said.startswith(f"::notice::not deploying shop/prod: refs/heads/main is now at {newer}, not at this run's")


def test_a_deleted_branch_skips_and_an_unreadable_origin_stops(tmp_path: Path, origin: tuple[Path, str, str]) -> None:
    bare, _, newer = origin
    code, said, output = tip(tmp_path, "stage", bare, newer, "refs/heads/gone")
    assert (code, output) == (0, "deploy=false\n") and "is now at nothing (deleted)" in said
    code, said, output = tip(tmp_path, "stage", tmp_path / "nowhere.git", newer)
    assert (code, output) == (1, "") and said.startswith("::error::not deploying shop/prod: cannot read the tip")
    code, said, output = tip(tmp_path, "stage", bare, newer, "refs/tags/v1")
    assert (code, output) == (0, "deploy=true\n") and said.startswith("::notice::refs/tags/v1 is not a branch")


@pytest.mark.parametrize("job_name", ["stage", "stage-2", "prod"])
def test_the_tip_check_comes_first_and_guards_every_deploy_step(job_name: str) -> None:
    steps = job(job_name)["steps"]
    assert steps[0]["id"] == "tip" and steps[0]["if"] == "matrix.stack != ''"
    assert all(later["if"] == "steps.tip.outputs.deploy == 'true'" for later in steps[1:])
    if job_name == "prod":
        assert steps[1]["name"] == "This product's other stacks succeeded"
