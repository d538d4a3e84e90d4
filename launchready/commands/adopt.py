"""`launchready adopt`: bring a zone's existing records under the stack instead of colliding with them.
Several stacks (--stack repeated, --all-stacks, --project-dir repeated) are read from the Cloudflare API in
one run, a section per stack, every request through the process's one API limiter."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from launchready.core.files import STDOUT
from launchready.core.stack import load_plan
from launchready.options import (
    AllStacksOption,
    DocumentFormatOption,
    ProjectDirsOption,
    StackFileOption,
    StacksOption,
    fail_input,
    guarded,
    path_parser,
)
from launchready.render.formats import DocumentFormat

if TYPE_CHECKING:
    from collections.abc import Callable

    from launchready.adopt.model import Adoption, ExistingZone
    from launchready.core.stack import Stack
    from launchready.portfolio.load import Loaded
    from launchready.portfolio.section import Section
    from launchready.portfolio.targets import Targets


ZoneFileOption = Annotated[Path | None, typer.Option(
    "--zone-file", metavar="FILE", parser=path_parser("--zone-file", "give the path of a BIND zone file, or use "
                                                      "--from-cloudflare"),
    help="BIND zone file as Cloudflare exports it (DNS → Records → Export): one zone, so one stack.")]
FromCloudflareOption = Annotated[bool, typer.Option("--from-cloudflare", help="Read records, rulesets, the TLS "
                                                    "zone settings and the DNSSEC status with the Cloudflare API "
                                                    "(token in CLOUDFLARE_API_TOKEN, read-only; through the proxy "
                                                    "HTTPS_PROXY names, unless NO_PROXY says not).")]
ApiBaseOption = Annotated[str | None, typer.Option("--api-base-url", metavar="URL", envvar="CLOUDFLARE_BASE_URL",
                                                   help="Cloudflare API base URL (default the public API).")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="PATH", parser=path_parser("--output", "give a file name (a folder with several "
                                                         "stacks), or - for stdout", dash="stdout"),
    help="Write the Pulumi import file here; - is stdout, the report then going to stderr (needs "
    "--from-cloudflare: a zone file has no record ids). With several stacks, a FOLDER (created if missing) "
    "receiving one import file per stack, FOLDER/<stack>.json (a DIR/NAME stack key as DIR_NAME).")]
AcceptRuleLossOption = Annotated[bool, typer.Option("--accept-rule-loss", help="Exit 0 even though the first "
                                                    "`pulumi up` would delete existing rules (listed in the report).")]
CreateComponentOption = Annotated[bool, typer.Option("--create-component", help="Declare the ProductDomain "
                                                     "component in the import file, for a stack never deployed.")]


@guarded
def adopt(
    stack: StacksOption = None,
    stack_file: StackFileOption = None,
    zone_file: ZoneFileOption = None,
    from_cloudflare: FromCloudflareOption = False,
    api_base_url: ApiBaseOption = None,
    output: OutputOption = None,
    create_component: CreateComponentOption = False,
    accept_rule_loss: AcceptRuleLossOption = False,
    fmt: DocumentFormatOption = DocumentFormat.TEXT,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
) -> None:
    """Match a zone's existing records, rulesets and rules with the plan; print the spec snippet that
    keeps them; write a `pulumi import --file` file. Exit 1 on a conflict, a rule the first up would delete,
    or a dangerous change to what the zone holds that adopted.overwrites does not declare (another mail host,
    CA, delegation or address; a host's proxy turned off, publishing its origin, or on; an old MX, address or
    nameserver left beside the planned ones; a CAA set that blocks the CA a validation record shows a service
    uses; another SPF, DKIM or DMARC record; another rule action, target, threshold or cache TTL; with
    --from-cloudflare, another SSL mode, or a weaker HSTS, minimum TLS version or Always Use HTTPS than the
    zone has). A new CAA set at the apex is reported with the names served elsewhere, whose certificates it
    also governs.

    Several stacks (with --from-cloudflare) give one report, a section per stack, worst first, and the
    worst exit code; a stack that fails to load or whose zone the API does not show is its own section
    with exit code 2, and the others still run. --accept-rule-loss holds for every stack."""
    from launchready.portfolio.targets import select

    if (zone_file is None) == (not from_cloudflare):
        raise fail_input("error: give exactly one source: --zone-file FILE or --from-cloudflare")
    if zone_file is not None and output is not None:
        raise fail_input("error: --output needs --from-cloudflare: a zone file carries no record ids, and an "
                         "import file with made-up ids would adopt the wrong records")
    targets = select(stack, stack_file, project_dir, all_stacks)
    if targets.single is None:
        raise typer.Exit(code=run_adoptions(targets, Source(zone_file, api_base_url), Result(
            fmt, output, create_component, accept_rule_loss)))
    from launchready.adopt import match
    from launchready.adopt.render import render_adoption

    loaded, plan = load_plan(*targets.single)
    existing = read_existing(plan.zone, zone_file, api_base_url)
    adoption = match(plan, existing, loaded.spec)
    typer.echo(render_adoption(adoption, fmt), nl=False, err=output == STDOUT)  # stdout holds the import file
    if output is not None:
        write_import_file(adoption, loaded, output, create_component)
    raise typer.Exit(code=exit_code(adoption, accept_rule_loss))


def exit_code(adoption: Adoption, accept_rule_loss: bool, stack: str = "") -> int:
    """1 on a conflict no import can fix, on a dangerous change to what the zone holds that the spec's
    `adopted.overwrites` does not declare, or on rules the first `pulumi up` would delete (unless the
    loss is accepted on purpose). `stack` names the stack in the note of a several-stack run."""
    if adoption.lost_rules and accept_rule_loss:
        typer.echo(f"note: {stack + ': ' if stack else ''}--accept-rule-loss: the first `pulumi up` deletes "
                   f"{len(adoption.lost_rules)} existing rules", err=True)
    blocked = adoption.conflicts or adoption.undeclared_overwrites
    return 1 if blocked or (adoption.lost_rules and not accept_rule_loss) else 0


def read_existing(zone: str, zone_file: Path | None, api_base_url: str | None) -> ExistingZone:
    if zone_file is not None:
        from launchready.adopt.zonefile import read_zone_file

        return read_zone_file(zone_file, zone)
    from launchready.adopt.cloudflare_api import DEFAULT_BASE_URL, fetch_zone

    return fetch_zone(zone, api_token(), api_base_url or DEFAULT_BASE_URL)


def api_token() -> str:
    """CLOUDFLARE_API_TOKEN; never echoed (the SDK sends it only in the Authorization header). A value
    that cannot be a bearer token (curly quotes, a line break) is refused before any request."""
    from launchready.cfapi.token import HOW, token_problem

    token = os.environ.get("CLOUDFLARE_API_TOKEN", "").strip()
    if not token:
        raise fail_input("error: set CLOUDFLARE_API_TOKEN to an API token that can read the zone "
                         "(Zone:Read, DNS:Read, Zone Settings:Read, and read on its rulesets)")
    if problem := token_problem(token):
        raise fail_input(f"error: CLOUDFLARE_API_TOKEN {problem}; {HOW}")
    return token


def write_import_file(adoption: Adoption, loaded: Stack, output: Path, create_component: bool) -> None:
    from launchready.adopt.importfile import import_file
    from launchready.core.files import write_output
    from launchready.core.spec.loading import project_name

    printed = output == STDOUT  # `--output -`: the import file on stdout, the report went to stderr
    if not (adoption.records or adoption.rulesets or adoption.zone_resource):
        typer.echo(f"nothing to import, so {'no import file was printed' if printed else f'{output} was not written'}",
                   err=True)
        return
    document = import_file(adoption, loaded.name, project_name(loaded.path), create_component)
    write_output(json.dumps(document, indent=4) + "\n", output)  # atomic: a kill leaves the old file whole
    count = len(document["resources"]) - (1 if create_component else 0)
    done, file = ("printed the import file", "FILE (saved from stdout)") if printed else (f"wrote {output}", output)
    typer.echo(f"{done}: {count} resources to import; run `pulumi import --file {file}`, then `pulumi up`",
               err=True)


@dataclass(frozen=True)
class Source:
    """Where a several-stack run reads the zones: only the API (a zone file holds one zone)."""

    zone_file: Path | None
    api_base_url: str | None


@dataclass(frozen=True)
class Result:
    """What a several-stack run makes of each adoption: the report format, the import files, the exit code."""

    fmt: DocumentFormat
    output: Path | None
    create_component: bool
    accept_rule_loss: bool


def run_adoptions(targets: Targets, source: Source, result: Result) -> int:
    """A section per stack in the portfolio report the other commands print; the worst exit code.
    Every stack's API calls go through the process's one limiter (launchready/cfapi/limiter.py)."""
    from launchready.adopt.cloudflare_api import DEFAULT_BASE_URL
    from launchready.portfolio.documents import finish, run_sections

    if source.zone_file is not None:
        raise fail_input(f"error: --zone-file {source.zone_file} holds one zone, but --stack repeated, "
                         "--all-stacks or several --project-dir make a run over several stacks; adopt them "
                         "together with --from-cloudflare, or run adopt once per stack with its own --zone-file")
    token, base_url = api_token(), source.api_base_url or DEFAULT_BASE_URL
    if result.output is not None:
        import_folder(targets, result.output)
    sections = run_sections(targets, adoption_section(token, base_url, result))
    return finish(sections, result.fmt.value, "launchready adopt", None)


def import_folder(targets: Targets, output: Path) -> None:
    """--output with several stacks is a folder (made here, before any API call); never an existing file,
    and never two stacks writing one file."""
    from launchready.core.errors import InputError
    from launchready.core.files import require_output_folder_for_stacks
    from launchready.portfolio.targets import require_distinct_folders

    require_output_folder_for_stacks(output, "one import file per stack (FOLDER/<stack>.json)")
    require_distinct_folders(targets.stacks, "--output")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--output {output}: cannot create the folder ({exc.strerror or exc})") from None


def adoption_section(token: str, base_url: str, result: Result) -> Callable[[Loaded], Section]:
    from launchready.adopt import match
    from launchready.adopt.cloudflare_api import fetch_zone
    from launchready.adopt.render import render_adoption
    from launchready.portfolio.section import Section

    def section(loaded: Loaded) -> Section:
        assert loaded.stack is not None and loaded.plan is not None
        target, fmt = loaded.target, result.fmt
        adoption = match(loaded.plan, fetch_zone(loaded.plan.zone, token, base_url), loaded.stack.spec)
        if result.output is not None:
            write_import_file(adoption, loaded.stack, result.output / f"{target.folder}.json",
                              result.create_component)
        code = exit_code(adoption, result.accept_rule_loss, target.key)
        document = json.loads(render_adoption(adoption, fmt)) if fmt is DocumentFormat.JSON else None
        body = "" if document is not None else render_adoption(adoption, fmt)
        return Section(target.key, target.path, loaded.plan.zone, code, document=document, body=body,
                       gist=gist(adoption))

    return section


def gist(adoption: Adoption) -> str:
    """The stack's row in the portfolio table: what it imports and what stands in the way."""
    return (f"{len(adoption.records) + len(adoption.rulesets)} to import, {len(adoption.undeclared)} undeclared, "
            f"{len(adoption.conflicts)} conflicts, {len(adoption.lost_rules)} rules lost, "
            f"{len(adoption.undeclared_overwrites)} dangerous changes")


def register(app: typer.Typer) -> None:
    app.command("adopt")(adopt)
