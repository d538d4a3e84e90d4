"""Which stack files a run covers, and when the choice is bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.core.errors import InputError
from launchready.portfolio.targets import select


def test_one_stack_keeps_the_single_stack_path() -> None:
    targets = select(["prod"], None, None)
    assert targets.single == ("prod", None, Path(".")) and not targets.many


def test_repeated_stack_and_project_dir_cover_each_pair(tmp_path: Path) -> None:
    targets = select(["prod", "staging"], None, [tmp_path / "a", tmp_path / "b"])
    assert targets.many
    keys = [t.key for t in targets.stacks]
    assert keys == [f"{(tmp_path / 'a').as_posix()}/prod", f"{(tmp_path / 'a').as_posix()}/staging",
                    f"{(tmp_path / 'b').as_posix()}/prod", f"{(tmp_path / 'b').as_posix()}/staging"]


def test_all_stacks_finds_every_stack_file_but_not_the_project_file(project: Path) -> None:
    targets = select(None, None, [project], all_stacks=True)
    assert [t.key for t in targets.stacks] == ["alpha", "beta", "gamma"]
    assert all(t.path.name != "Pulumi.yaml" for t in targets.stacks)


@pytest.mark.parametrize(("stacks", "stack_file", "all_stacks", "said"), [
    (["prod"], None, True, "not both"),
    (None, Path("x.yaml"), True, "not both"),
    (["a", "b"], Path("x.yaml"), False, "names one stack"),
    (None, None, False, "2 --project-dir given but no stack: add --all-stacks"),
])
def test_conflicting_choices_are_bad_input(stacks, stack_file, all_stacks, said) -> None:
    with pytest.raises(InputError, match=said):
        select(stacks, stack_file, None if stacks or stack_file else [Path("a"), Path("b")], all_stacks)


def test_all_stacks_in_an_empty_directory_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds no Pulumi.NAME.yaml"):
        select(None, None, [tmp_path], all_stacks=True)
