"""`launchready init --zone Z`: start a stack for your own domain (Pulumi.STACK.yaml), planned before it is
written, and say what to run next."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from launchready.options import ProjectDirOption, guarded

if TYPE_CHECKING:
    from launchready.core.plan.model import DomainPlan
    from launchready.starter import Starter


@guarded
def init(
    zone: Annotated[str, typer.Option("--zone", metavar="DOMAIN", help="Your domain, e.g. example.com.")],
    origin: Annotated[list[str] | None, typer.Option(
        "--origin", metavar="ADDR|HOST",
        help="Where the site runs: an IP address (repeat it) or one host name.")] = None,
    canonical: Annotated[str, typer.Option(
        "--canonical", metavar="apex|www", help="The address visitors land on; the other redirects to it.")] = "apex",
    stack: Annotated[str, typer.Option("--stack", "-s", metavar="NAME", help="Stack name.")] = "prod",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing stack file.")] = False,
    project_dir: ProjectDirOption = Path("."),
) -> None:
    """Write a commented stack file for your own domain; it plans at once."""
    from launchready.core.dnsname import check_zone
    from launchready.core.errors import InputError
    from launchready.core.spec.loading import project_name, stack_path
    from launchready.starter import Starter, origin_of

    if canonical not in ("apex", "www"):
        raise InputError(f"--canonical {canonical[:20]}: use apex (example.com) or www (www.example.com)")
    try:
        zone_name = check_zone(zone)
    except ValueError as exc:
        raise InputError(f"--zone {exc}") from None
    path = stack_path(stack, None, project_dir)  # where Pulumi reads it (Pulumi.yaml's stackConfigDir)
    chosen: Literal["apex", "www"] = "apex" if canonical == "apex" else "www"
    starter = Starter(zone_name, stack, project_name(path), chosen, origin_of(origin or [], zone_name))
    write_starter(path, starter, force)


def write_starter(path: Path, starter: Starter, force: bool) -> None:
    from launchready.core.errors import InputError
    from launchready.core.files import write_atomic
    from launchready.core.project import project_home
    from launchready.starter import stack_text
    from launchready.starter.project import find_project, missing_text, next_steps

    if path.exists() and not force:
        raise InputError(f"{path} exists; keep it, choose another --stack, or replace it with --force")
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: the folder {path.parent} does not exist; create it first")
    text = stack_text(starter)
    plan = planned(text, path, starter)  # plans, or no file is written
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {path}: {starter.zone}, canonical {starter.canonical}, origin {starter.origin.describe()} "
               f"({len(plan.records)} DNS records planned)")
    project = find_project(project_home(path) or path.parent)
    if project.missing:
        typer.echo(missing_text(project, path.name))
    typer.echo(next_steps(starter.stack, project))


def planned(text: str, path: Path, starter: Starter) -> DomainPlan:
    """The starter's plan; a problem is the options' (the file was never written, so no line of it is named)."""
    from launchready.core.errors import InputError, SpecError
    from launchready.core.stack import load_stack_text

    try:
        return load_stack_text(text, str(path), starter.project, starter.stack).plan
    except SpecError as error:
        found = "; ".join(problem.message for problem in error.problems)
        raise InputError(f"these --zone and --origin values do not make a stack that plans, so {path} was not "
                         f"written: {found}. Change the options and run init again") from None


def register(app: typer.Typer) -> None:
    app.command("init")(init)
