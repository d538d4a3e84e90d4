"""Two stacks whose output names differ only by case (`Prod`, `prod`) are one file on a case-insensitive
file system (macOS and Windows by default): every command writing a file or folder per stack refuses the
run before writing anything, naming both stack files."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.core.errors import InputError
from launchready.portfolio.targets import StackTarget, require_distinct_folders, select
from tests.clirun import invoke
from tests.portfolio.conftest import write_project

DIRS = ("--all-stacks", "--project-dir", "shop", "--project-dir", "blog")
SAID = ("shop/Pulumi.Prod.yaml and blog/Pulumi.prod.yaml would both write to the names Prod and prod, one name "
        "on a file system that ignores case (macOS and Windows by default)")


@pytest.fixture
def products(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "not-a-real-token-0123456789")
    write_project(Path("shop"), {"Prod": "shop.test"})
    write_project(Path("blog"), {"prod": "blog.test"})


def test_names_differing_by_case_are_refused(products: None) -> None:
    targets = select(None, None, [Path("shop"), Path("blog")], all_stacks=True)
    with pytest.raises(InputError, match="would both write to the names Prod and prod"):
        require_distinct_folders(targets.stacks, "--output")


@pytest.mark.parametrize("command", [
    ["report", *DIRS, "--format", "html", "--output", "out"],
    ["applinks", *DIRS, "--write", "out"],
    ["adopt", *DIRS, "--from-cloudflare", "--api-base-url", "http://127.0.0.1:9", "--output", "out"],
], ids=["report", "applinks", "adopt"])
def test_every_writing_command_refuses_before_writing(products: None, command: list[str]) -> None:
    run = invoke(*command)
    assert run.code == 2 and SAID in run.stderr
    assert not Path("out").exists() or not any(Path("out").iterdir())


def test_the_same_name_says_the_one_name_and_an_unreadable_project_writes_nothing() -> None:
    one = StackTarget("a_b/prod", "prod", Path("a_b/Pulumi.prod.yaml"), Path("a_b"))
    two = StackTarget("a/b_prod", "prod", Path("a/b_prod/Pulumi.prod.yaml"), Path("a"))
    with pytest.raises(InputError, match="a_b/Pulumi.prod.yaml and a/b_prod/Pulumi.prod.yaml would both write to "
                                         "the name a_b_prod in --write"):
        require_distinct_folders((one, two), "--write")
    broken = StackTarget("A_b_prod", "", Path("A_b_prod/Pulumi.yaml"), Path("A_b_prod"), "error: broken")
    require_distinct_folders((one, broken), "--write")  # a bad project writes no file: nothing to refuse
