"""The `launchready` command line: the app and its wiring. Commands live in launchready/commands/, one
module each, and share their options through launchready/options.py; nothing but this module imports them.

Kept light on purpose: heavy libraries (pydantic models, dnspython, httpx, pulumi, boto3, the
cloudflare SDK) are imported inside the commands that use them, so `launchready --help` starts fast.
Exit codes: 0 pass, 1 a failed check, 2 bad input (never a traceback).
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

app = typer.Typer(
    name="launchready",
    help="Launch a product domain on Cloudflare: plan it offline, apply it with Pulumi, prove it from outside.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich costs ~80 ms at start-up, and --help must stay fast
)

def installed_version() -> str:
    """The installed distribution's version; a source tree on PYTHONPATH falls back to the package's."""
    from importlib.metadata import PackageNotFoundError, version

    from launchready import __version__

    try:
        return version("launchready")
    except PackageNotFoundError:
        return __version__


def print_version(value: bool) -> None:
    if value:
        typer.echo(f"launchready {installed_version()}")
        raise typer.Exit()


@app.callback()
def options(
    version: Annotated[bool, typer.Option("--version", callback=print_version, is_eager=True,
                                          help="Print launchready's version and exit.")] = False,
) -> None:
    """Launch a product domain on Cloudflare: plan it offline, apply it with Pulumi, prove it from outside."""


COMMAND_MODULES = (
    "demo", "init", "plan", "applinks", "preflight", "validate", "check", "email", "diff", "preview_summary",
    "adopt", "report", "monitoring",
)
"""Modules under launchready.commands, each defining register(app); listed in the order of a launch
(try it, start your own stack, plan, check before apply, prove it, review changes, adopt, hand over),
which --help keeps."""


def register_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"launchready.commands.{name}").register(app)


register_commands()


def main() -> None:
    app()
