"""`launchready demo`: plan a stack, publish it on loopback, validate it, and optionally break it on purpose."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from launchready.demo.faults import fault_help
from launchready.options import OUTPUT_HINT, ProjectDirOption, StackFileOption, guarded, path_parser
from launchready.render.formats import DemoFormat

HELP = f"""Run the launch loop on this machine: plan the stack, serve it on loopback, validate it.

Starts DNS resolvers and the zone's nameservers answering as Cloudflare would, and an HTTPS edge with
the declared redirects, HSTS and a certificate from a throwaway CA. Then runs the checks of
`launchready validate` against them, prints the report and exits with its code (0 pass, 1 a failed
check, 2 bad input). Needs no account, no root and no internet; everything stops when it ends.

\b
Faults (--fault NAME, repeatable), with the check that catches each:
{fault_help()}
"""


DemoStackOption = Annotated[str, typer.Option("--stack", "-s", metavar="NAME",
                                              help="Stack name: reads Pulumi.NAME.yaml in the project directory.")]
FaultOption = Annotated[list[str] | None, typer.Option("--fault", metavar="NAME",
                                                       help="Break one thing (see the list above); repeatable.")]
KeepRunningOption = Annotated[bool, typer.Option("--keep-running", help="After the report, keep the sandbox up and "
                                                 "print dig and curl commands to poke it; Ctrl-C stops it.")]
FormatOption = Annotated[DemoFormat, typer.Option("--format", "-f", help="summary (problems in full, passed checks "
                                                  "counted), or the report as text, json, junit, markdown.")]


@guarded
def demo(
    stack: DemoStackOption = "staging",
    stack_file: StackFileOption = None,
    fault: FaultOption = None,
    keep_running: KeepRunningOption = False,
    fmt: FormatOption = DemoFormat.SUMMARY,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", parser=path_parser("--output", OUTPUT_HINT, dash="stdout"),
        help="Write the report here (- is stdout).")] = None,
    project_dir: ProjectDirOption = Path("."),
) -> None:
    """Plan the stack, serve it on loopback, validate it (the full help is HELP)."""
    from launchready.demo import DemoOptions, run_demo

    options = DemoOptions(stack=stack, stack_file=stack_file, project_dir=project_dir, faults=tuple(fault or ()),
                          keep_running=keep_running, fmt=fmt, output=output)
    raise typer.Exit(code=run_demo(options, sys.stderr))



def register(app: typer.Typer) -> None:
    app.command("demo", help=HELP)(demo)
