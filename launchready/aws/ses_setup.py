"""The steps of `launchready email ses` for one stack file, shared by the one-stack command and the run
over several stacks (launchready.portfolio.ses), so both read, call, write and report alike.

The file is read and its shape checked, and its folder proved writable, before any SES call: an
identity made in AWS whose tokens cannot be written back would leave the stack behind AWS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from launchready.aws import ses as ses_api
from launchready.aws.stack_edit import StackEdit

DEFAULT_MAIL_FROM = "mail"
NEXT_STEP = "next: `launchready plan` shows the DKIM CNAMEs and MAIL FROM records; `pulumi up` creates them"


def prepare(path: Path) -> StackEdit:
    """The stack file opened for its edit; InputError for a missing, broken or unwritable file."""
    from launchready.aws.stack_edit import open_edit
    from launchready.core.files import require_writable
    from launchready.core.spec.loading import SPEC_KEY, project_name, read_yaml

    read_yaml(path)  # a clear message for a missing or broken file before anything else
    edit = open_edit(path, f"{project_name(path)}:{SPEC_KEY}")
    require_writable(path)  # before the SES calls: their result must not be lost to a read-only folder
    return edit


def mail_from_of(edit: StackEdit) -> Any:
    """The MAIL FROM label the entry asks for (`mail` when it names none; false or empty for none)."""
    return edit.entry.get("mail_from", DEFAULT_MAIL_FROM)


def call_ses(client: Any, edit: StackEdit) -> ses_api.SesIdentity:
    """Create or read the zone's identity (Easy DKIM) and set its MAIL FROM domain; SesError on failure."""
    from launchready.core.dnsname import fqdn

    identity = ses_api.ensure_identity(client, edit.zone)
    mail_from = mail_from_of(edit)
    if mail_from:
        behavior = str(edit.entry.get("behavior_on_mx_failure", "UseDefaultValue"))
        ses_api.set_mail_from(client, edit.zone, fqdn(str(mail_from), edit.zone), behavior)
    return identity


def record(edit: StackEdit, region: str, identity: ses_api.SesIdentity) -> None:
    """Region, MAIL FROM and DKIM tokens into the ses entry, the file written back atomically."""
    from launchready.aws.stack_edit import record_identity, write_back

    record_identity(edit.entry, region, mail_from_of(edit), identity.tokens)
    write_back(edit)


def done_lines(edit: StackEdit, region: str, identity: ses_api.SesIdentity) -> list[str]:
    """What was done: the identity (created or found) and what was written where."""
    mail_from, zone = mail_from_of(edit), edit.zone
    state = "created" if identity.created else "found"
    return [f"SES identity {zone} in {region}: {state}, Easy DKIM on"
            + (f", MAIL FROM {mail_from}.{zone}" if mail_from else ""),
            f"wrote region, mail_from and {len(identity.tokens)} DKIM tokens to {edit.path}"]


def still_needs_work(path: Path) -> str | None:
    """Why the written stack cannot plan yet (the SES part is done, the rest of the file is not), or None."""
    from launchready.core.errors import SpecError
    from launchready.core.stack import load_stack

    try:
        load_stack(path)
    except SpecError as exc:
        return f"the stack still needs work before `launchready plan`:\n{exc.render()}"
    return None
