"""`launchready diff`: what a change to a stack file does, between two git revisions (offline), or
between the stack and what resolvers answer now (`--live`, drift)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from launchready.core.files import write_output
from launchready.options import (
    AllStacksOption,
    OutputOption,
    ProjectDirsOption,
    StackFileOption,
    StacksOption,
    fail_input,
    guarded,
)
from launchready.render.formats import DocumentFormat, ReportFormat

if TYPE_CHECKING:
    from launchready.core.findings import Report
    from launchready.core.plan import DomainPlan
    from launchready.core.stack import Stack
    from launchready.diff.revisions import Revision
    from launchready.portfolio.targets import Targets

BaseOption = Annotated[str | None, typer.Option("--base", metavar="GITREF",
                                                help="Git revision to compare from (a branch, tag or "
                                                "commit, e.g. origin/main).")]
HeadOption = Annotated[str | None, typer.Option("--head", metavar="GITREF",
                                                help="Git revision to compare to. Default: the file in "
                                                "the working tree.")]
FormatOption = Annotated[DocumentFormat, typer.Option("--format", "-f", help="text, json or markdown (a PR comment).")]
FailOption = Annotated[bool, typer.Option("--fail-on-dangerous", help="Exit 1 when any change is dangerous.")]
LiveOption = Annotated[bool, typer.Option("--live", help="Compare the stack with what resolvers answer now "
                                          "(drift) instead of with another revision.")]
ResolverOption = Annotated[list[str] | None, typer.Option("--resolver", metavar="ADDR[:PORT]",
                                                          help="ADDR[:PORT] of a resolver for "
                                                          "--live; repeat it. Default: the public set.")]
AuthoritativeOption = Annotated[list[str] | None, typer.Option("--authoritative", metavar="ADDR[:PORT]",
                                                               help="ADDR[:PORT] of the "
                                                               "zone's nameserver for --live; repeat it. Default: "
                                                               "found from the zone's NS records.")]


@guarded
def diff(
    stack: StacksOption = None,
    stack_file: StackFileOption = None,
    base: BaseOption = None,
    head: HeadOption = None,
    fmt: FormatOption = DocumentFormat.TEXT,
    fail_on_dangerous: FailOption = False,
    live: LiveOption = False,
    resolver: ResolverOption = None,
    authoritative: AuthoritativeOption = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS",
                                           help="Seconds to wait for one query (--live).", min=0.05)] = 2.0,
    output: OutputOption = None,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
) -> None:
    """Show how DNS records, redirects, cache rules and zone settings change, and flag dangerous changes."""
    targets = diff_targets(stack, stack_file, project_dir, all_stacks, live, base, head)
    servers = (resolver or [], authoritative or [], timeout)
    if targets.single is None:
        raise typer.Exit(code=portfolio_diff(targets, base, head, fmt, fail_on_dangerous, live, servers, output))
    name, file, directory = targets.single
    if name is None and file is None:
        raise fail_input("error: name a stack with --stack NAME (repeat it, or --all-stacks, for several) or "
                         "--stack-file PATH")
    one_diff((name, file, directory), base, head, fmt, fail_on_dangerous, live, servers, output)


Servers = tuple[list[str], list[str], float]
"""--resolver, --authoritative and --timeout, for --live."""

NO_BASE = "error: name the revision to compare from with --base (e.g. --base origin/main)"


def diff_targets(stack: list[str] | None, stack_file: Path | None, project_dir: list[Path] | None,
                 all_stacks: bool, live: bool, base: str | None, head: str | None) -> Targets:
    """The stacks of the run. --all-stacks between revisions takes those at either end, not the working
    tree's (docs/portfolio.md); every other choice, and a conflicting one, is select's."""
    from launchready.portfolio.targets import select

    if live or not all_stacks or stack or stack_file is not None:
        return select(stack, stack_file, project_dir, all_stacks)
    if base is None:
        raise fail_input(NO_BASE)
    from launchready.portfolio.diffs import revision_targets

    return revision_targets(project_dir, base, head)


def one_diff(target: tuple[str | None, Path | None, Path], base: str | None, head: str | None, fmt: DocumentFormat,
             fail_on_dangerous: bool, live: bool, servers: Servers, output: Path | None) -> None:
    """The one-stack diff (its output is a contract: PR comments and golden files). With --stack-file the
    file is compared at its own path in each revision."""
    from launchready.core.spec.loading import stack_name, stack_path
    from launchready.core.stack_names import require_stack_name

    path = stack_path(*target) if live or target[1] is not None else None  # else read at each revision
    filename = path.name if path is not None and target[1] is not None else None
    project_dir, stack = (path.parent, stack_name(path)) if path and filename else \
        (target[2], require_stack_name(str(target[0])))
    if live:
        if base or head:
            raise fail_input("error: --live compares the stack with the resolvers; drop --base and --head")
        assert path is not None
        live_diff(path, project_dir, servers, ReportFormat(fmt), output)
    if base is None:
        raise fail_input(NO_BASE)
    from launchready.diff import diff_plans
    from launchready.diff.render import render_diff
    from launchready.diff.revisions import require_stack

    old, new = ends(base, head, stack, project_dir, filename)
    require_stack(old, new, stack, project_dir, filename)
    notes = tuple(note for note in (old.note, new.note) if note)
    result = diff_plans(old.plan, new.plan, stack=stack, base_side=old.side, head_side=new.side, notes=notes,
                        projects=(old.project, new.project))
    write_output(render_diff(result, fmt), output)
    if fail_on_dangerous and result.dangerous:
        raise typer.Exit(code=1)


def portfolio_diff(targets: Targets, base: str | None, head: str | None, fmt: DocumentFormat,
                   fail_on_dangerous: bool, live: bool, servers: Servers, output: Path | None) -> int:
    """Several stacks: one document with a section each; the exit code is the worst stack's."""
    if live:
        if base or head:
            raise fail_input("error: --live compares the stack with the resolvers; drop --base and --head")
        from launchready.portfolio.checks import run_reports

        return run_reports(targets, lambda item: drift(item.stack, item.plan, servers), fmt.value,
                           "launchready diff --live", output)
    if base is None:
        raise fail_input(NO_BASE)
    from launchready.portfolio.diffs import DiffRun, run_diff

    return run_diff(targets, DiffRun(base, head, fmt.value, fail_on_dangerous), output)


def drift(stack: Stack | None, plan: DomainPlan | None, servers: Servers) -> Report:
    from validators.dns.drift import drift_report
    from validators.endpoints import parse_endpoint

    assert stack is not None and plan is not None, "only planned stacks are compared"
    resolvers, authoritative, timeout = servers
    return drift_report(plan, stack.spec, tuple(parse_endpoint(r, 53) for r in resolvers),
                        tuple(parse_endpoint(a, 53, "--authoritative") for a in authoritative),
                        timeout=timeout, deadline=max(10.0, timeout * 10))


def ends(base: str, head: str | None, stack: str, project_dir: Path, filename: str | None) -> tuple[Revision, Revision]:
    """Both revisions of the stack; the two are planned at once for big stacks (launchready.diff.parallel)."""
    from launchready.diff.parallel import both_ends
    from launchready.diff.revisions import at_revision, in_working_tree

    if filename is None:
        return both_ends(base, head, stack, project_dir)
    old = at_revision(base, stack, project_dir, filename)
    new = at_revision(head, stack, project_dir, filename) if head else in_working_tree(stack, project_dir, filename)
    return old, new


def live_diff(path: Path, project_dir: Path, servers: Servers, fmt: ReportFormat, output: Path | None) -> None:
    """Drift: exit 0 when live DNS matches the stack, 1 when it does not (the validator's exit codes)."""
    from launchready.core.stack import load_plan
    from launchready.render.report import render_report
    from validators.dns.drift import drift_report
    from validators.endpoints import parse_endpoint

    resolvers, authoritative, timeout = servers
    loaded, plan = load_plan(None, path, project_dir)
    report = drift_report(plan, loaded.spec, tuple(parse_endpoint(r, 53) for r in resolvers),
                          tuple(parse_endpoint(a, 53, "--authoritative") for a in authoritative),
                          timeout=timeout, deadline=max(10.0, timeout * 10))
    write_output(render_report(report, fmt), output)
    raise typer.Exit(code=report.exit_code)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
