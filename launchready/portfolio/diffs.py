"""`diff` over several stacks between two revisions (docs/portfolio.md): which stacks there are, and
what each declares, is read at the two ends, the base revision and the head (a revision with --head,
else the working tree). The working tree is never read when the head is a revision: a stack deleted at
the head is diffed as its deletion, one added as its addition, and each end's parse error is reported
for that stack (exit 2) while the others still run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from launchready.core.errors import InputError
from launchready.diff.parallel import both_ends
from launchready.diff.revisions import (
    Revision,
    at_revision,
    in_working_tree,
    resolve,
    stacks_at,
    stacks_in_working_tree,
)
from launchready.portfolio.documents import finish
from launchready.portfolio.load import shared_zones
from launchready.portfolio.section import Section
from launchready.portfolio.targets import (
    StackTarget,
    Targets,
    distinct_folders,
    found_stack,
    keyed,
    project_problem,
    require_folder,
    with_bad_projects,
)
from launchready.render.formats import DocumentFormat

Ends = tuple[Revision, Revision]


@dataclass(frozen=True)
class DiffRun:
    """The revisions compared (head None: the working tree) and how the result is reported."""

    base: str
    head: str | None
    fmt: str
    fail_on_dangerous: bool


def place(rev: str | None) -> str:
    return f"at {rev}" if rev else "in the working tree"


def stacks_at_head(head: str | None, project_dir: Path) -> frozenset[str]:
    return stacks_at(head, project_dir) if head else stacks_in_working_tree(project_dir)


def either_end(base: str, head: str | None, project_dir: Path) -> list[str]:
    """The stacks of a project directory at the base or at the head, by name."""
    return sorted(stacks_at(base, project_dir) | stacks_at_head(head, project_dir))


def revision_targets(project_dirs: list[Path] | None, base: str, head: str | None) -> Targets:
    """--all-stacks for a diff: every Pulumi.NAME.yaml of each project directory at either end; a project
    whose project file cannot be read (at either end) is its own bad-input section."""
    found, bad = [], []
    for directory in distinct_folders(project_dirs or [Path(".")]):
        names = names_or_problem(base, head, directory)
        if isinstance(names, str):
            bad.append((directory, names))
            continue
        if not names:
            raise InputError(f"--all-stacks: {directory} holds no Pulumi.NAME.yaml stack file {place(base)} nor "
                             f"{place(head)}; check --project-dir")
        found += [found_stack(directory, name) for name in names]
    return Targets(with_bad_projects(keyed(found), bad), None)


def names_or_problem(base: str, head: str | None, directory: Path) -> list[str] | str:
    """The project's stacks at either end, or why its project cannot be read: that project's bad input. A
    revision that is not there, or a folder outside the repository, stays the whole run's."""
    problem = project_problem(directory)
    if problem is not None:
        return problem
    require_folder(directory)
    for rev in (base, head):
        if rev is not None:
            resolve(rev, directory)
    try:
        return either_end(base, head, directory)
    except InputError as exc:
        return f"error: {exc}"


def run_diff(targets: Targets, run: DiffRun, output: Path | None) -> int:
    """A section per stack, then the stacks declaring one zone at the head refused (launchready.portfolio.load)."""
    planned = [planned_ends(run, target) for target in targets.stacks]
    sections = [diff_section(run, target, ends) for target, ends in zip(targets.stacks, planned, strict=True)]
    held = [(head_path(run, target), head_zone(ends)) for target, ends in zip(targets.stacks, planned, strict=True)]
    refused = shared_zones(held)
    sections = [refuse(section, refused[i]) if i in refused else section for i, section in enumerate(sections)]
    return finish(sections, run.fmt, "launchready diff", output)


def planned_ends(run: DiffRun, target: StackTarget) -> Ends | str:
    """Both ends of the stack, or the bad-input message that stops it: a parse error of either end, or a
    stack at neither end (a mistyped --stack)."""
    if target.problem:
        return target.problem
    try:
        ends = both_ends(run.base, run.head, target.name, target.project_dir)
        return ends if ends[0].side.exists or ends[1].side.exists else missing(run, target)
    except InputError as exc:
        return "\n".join(end_problems(run, target) or [f"error: {exc}"])


def end_problems(run: DiffRun, target: StackTarget) -> list[str]:
    """Each end's own problem, so that one fix round covers a stack broken at both ends."""
    problems = []
    for rev in (run.base, run.head):
        try:
            if rev is None:
                in_working_tree(target.name, target.project_dir)
            else:
                at_revision(rev, target.name, target.project_dir)
        except InputError as exc:
            problems.append(f"error: {exc}")
    return problems


def missing(run: DiffRun, target: StackTarget) -> str:
    """A named stack at neither end: bad input naming the stacks that exist at either."""
    known = either_end(run.base, run.head, target.project_dir)
    hint = (f"the stacks at those revisions are {', '.join(known)}: check --stack {target.name}" if known else
            f"neither holds a Pulumi.NAME.yaml in {target.project_dir}: check --project-dir")
    return (f"error: {target.path} exists at neither revision (not {place(run.base)}, not {place(run.head)}); "
            f"{hint}")


def diff_section(run: DiffRun, target: StackTarget, ends: Ends | str) -> Section:
    from launchready.diff import diff_plans
    from launchready.diff.render import render_diff

    if isinstance(ends, str):
        return Section(target.key, target.path, None, 2, problem=ends)
    old, new = ends
    notes = tuple(note for note in (old.note, new.note) if note)
    result = diff_plans(old.plan, new.plan, stack=target.name, base_side=old.side, head_side=new.side, notes=notes,
                        projects=(old.project, new.project))
    code = 1 if run.fail_on_dangerous and result.dangerous else 0
    changes = len(result.records) + len(result.redirects) + len(result.cache_rules) + len(result.settings)
    fmt = run.fmt
    return Section(target.key, target.path, result.zone, code,
                   document=json.loads(render_diff(result, DocumentFormat.JSON)) if fmt == "json" else None,
                   body="" if fmt == "json" else render_diff(result, DocumentFormat(fmt)),
                   gist=f"{changes} changes, {len(result.dangers)} dangerous")


def head_path(run: DiffRun, target: StackTarget) -> Path:
    """The stack file as the head holds it: `REV:path` for a revision, as git names it."""
    return Path(f"{run.head}:{target.path}") if run.head else target.path


def head_zone(ends: Ends | str) -> str | None:
    if isinstance(ends, str) or ends[1].plan is None:
        return None
    return ends[1].plan.zone


def refuse(section: Section, problem: str) -> Section:
    return Section(section.key, section.path, section.zone, 2, problem=problem)
