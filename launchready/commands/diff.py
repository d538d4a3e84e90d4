"""`launchready diff`: what a change to a stack file does, between two git revisions (offline), or
between the stack and what resolvers answer now (`--live`, drift)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from launchready.core.files import write_output
from launchready.options import ProjectDirOption, StackFileOption, fail_input, guarded
from launchready.render.formats import DocumentFormat, ReportFormat

StackName = Annotated[str | None, typer.Option("--stack", "-s", metavar="NAME",
                                               help="Stack name: compares Pulumi.NAME.yaml.")]
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
    stack: StackName = None,
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
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    project_dir: ProjectDirOption = Path("."),
) -> None:
    """Show how DNS records, redirects, cache rules and zone settings change, and flag dangerous changes."""
    from launchready.core.spec.loading import stack_name, stack_path

    path = stack_path(stack, stack_file, project_dir)
    filename = path.name if stack_file is not None else None
    project_dir, stack = (path.parent, stack_name(path)) if stack_file is not None else (project_dir, str(stack))
    if live:
        if base or head:
            raise fail_input("error: --live compares the stack with the resolvers; drop --base and --head")
        live_diff(path, project_dir, resolver or [], authoritative or [], timeout, ReportFormat(fmt), output)
    if base is None:
        raise fail_input("error: name the revision to compare from with --base (e.g. --base origin/main)")
    from launchready.diff import diff_plans
    from launchready.diff.render import render_diff
    from launchready.diff.revisions import at_revision, in_working_tree, require_stack

    old = at_revision(base, stack, project_dir, filename)
    new = at_revision(head, stack, project_dir, filename) if head else in_working_tree(stack, project_dir, filename)
    require_stack(old, new, stack, project_dir, filename)
    notes = tuple(note for note in (old.note, new.note) if note)
    result = diff_plans(old.plan, new.plan, stack=stack, base_side=old.side, head_side=new.side, notes=notes)
    write_output(render_diff(result, fmt), output)
    if fail_on_dangerous and result.dangerous:
        raise typer.Exit(code=1)


def live_diff(path: Path, project_dir: Path, resolvers: list[str], authoritative: list[str], timeout: float,
              fmt: ReportFormat, output: Path | None) -> None:
    """Drift: exit 0 when live DNS matches the stack, 1 when it does not (the validator's exit codes)."""
    from launchready.core.stack import load_plan
    from launchready.render.report import render_report
    from validators.dns.drift import drift_report
    from validators.endpoints import parse_endpoint

    loaded, plan = load_plan(None, path, project_dir)
    report = drift_report(plan, loaded.spec, tuple(parse_endpoint(r, 53) for r in resolvers),
                          tuple(parse_endpoint(a, 53, "--authoritative") for a in authoritative),
                          timeout=timeout, deadline=max(10.0, timeout * 10))
    write_output(render_report(report, fmt), output)
    raise typer.Exit(code=report.exit_code)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
