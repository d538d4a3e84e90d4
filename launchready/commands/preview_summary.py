"""`launchready preview-summary`: the DNS-focused table of a real `pulumi preview --json` run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from launchready.core.files import write_output
from launchready.options import DocumentFormatOption, OutputOption, guarded
from launchready.render.formats import DocumentFormat


def read_input(source: str) -> str:
    from launchready.core.errors import InputError

    if source == "-":
        if sys.stdin.isatty():  # nothing is piped in: reading would wait for the terminal forever
            raise InputError("no input: pipe it in (pulumi preview --json | launchready preview-summary -) or "
                             "name the file that holds the output of `pulumi preview --json`")
        return sys.stdin.read()
    try:
        return Path(source).read_text()
    except FileNotFoundError:
        raise InputError(f"{source}: no such file; save the output of `pulumi preview --json` there, "
                         "or pipe it in with -") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{source}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from None


@guarded
def preview_summary(
    source: Annotated[str, typer.Argument(metavar="[FILE|-]", help="pulumi preview --json output; - reads "
                                          "stdin.")] = "-",
    fmt: DocumentFormatOption = DocumentFormat.TEXT,
    output: OutputOption = None,
) -> None:
    """Summarize `pulumi preview --json`: record, ruleset and zone-setting changes, secrets hidden."""
    from launchready.preview import summarize
    from launchready.preview.render import render_preview

    summary = summarize(read_input(source), "stdin" if source == "-" else source)
    write_output(render_preview(summary, fmt), output)


def register(app: typer.Typer) -> None:
    app.command("preview-summary")(preview_summary)
