"""`launchready adopt`: bring a zone's existing records under the stack instead of colliding with them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from launchready.core.stack import load_plan
from launchready.options import (
    DocumentFormatOption,
    ProjectDirOption,
    StackFileOption,
    StackOption,
    fail_input,
    guarded,
)
from launchready.render.formats import DocumentFormat

if TYPE_CHECKING:
    from launchready.adopt.model import Adoption, ExistingZone
    from launchready.core.stack import Stack



ZoneFileOption = Annotated[Path | None, typer.Option("--zone-file", help="BIND zone file as Cloudflare exports it "
                                                     "(DNS → Records → Export).", dir_okay=False)]
FromCloudflareOption = Annotated[bool, typer.Option("--from-cloudflare", help="Read records and rulesets with the "
                                                    "Cloudflare API (token in CLOUDFLARE_API_TOKEN, read-only).")]
ApiBaseOption = Annotated[str | None, typer.Option("--api-base-url", metavar="URL", envvar="CLOUDFLARE_BASE_URL",
                                                   help="Cloudflare API base URL (default the public API).")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write the Pulumi import file here "
                                                   "(needs --from-cloudflare: a zone file has no record ids).")]
AcceptRuleLossOption = Annotated[bool, typer.Option("--accept-rule-loss", help="Exit 0 even though the first "
                                                    "`pulumi up` would delete existing rules (listed in the report).")]
CreateComponentOption = Annotated[bool, typer.Option("--create-component", help="Declare the ProductDomain "
                                                     "component in the import file, for a stack never deployed.")]


@guarded
def adopt(
    stack: StackOption = None,
    stack_file: StackFileOption = None,
    zone_file: ZoneFileOption = None,
    from_cloudflare: FromCloudflareOption = False,
    api_base_url: ApiBaseOption = None,
    output: OutputOption = None,
    create_component: CreateComponentOption = False,
    accept_rule_loss: AcceptRuleLossOption = False,
    fmt: DocumentFormatOption = DocumentFormat.TEXT,
    project_dir: ProjectDirOption = Path("."),
) -> None:
    """Match a zone's existing records, rulesets and rules with the plan; print the spec snippet that
    keeps them; write a `pulumi import --file` file. Exit 1 on a conflict or a rule the first up would delete."""
    if (zone_file is None) == (not from_cloudflare):
        raise fail_input("error: give exactly one source: --zone-file FILE or --from-cloudflare")
    if zone_file is not None and output is not None:
        raise fail_input("error: --output needs --from-cloudflare: a zone file carries no record ids, and an "
                         "import file with made-up ids would adopt the wrong records")
    from launchready.adopt import match
    from launchready.adopt.render import render_adoption

    loaded, plan = load_plan(stack, stack_file, project_dir)
    existing = read_existing(plan.zone, zone_file, api_base_url)
    adoption = match(plan, existing)
    typer.echo(render_adoption(adoption, fmt), nl=False)
    if output is not None:
        write_import_file(adoption, loaded, output, create_component)
    raise typer.Exit(code=exit_code(adoption, accept_rule_loss))


def exit_code(adoption: Adoption, accept_rule_loss: bool) -> int:
    """1 on a conflict no import can fix, or on rules the first `pulumi up` would delete (unless the
    loss is accepted on purpose)."""
    if adoption.lost_rules and accept_rule_loss:
        typer.echo(f"note: --accept-rule-loss: the first `pulumi up` deletes {len(adoption.lost_rules)} existing "
                   "rules", err=True)
    return 1 if adoption.conflicts or (adoption.lost_rules and not accept_rule_loss) else 0


def read_existing(zone: str, zone_file: Path | None, api_base_url: str | None) -> ExistingZone:
    if zone_file is not None:
        from launchready.adopt.zonefile import read_zone_file

        return read_zone_file(zone_file, zone)
    from launchready.adopt.cloudflare_api import DEFAULT_BASE_URL, fetch_zone

    token = os.environ.get("CLOUDFLARE_API_TOKEN", "").strip()
    if not token:
        raise fail_input("error: set CLOUDFLARE_API_TOKEN to an API token that can read the zone "
                         "(Zone:Read, DNS:Read, and read on its rulesets)")
    return fetch_zone(zone, token, api_base_url or DEFAULT_BASE_URL)


def write_import_file(adoption: Adoption, loaded: Stack, output: Path, create_component: bool) -> None:
    from launchready.adopt.importfile import import_file
    from launchready.core.files import write_output
    from launchready.core.spec.loading import project_name

    if not (adoption.records or adoption.rulesets or adoption.zone_resource):
        typer.echo(f"nothing to import, so {output} was not written", err=True)
        return
    document = import_file(adoption, loaded.name, project_name(loaded.path), create_component)
    write_output(json.dumps(document, indent=4) + "\n", output)  # atomic: a kill leaves the old file whole
    count = len(document["resources"]) - (1 if create_component else 0)
    typer.echo(f"wrote {output}: {count} resources to import; run `pulumi import --file {output}`, then "
               "`pulumi up`", err=True)


def register(app: typer.Typer) -> None:
    app.command("adopt")(adopt)
