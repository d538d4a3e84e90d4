"""`launchready applinks`: the app-link files a stack's hosts must serve, printed or written for the origin.
Several stacks (--stack repeated, --all-stacks, --project-dir repeated) give a section each, in one run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from launchready.options import (
    AllStacksOption,
    ProjectDirsOption,
    StackFileOption,
    StacksOption,
    guarded,
    path_parser,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from launchready.core.plan import DomainPlan
    from launchready.core.plan.app_links_model import AppLinkDocument
    from launchready.portfolio.load import Loaded
    from launchready.portfolio.section import Section
    from launchready.portfolio.targets import Targets

WriteOption = Annotated[Path | None, typer.Option(
    "--write", "-w", metavar="DIR", parser=path_parser("--write", "give the folder the files go under (it is "
                                                       "created), or leave --write out to print them", dash="refuse"),
    help="Write DIR/<host>/.well-known/<file> for each host (the folder is created). With several stacks, "
    "each stack writes under its own DIR/<stack>/<host>/.well-known/<file> (a DIR/NAME stack key as "
    "DIR_NAME); a stack's files are written all or none.")]


@guarded
def applinks(stack: StacksOption = None, stack_file: StackFileOption = None, write: WriteOption = None,
             project_dir: ProjectDirsOption = None, all_stacks: AllStacksOption = False) -> None:
    """Show (or --write) the apple-app-site-association and assetlinks.json files planned from app_links.

    Several stacks print (or write) a section each, headed by the stack and its zone; a stack that fails
    to load or declares no app_links apps is its own section with exit code 2, and the others still run."""
    from launchready.core.stack import load_plan
    from launchready.portfolio.targets import select

    targets = select(stack, stack_file, project_dir, all_stacks)
    if targets.single is None:
        raise typer.Exit(code=run_applinks(targets, write))
    _, plan = load_plan(*targets.single)
    documents = planned_documents(plan)
    if write is None:
        typer.echo(printed(documents), nl=False)
        return
    for path in write_documents(documents, write):
        typer.echo(f"wrote {path}")


def planned_documents(plan: DomainPlan) -> tuple[AppLinkDocument, ...]:
    """The files to serve; a stack with no app (no file to serve) is bad input."""
    from launchready.core.errors import InputError

    links = plan.app_links
    if links is None or not links.documents:
        raise InputError(f"stack {plan.stack or '?'} declares no app_links apps; add app_links.ios or "
                         "app_links.android (docs/config.md, app_links)")
    return links.documents


def printed(documents: tuple[AppLinkDocument, ...]) -> str:
    """Each file after a comment line naming its URL, type and size."""
    return "".join(f"# {document.url} (application/json, {len(document.body.encode())} bytes)\n{document.body}\n"
                   for document in documents)


def write_documents(documents: tuple[AppLinkDocument, ...], folder: Path) -> list[Path]:
    """Every file under folder/<host>/, all or none (an origin half updated would fail verification)."""
    from launchready.core.errors import InputError
    from launchready.core.files import write_all

    files = {folder / document.host / document.path.lstrip("/"): document.body.encode() for document in documents}
    try:
        write_all(files)
    except OSError as error:
        raise InputError(f"--write {folder}: cannot write {error.filename} ({error.strerror or error}); "
                         "give a folder you can write to") from None
    return list(files)


def run_applinks(targets: Targets, write: Path | None) -> int:
    """A section per stack, in the portfolio text layout the other commands print; the worst exit code."""
    from launchready.portfolio.documents import finish, run_sections
    from launchready.portfolio.targets import require_distinct_folders

    if write is not None:
        require_distinct_folders(targets.stacks)
    return finish(run_sections(targets, stack_section(write)), "text", "launchready applinks", None)


def stack_section(write: Path | None) -> Callable[[Loaded], Section]:
    from launchready.portfolio.section import Section

    def section(loaded: Loaded) -> Section:
        assert loaded.plan is not None
        documents, target = planned_documents(loaded.plan), loaded.target
        if write is None:
            body = printed(documents)
        else:
            body = "".join(f"wrote {path}\n" for path in write_documents(documents, write / target.folder))
        hosts = len({document.host for document in documents})
        return Section(target.key, target.path, loaded.plan.zone, 0, body=body,
                       gist=f"{len(documents)} files on {hosts} hosts")

    return section


def register(app: typer.Typer) -> None:
    app.command("applinks")(applinks)
