"""`launchready applinks`: the app-link files a stack's hosts must serve, printed or written for the origin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from launchready.options import ProjectDirOption, StackFileOption, StackOption, guarded

if TYPE_CHECKING:
    from launchready.core.plan.app_links_model import AppLinkDocument

WriteOption = Annotated[Path | None, typer.Option(
    "--write", "-w", help="Write DIR/<host>/.well-known/<file> for each host (the folder is created).")]


@guarded
def applinks(stack: StackOption = None, stack_file: StackFileOption = None, write: WriteOption = None,
             project_dir: ProjectDirOption = Path(".")) -> None:
    """Show (or --write) the apple-app-site-association and assetlinks.json files planned from app_links."""
    from launchready.core.errors import InputError
    from launchready.core.stack import load_plan

    _, plan = load_plan(stack, stack_file, project_dir)
    links = plan.app_links
    if links is None or not links.documents:
        raise InputError(f"stack {plan.stack or '?'} declares no app_links apps; add app_links.ios or "
                         "app_links.android (docs/config.md, app_links)")
    if write is None:
        for document in links.documents:
            typer.echo(f"# {document.url} (application/json, {len(document.body.encode())} bytes)")
            typer.echo(document.body)
        return
    for path in write_documents(links.documents, write):
        typer.echo(f"wrote {path}")


def write_documents(documents: tuple[AppLinkDocument, ...], folder: Path) -> list[Path]:
    from launchready.core.errors import InputError
    from launchready.core.files import write_atomic

    written = []
    for document in documents:
        target = folder / document.host / document.path.lstrip("/")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, document.body.encode())
        except OSError as error:
            raise InputError(f"--write {folder}: cannot write {target} ({error.strerror or error}); "
                             "give a folder you can write to") from None
        written.append(target)
    return written


def register(app: typer.Typer) -> None:
    app.command("applinks")(applinks)
