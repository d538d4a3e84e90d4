"""The `launchready` command line: the app and its wiring. Commands live in launchready/commands/, one
module each, and share their options through launchready/options.py; nothing but this module imports them.

Kept light on purpose: heavy libraries (pydantic models, dnspython, httpx, pulumi, boto3, the
cloudflare SDK) are imported inside the commands that use them, so `launchready --help` starts fast.
Exit codes: 0 pass, 1 a failed check, 2 bad input (never a traceback), 3 a validate check family stopped on a bug.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer


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


def options(
    version: Annotated[bool, typer.Option("--version", callback=print_version, is_eager=True,
                                          help="Print launchready's version and exit.")] = False,
) -> None:
    """Launch a product domain on Cloudflare: plan it offline, apply it with Pulumi, prove it from outside."""


COMMAND_MODULES = (
    "demo", "init", "plan", "applinks", "preflight", "validate", "check", "email", "diff", "preview_summary",
    "adopt", "report", "monitoring",
)
"""Modules under launchready.commands, each defining register(app) for the command (or command group)
named like the module, with "-" for "_". Listed in the order of a launch (try it, start your own stack,
plan, check before apply, prove it, review changes, adopt, hand over), which --help keeps."""

HELP = "Launch a product domain on Cloudflare: plan it offline, apply it with Pulumi, prove it from outside."


def build_app(modules: Sequence[str] = COMMAND_MODULES) -> typer.Typer:
    """The command line with the commands of `modules` registered."""
    built = typer.Typer(
        name="launchready",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,  # plain help: rich costs ~80 ms at start-up, and --help must stay fast
    )
    built.callback()(options)
    for name in modules:
        importlib.import_module(f"launchready.commands.{name}").register(built)
    return built


def invoked_modules(args: Sequence[str]) -> tuple[str, ...]:
    """The invoked command's module alone when the first argument that is not an option names one (the
    group's only options are flags, so that argument is the command): importing every command module and
    building every command's options costs about 35 ms, a third of `launchready validate --help`. Every
    module otherwise, so `--help` and a mistyped command list them all, as before."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    module = (command or "").replace("-", "_")
    return (module,) if module in COMMAND_MODULES else COMMAND_MODULES


def __getattr__(name: str) -> typer.Typer:
    """`app`, every command registered, built on first use (tests and embedders import it)."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


START_UP_YOUNG_THRESHOLD = 100_000
"""Allocations between young-generation garbage collections in a launchready process (CPython's
default: 700). Start-up builds thousands of long-lived classes and functions (typer, pydantic models,
dnspython) that the default thresholds scan again and again: about 40 ms of `launchready plan`'s and
`validate`'s 0.3 s of CPU (measured with a 1,000-record stack, median of 15). Collections still run,
just in fewer, larger passes (Python docs, "gc — Garbage Collector interface": set_threshold)."""


PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"
"""Pydantic looks for plugins (installed distributions' `pydantic` entry points) when it builds the first
model, reading the metadata of every installed distribution: 21 million instructions of the 1,400 million
before `validate --only dns` sends its first query (callgrind, 2026-12-01). launchready uses no pydantic
plugin, so the command line turns the search off unless the user set the variable (pydantic docs,
"Plugins": `PYDANTIC_DISABLE_PLUGINS=__all__`)."""


def main() -> None:
    gc.set_threshold(START_UP_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    os.environ.setdefault(PYDANTIC_PLUGINS, "__all__")
    try:
        build_app(invoked_modules(sys.argv[1:]))()
    finally:
        gc.freeze()  # the process ends next: its final collection need not walk every live object (~45 ms)
