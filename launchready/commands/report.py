"""`launchready report`: the handover document (Markdown or one self-contained HTML file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from launchready.core.files import write_output
from launchready.core.stack import load_plan
from launchready.options import (
    OUTPUT_HINT,
    AllStacksOption,
    ProjectDirsOption,
    StackFileOption,
    StacksOption,
    guarded,
    path_parser,
)
from launchready.render.formats import HandoverFormat


@guarded
def report(
    stack: StacksOption = None,
    stack_file: StackFileOption = None,
    results: Annotated[Path | None, typer.Option(
        metavar="FILE", parser=path_parser("--results", "give the path of a `launchready validate --format json` "
                                           "document, or leave --results out"),
        help="A `launchready validate --format json` document of this stack (another zone's is refused); its "
        "outcome per check goes into the report.")] = None,
    fmt: Annotated[HandoverFormat, typer.Option("--format", "-f", help="markdown or html (one file that reads "
                                                "well on a phone).")] = HandoverFormat.MARKDOWN,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="PATH", parser=path_parser("--output", OUTPUT_HINT, dash="stdout"),
        help="Write here instead of stdout (- is stdout). With several stacks and --format html, a FOLDER "
        "(created if missing) receiving one file per stack and an index.md.")] = None,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
) -> None:
    """The handover: hosts and where they point, every record with its TTL, redirects, cache and purging,
    TLS, mail, monitoring, variables by name, rollback steps and what to watch in the first 72 hours."""
    from launchready.core.spec.loading import read_yaml
    from launchready.handover import handover, render
    from launchready.handover.provenance import Owner
    from launchready.handover.results import load_results
    from launchready.handover.secrets import inventory
    from launchready.portfolio.targets import select
    from launchready.preflight.environment import required_variables

    targets = select(stack, stack_file, project_dir, all_stacks)
    if targets.single is None:
        from launchready.portfolio.handovers import run_report

        raise typer.Exit(code=run_report(targets, results, fmt.value, output))
    loaded, domain_plan = load_plan(*targets.single)
    owner = Owner(domain_plan.stack, domain_plan.zone, loaded.path)
    outcome = load_results(results, owner) if results is not None else None
    stack_document = read_yaml(loaded.path)
    secrets = inventory(loaded.path, stack_document, required_variables(loaded.spec, stack_document))
    document = handover(domain_plan, loaded.spec, stack_document, outcome, secrets)
    write_output(render(document, fmt), output)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
