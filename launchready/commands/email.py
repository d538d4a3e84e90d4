"""`launchready email ses`: create (or read) the Amazon SES identity for the stack's zone, enable Easy
DKIM and the custom MAIL FROM domain, and write the DKIM tokens and MAIL FROM settings into the stack
file, so `pulumi up` plans every SES record without calling AWS.

The stack file is edited as a round trip (ruamel.yaml): comments, order, quoting and every other key
stay as they were; only the ses entry under email.send changes (it is added when missing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from launchready.options import ProjectDirOption, StackFileOption, StackOption, fail_input, guarded

email_app = typer.Typer(name="email", help="Set up mail providers for a stack.", no_args_is_help=True)
DEFAULT_MAIL_FROM = "mail"


@email_app.command("ses")
@guarded
def ses(
    region: Annotated[str, typer.Option("--region", metavar="REGION",
                                        help="The SES region the product sends from, e.g. eu-west-1.")],
    stack: StackOption = None,
    stack_file: StackFileOption = None,
    endpoint_url: Annotated[str | None, typer.Option("--endpoint-url", metavar="URL",
                                                     help="Another SES endpoint (a local "
                                                     "emulator, a VPC endpoint).")] = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", min=1,
                                           help="Seconds to wait for each SES call (one attempt each).")] = 20.0,
    project_dir: ProjectDirOption = Path("."),
) -> None:
    """Create or read the SES identity for the zone (Easy DKIM, custom MAIL FROM) and write its DKIM tokens,
    region and MAIL FROM into the stack file. Uses the standard AWS credential chain."""
    from launchready.aws import ses as ses_api
    from launchready.aws.ses import checked_region
    from launchready.aws.stack_edit import open_edit, record_identity, write_back
    from launchready.core.dnsname import fqdn
    from launchready.core.files import require_writable
    from launchready.core.spec.loading import SPEC_KEY, project_name, read_yaml, stack_path

    region = checked_region(region)
    path = stack_path(stack, stack_file, project_dir)
    read_yaml(path)  # a clear message for a missing or broken file before anything else
    edit = open_edit(path, f"{project_name(path)}:{SPEC_KEY}")
    require_writable(path)  # before the SES calls: their result must not be lost to a read-only folder
    mail_from = edit.entry.get("mail_from", DEFAULT_MAIL_FROM)
    try:
        client = ses_api.client(region, endpoint_url, timeout)  # botocore alone waits 60 s, up to 5 times
        identity = ses_api.ensure_identity(client, edit.zone)
        if mail_from:
            behavior = str(edit.entry.get("behavior_on_mx_failure", "UseDefaultValue"))
            ses_api.set_mail_from(client, edit.zone, fqdn(str(mail_from), edit.zone), behavior)
    except ses_api.SesError as exc:
        raise fail_input(f"error: {exc}") from None
    record_identity(edit.entry, region, mail_from, identity.tokens)
    write_back(edit)
    report(path, edit.zone, region, identity, mail_from)


def report(path: Path, zone: str, region: str, identity: Any, mail_from: Any) -> None:
    from launchready.core.errors import SpecError
    from launchready.core.stack import load_stack

    state = "created" if identity.created else "found"
    typer.echo(f"SES identity {zone} in {region}: {state}, Easy DKIM on"
               + (f", MAIL FROM {mail_from}.{zone}" if mail_from else ""))
    typer.echo(f"wrote region, mail_from and {len(identity.tokens)} DKIM tokens to {path}")
    try:
        load_stack(path)
    except SpecError as exc:
        raise fail_input(f"the stack still needs work before `launchready plan`:\n{exc.render()}") from None
    typer.echo("next: `launchready plan` shows the DKIM CNAMEs and MAIL FROM records; `pulumi up` creates them")


def register(app: typer.Typer) -> None:
    app.add_typer(email_app)
