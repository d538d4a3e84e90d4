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
    from launchready.core.inputs import PREVIEW_FILE, decode, read_text, too_big

    if source == "-":
        if sys.stdin.isatty():  # nothing is piped in: reading would wait for the terminal forever
            raise InputError("no input: pipe it in (pulumi preview --json | launchready preview-summary -) or "
                             "name the file that holds the output of `pulumi preview --json`")
        data = sys.stdin.buffer.read(PREVIEW_FILE.limit + 1)
        if len(data) > PREVIEW_FILE.limit:
            raise too_big("stdin", PREVIEW_FILE)
        return decode(data, "stdin").text
    return read_text(Path(source), PREVIEW_FILE)


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
