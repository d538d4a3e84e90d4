"""The `launchready` command line. Commands live in launchready/commands/, one module each.

Kept light on purpose: heavy libraries (pydantic models, dnspython, httpx, pulumi, boto3, the
cloudflare SDK) are imported inside the commands that use them, so `launchready --help` starts fast.
Exit codes: 0 pass, 1 a failed check, 2 bad input (never a traceback).
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

app = typer.Typer(
    name="launchready",
    help="Launch a product domain on Cloudflare: plan it offline, apply it with Pulumi, prove it from outside.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich costs ~80 ms at start-up, and --help must stay fast
)

COMMAND_MODULES = (
    "demo", "plan", "preflight", "validate", "check", "email", "diff", "preview_summary", "adopt", "report",
)
"""Modules under launchready.commands, each defining register(app); listed in the order of a launch
(try it, plan, check before apply, prove it, review changes, adopt, hand over), which --help keeps."""

StackOption = Annotated[
    str | None, typer.Option("--stack", "-s", metavar="NAME",
                             help="Stack name: reads Pulumi.NAME.yaml in the project directory.")
]
StackFileOption = Annotated[
    Path | None, typer.Option("--stack-file", metavar="PATH",
                              help="Path of a stack file (instead of --stack).", dir_okay=False)
]
ProjectDirOption = Annotated[
    Path, typer.Option("--project-dir", help="Directory holding Pulumi.yaml and the stack files.", file_okay=False)
]



class DocumentFormat(StrEnum):
    """Formats of documents people read or diff: plans, diffs, previews, adoption reports."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


class ReportFormat(StrEnum):
    """Formats of check reports (validate, check, preflight): JUnit for CI dashboards too."""

    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"
    MARKDOWN = "markdown"


DocumentFormatOption = Annotated[DocumentFormat, typer.Option("--format", "-f", help="text, json or markdown.")]
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="text, json, junit or markdown (a PR comment).")
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]

F = TypeVar("F", bound=Callable[..., Any])


def fail_input(message: str) -> typer.Exit:
    """Print a bad-input message on stderr; return the Exit(2) to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code=2)


def guarded(command: F) -> F:
    """Turn launchready's InputError (bad flags, bad stack files) into a message and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from launchready.errors import InputError

        try:
            return command(*args, **kwargs)
        except InputError as exc:
            raise fail_input(f"error: {exc}") from None

    return wrapper  # type: ignore[return-value]


def load_plan(stack: str | None, stack_file: Path | None, project_dir: Path) -> Any:
    """Read and validate the stack, then plan it (imports the models only when a command needs them)."""
    from launchready.plan import build_plan
    from launchready.spec import load_stack, stack_path

    loaded = load_stack(stack_path(stack, stack_file, project_dir))
    return loaded, build_plan(loaded.spec, loaded.name)


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text)
    except OSError as exc:
        raise fail_input(f"error: cannot write {output}: {exc.strerror}") from None


def require_output_folder(output: Path | None) -> None:
    """Fail before a long run, not after it, when --output names a folder that does not exist."""
    if output is not None and not output.parent.is_dir():
        raise fail_input(f"error: cannot write {output}: the folder {output.parent} does not exist; create it first")


def register_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"launchready.commands.{name}").register(app)


register_commands()


def main() -> None:
    app()
