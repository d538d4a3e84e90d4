"""Which stacks a project directory holds at a git revision, and in the working tree: the Pulumi.NAME.yaml
files, as `--all-stacks` takes them (docs/portfolio.md)."""

from __future__ import annotations

import pytest

from launchready.core.errors import InputError
from launchready.diff.revisions import stack_names, stacks_at, stacks_in_working_tree
from tests.diff.conftest import Repo


def test_only_pulumi_name_yaml_files_with_a_stack_name_are_stacks() -> None:
    names = ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi..yaml", "Pulumi.a.b.yaml", "Pulumi.x.yml", "notes.md"]
    assert stack_names(names) == {"prod", "a.b"}  # Pulumi takes dots in stack names


def test_a_subdirectory_lists_its_own_stacks_at_each_revision(repo: Repo) -> None:
    shop = repo.path / "shop"
    shop.mkdir()
    (shop / "Pulumi.yaml").write_text("name: shop\n")
    (shop / "Pulumi.prod.yaml").write_text("config: {}\n")
    repo.commit({"zone": "example.net"}, "root stack and shop", stack="root")
    repo.git("rm", "-q", "shop/Pulumi.prod.yaml")
    (shop / "Pulumi.dev.yaml").write_text("config: {}\n")
    assert stacks_at("HEAD", shop) == {"prod"} and stacks_at("HEAD", repo.path) == {"root"}
    assert stacks_in_working_tree(shop) == {"dev"}


def test_a_revision_that_does_not_exist_is_bad_input(repo: Repo) -> None:
    with pytest.raises(InputError, match='revision "nope" does not exist'):
        stacks_at("nope", repo.path)
