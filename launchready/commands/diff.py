"""`launchready diff`: what a change to a stack file does, between two git revisions (offline), or
between the stack and what resolvers answer now (`--live`, drift)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from launchready.cli import ProjectDirOption, fail_input, guarded, write_output


class DiffFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


StackName = Annotated[str, typer.Option("--stack", "-s", help="Stack name: compares Pulumi.NAME.yaml.")]
BaseOption = Annotated[str | None, typer.Option("--base", help="Git revision to compare from (a branch, tag or "
                                                "commit, e.g. origin/main).")]
HeadOption = Annotated[str | None, typer.Option("--head", help="Git revision to compare to. Default: the file in "
                                                "the working tree.")]
FormatOption = Annotated[DiffFormat, typer.Option("--format", "-f", help="text, json or markdown (a PR comment).")]
FailOption = Annotated[bool, typer.Option("--fail-on-dangerous", help="Exit 1 when any change is dangerous.")]


@guarded
def diff(
    stack: StackName,
    base: BaseOption = None,
    head: HeadOption = None,
    fmt: FormatOption = DiffFormat.TEXT,
    fail_on_dangerous: FailOption = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    project_dir: ProjectDirOption = Path("."),
) -> None:
    """Show how DNS records, redirects, cache rules and zone settings change, and flag dangerous changes."""
    if base is None:
        raise fail_input("error: name the revision to compare from with --base (e.g. --base origin/main)")
    from launchready.diff import diff_plans
    from launchready.diff.render import render_diff
    from launchready.diff.revisions import at_revision, in_working_tree

    old = at_revision(base, stack, project_dir)
    new = at_revision(head, stack, project_dir) if head else in_working_tree(stack, project_dir)
    notes = tuple(note for note in (old.note, new.note) if note)
    result = diff_plans(old.plan, new.plan, stack=stack, base_side=old.side, head_side=new.side, notes=notes)
    write_output(render_diff(result, fmt.value), output)
    if fail_on_dangerous and result.dangerous:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
