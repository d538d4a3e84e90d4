"""One product whose project file cannot be read is that product's bad-input section (named by its folder,
with the error), never the whole run's: every portfolio command still runs the other products and exits
with the worst code (docs/portfolio.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchready.portfolio.targets import select
from tests.clirun import invoke
from tests.diff.conftest import Repo
from tests.email.aws import FAKE_ENV
from tests.portfolio.conftest import write_project

SAID = "broken/Pulumi.yaml: line 3, column 1: did not find expected ',' or ']'"
DIRS = ("--project-dir", "portfolio", "--project-dir", "broken")
COMMANDS = {
    "plan": ["plan", "--all-stacks", *DIRS],
    "plan --stack": ["plan", "--stack", "alpha", *DIRS],
    "preflight": ["preflight", "--all-stacks", *DIRS],
    "validate": ["validate", "--all-stacks", *DIRS, "--only", "dns", "--resolver", "127.0.0.1:9",
                 "--authoritative", "127.0.0.1:9", "--timeout", "0.5"],
    "report": ["report", "--all-stacks", *DIRS],
    "report html": ["report", "--all-stacks", *DIRS, "--format", "html", "--output", "out"],
    "applinks": ["applinks", "--all-stacks", *DIRS],
    "adopt": ["adopt", "--all-stacks", *DIRS, "--from-cloudflare", "--api-base-url", "http://127.0.0.1:9"],
    "test-alert": ["monitoring", "test-alert", "--all-stacks", *DIRS],
    "email ses": ["email", "ses", "--all-stacks", *DIRS, "--region", "eu-west-1", "--endpoint-url",
                  "http://127.0.0.1:9"],
}


@pytest.fixture
def broken(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A second product beside `portfolio/` whose Pulumi.yaml does not parse."""
    folder = write_project(Path("broken"), {"alpha": "broken.test"})
    (folder / "Pulumi.yaml").write_text("name: broken\nruntime: [python\n")
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "not-a-real-token-0123456789")
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    return folder


def test_a_broken_project_is_one_target_named_by_its_folder(broken: Path, project: Path) -> None:
    targets = select(None, None, [project, broken], all_stacks=True)
    assert [t.key for t in targets.stacks] == ["alpha", "beta", "gamma", "broken"]
    bad = targets.stacks[-1]
    assert bad.path == broken / "Pulumi.yaml" and bad.problem is not None and SAID in bad.problem
    named = select(["alpha"], None, [project, broken])
    assert [(t.key, t.problem is None) for t in named.stacks] == [("alpha", True), ("broken", False)]


@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_every_command_runs_the_other_products_and_says_the_broken_one(broken: Path, command: list[str]) -> None:
    run = invoke(*command)
    assert run.code == 2 and "Traceback" not in run.stderr
    said = run.stdout + run.stderr + (Path("out/index.md").read_text() if Path("out").exists() else "")
    assert SAID in said
    assert "portfolio/Pulumi.alpha.yaml" in said  # the healthy product has its section


def test_the_json_report_holds_the_broken_project_beside_the_others(broken: Path) -> None:
    run = invoke("plan", "--all-stacks", *DIRS, "--format", "json")
    stacks = json.loads(run.stdout)["stacks"]
    assert run.code == 2
    assert {key: s["exit_code"] for key, s in stacks.items()} == {"alpha": 0, "beta": 0, "gamma": 0, "broken": 2}
    assert stacks["broken"]["file"] == "broken/Pulumi.yaml" and SAID in stacks["broken"]["error"]


def test_a_project_folder_named_like_a_stack_keeps_both_sections(broken: Path) -> None:
    broken.rename("alpha")
    run = invoke("plan", "--all-stacks", "--project-dir", "portfolio", "--project-dir", "alpha", "--format", "json")
    assert list(json.loads(run.stdout)["stacks"]) == ["alpha", "beta", "gamma", "alpha/"]


@pytest.mark.parametrize(("extra", "said"), [
    ({"Pulumi.yaml": "name: broken\nruntime: python\nstackConfigDir: ../shared\n"},
     "stackConfigDir '../shared' is not a folder inside the project"),
    ({"Pulumi.yaml": "name: broken\nruntime: python\n", "Pulumi.yml": "name: broken\n"},
     "broken holds Pulumi.yaml and Pulumi.yml: Pulumi reads one project file only"),
])
def test_a_project_file_launchready_cannot_follow_is_that_project_s_bad_input(broken: Path, extra: dict[str, str],
                                                                              said: str) -> None:
    for name, text in extra.items():
        (broken / name).write_text(text)
    run = invoke("preflight", "--all-stacks", *DIRS, "--format", "json")
    stacks = json.loads(run.stdout)["stacks"]
    assert run.code == 2 and stacks["alpha"]["exit_code"] != 2
    assert said in stacks["broken"]["error"]


def test_diff_keeps_a_product_whose_project_file_breaks_as_its_section(tmp_path: Path) -> None:
    for product in ("shop", "blog"):
        write_project(tmp_path / "repo" / product, {f"{product}-prod": f"{product}.test"})
    repo = Repo(tmp_path / "repo")
    repo.git("init", "-q", "-b", "main")
    repo.git("add", "shop", "blog")
    repo.git("commit", "-q", "-m", "two products")
    (repo.path / "blog" / "Pulumi.yaml").write_text("name: blog\nruntime: [python\n")
    run = invoke("diff", "--all-stacks", "--base", "main", "--project-dir", str(repo.path / "shop"),
                 "--project-dir", str(repo.path / "blog"), "--format", "json")
    stacks = json.loads(run.stdout)["stacks"]
    assert run.code == 2 and stacks["shop-prod"]["exit_code"] == 0
    assert "did not find expected ',' or ']'" in stacks[(repo.path / "blog").as_posix()]["error"]
    run = invoke("diff", "--stack", "shop-prod", "--base", "main", "--project-dir", str(repo.path / "shop"),
                 "--project-dir", str(repo.path / "blog"), "--format", "json")
    assert list(json.loads(run.stdout)["stacks"]) == ["shop-prod", (repo.path / "blog").as_posix()]


def test_two_folders_whose_printable_names_are_one_keep_two_sections(project: Path) -> None:
    for folder in ("x\x01", "x\x02"):
        write_project(Path(folder), {"alpha": f"{ord(folder[1])}.test"})
    run = invoke("plan", "--all-stacks", "--project-dir", "x\x01", "--project-dir", "x\x02", "--format", "json")
    assert list(json.loads(run.stdout)["stacks"]) == ["x\ufffd", "x\ufffd/"]
