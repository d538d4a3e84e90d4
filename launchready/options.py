"""What the commands share: the stack options, --format and --output, and the guard that turns bad input
into a message and exit code 2. Kept light (typer only), so `launchready --help` stays fast."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from launchready.render.formats import DocumentFormat, ReportFormat


def path_parser(option: str, hint: str, dash: str = "file") -> Callable[[str], Path]:
    """The parser of a path option. pathlib reads '' as '.', so an empty value (an unset shell variable,
    say) would quietly mean the current folder: it is refused (exit 2), naming the option and what to
    give. `dash` says what `-` is: "file" a path like any other; "stdout" standard output, given as
    Path("-"), which launchready.core.files writes to stdout (POSIX Utility Syntax Guideline 13), while
    `./-`, which pathlib also spells `-`, stays a file of that name, made absolute; "refuse" a mistake,
    for a folder option, where `-` would otherwise quietly make a folder named `-`."""

    def parse(value: str) -> Path:
        if value == "":
            raise fail_input(f"error: {option} is empty: {hint}")
        if value == "-" and dash == "refuse":
            raise fail_input(f"error: {option} -: - is standard output, and {option} names a folder; {hint}")
        path = Path(value)
        return path.absolute() if dash == "stdout" and value != "-" and path == Path("-") else path

    return parse


STACK_FILE_HINT = "give the path of a Pulumi.NAME.yaml, or use --stack NAME"
OUTPUT_HINT = "give a file name, or - for stdout"

StackOption = Annotated[
    str | None, typer.Option("--stack", "-s", metavar="NAME",
                             help="Stack name: reads the stack file Pulumi reads, Pulumi.NAME.yaml in the "
                             "project directory (or where Pulumi.yaml's stackConfigDir says).")
]
StackFileOption = Annotated[
    Path | None, typer.Option("--stack-file", metavar="PATH", parser=path_parser("--stack-file", STACK_FILE_HINT),
                              help="Path of a stack file (instead of --stack).")
]
StacksOption = Annotated[
    list[str] | None, typer.Option("--stack", "-s", metavar="NAME",
                                   help="Stack name: reads the stack file Pulumi reads, Pulumi.NAME.yaml in the "
                                   "project directory (or where Pulumi.yaml's stackConfigDir says). Repeat it "
                                   "for several stacks in one run (one report, a section per stack).")
]
AllStacksOption = Annotated[
    bool, typer.Option("--all-stacks",
                       help="Every Pulumi.*.yaml in each --project-dir (in its stackConfigDir), in one run.")
]
ProjectDirsOption = Annotated[
    list[Path] | None, typer.Option("--project-dir", file_okay=False, metavar="DIR",
                                    help="Directory holding Pulumi.yaml and the stack files (default: the "
                                    "current one). Repeat it for several projects in one run.")
]
ProjectDirOption = Annotated[
    Path, typer.Option("--project-dir", help="Directory holding Pulumi.yaml and the stack files.", file_okay=False)
]


DocumentFormatOption = Annotated[DocumentFormat, typer.Option("--format", "-f", help="text, json or markdown.")]
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="text, json, junit, markdown (a PR comment) or sarif "
                               "(code scanning: findings about a line of a file).")
]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", parser=path_parser("--output", OUTPUT_HINT, dash="stdout"),
    help="Write here instead of stdout (- is stdout).")]

F = TypeVar("F", bound=Callable[..., Any])


def fail_input(message: str) -> typer.Exit:
    """Print a bad-input message on stderr; return the Exit(2) to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code=2)


OPTIONAL_MODULES = {
    "boto3": "aws", "botocore": "aws", "detect_secrets": "secrets", "cloudflare": "cloudflare",
    "pulumi": "pulumi", "pulumi_cloudflare": "pulumi",
}
"""Each optional library, and the extra of pyproject.toml that installs it."""


def missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The message for a missing optional library, or None when the module is not one of them (a bug)."""
    module = (exc.name or "").split(".")[0]
    extra = OPTIONAL_MODULES.get(module)
    if extra is None:
        return None
    return (f"error: this needs the {module} library, which the [{extra}] extra installs: "
            f"pip install 'launchready[{extra}]' (in a clone: pip install -e '.[{extra}]')")


def guarded(command: F) -> F:
    """Turn launchready's InputError (bad flags, bad stack files) into a message and exit code 2, and a
    missing optional library into a message naming the extra that installs it (exit 2)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from launchready.core.errors import InputError

        try:
            return command(*args, **kwargs)
        except InputError as exc:
            raise fail_input(f"error: {exc}") from None
        except ModuleNotFoundError as exc:
            message = missing_extra(exc)
            if message is None:
                raise
            raise fail_input(message) from None

    return wrapper  # type: ignore[return-value]
