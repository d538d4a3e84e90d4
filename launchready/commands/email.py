"""`launchready email ses`: create (or read) the Amazon SES identity for the stack's zone, enable Easy
DKIM and the custom MAIL FROM domain, and write the DKIM tokens and MAIL FROM settings into the stack
file, so `pulumi up` plans every SES record without calling AWS.

The stack file is edited as a round trip (ruamel.yaml): comments, order, quoting and every other key
stay as they were; only the ses entry under email.send changes (it is added when missing).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from launchready.options import ProjectDirOption, StackFileOption, StackOption, fail_input, guarded

email_app = typer.Typer(name="email", help="Set up mail providers for a stack.", no_args_is_help=True)
DEFAULT_MAIL_FROM = "mail"


def round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long DKIM keys
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def domain_section(document: Any, path: Path) -> Any:
    from launchready.core.errors import InputError
    from launchready.core.spec.loading import SPEC_KEY, project_name

    key = f"{project_name(path)}:{SPEC_KEY}"
    config: Any = document.get("config") if hasattr(document, "get") else None
    section: Any = config.get(key) if hasattr(config, "get") else None
    if not hasattr(section, "get"):
        raise InputError(f"{path}: the stack file has no config key {key}; add one first")
    return section


def zone_name(section: Any, path: Path) -> str:
    from launchready.core.dnsname import check_name
    from launchready.core.errors import InputError

    zone = section.get("zone")
    name = zone.get("name") if hasattr(zone, "get") else zone
    try:
        return check_name(str(name or ""))
    except ValueError as exc:
        raise InputError(f"{path}: zone {exc}") from None


def ses_entry(section: Any) -> Any:
    """The ses mapping under email.send, turning the `ses` shorthand into a mapping or adding one."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if section.get("email") is None:
        section["email"] = CommentedMap()
    email = section["email"]
    if email.get("send") is None:
        email["send"] = CommentedSeq()
    send = email["send"]
    for i, item in enumerate(send):
        if item == "ses":
            send[i] = CommentedMap(provider="ses")
            return send[i]
        if hasattr(item, "get") and item.get("provider") == "ses":
            return item
    send.append(CommentedMap(provider="ses"))
    return send[-1]


def write_atomically(path: Path, document: Any) -> None:
    """Replace the file in one rename, so an interrupted run never leaves half a stack file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w") as stream:
            round_trip().dump(document, stream)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    from launchready.core.dnsname import fqdn
    from launchready.core.spec.loading import read_yaml, stack_path

    region = checked_region(region)
    path = stack_path(stack, stack_file, project_dir)
    read_yaml(path)  # a clear message for a missing or broken file before anything else
    document = round_trip().load(path.read_text())
    section = domain_section(document, path)
    zone, entry = zone_name(section, path), ses_entry(section)
    mail_from = entry.get("mail_from", DEFAULT_MAIL_FROM)
    try:
        client = ses_api.client(region, endpoint_url, timeout)  # botocore alone waits 60 s, up to 5 times
        identity = ses_api.ensure_identity(client, zone)
        if mail_from:
            behavior = str(entry.get("behavior_on_mx_failure", "UseDefaultValue"))
            ses_api.set_mail_from(client, zone, fqdn(str(mail_from), zone), behavior)
    except ses_api.SesError as exc:
        raise fail_input(f"error: {exc}") from None
    record_identity(entry, region, mail_from, identity.tokens)
    write_atomically(path, document)
    report(path, zone, region, identity, mail_from)


def record_identity(entry: Any, region: str, mail_from: Any, tokens: tuple[str, ...]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    entry["region"] = region
    if "mail_from" not in entry:
        entry["mail_from"] = mail_from
    entry["dkim_tokens"] = CommentedSeq(tokens)


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
