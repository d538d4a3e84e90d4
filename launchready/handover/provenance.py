"""Whose results a --results document holds: a handover shows a validate run as proof only when it checked
this stack's zone (and, for a portfolio section, this stack file). Every product has a `prod`, so the
stack name alone proves nothing: shop's prod results must never read as blog's.

Results written before validate recorded `summary.zone` are read with a caution, unless their findings
all name hosts outside the zone, which shows they are another zone's. Values from the file are quoted
only when they are DNS names or short printable paths: a results file is input from outside."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from launchready.core.dnsname import MAX_NAME_LENGTH, in_zone, name_error, normalize_name
from launchready.core.errors import InputError
from launchready.core.findings import Report, printable_value
from launchready.core.paths import real_path, same_file
from launchready.core.redact import credential_shaped


@dataclass(frozen=True)
class Owner:
    """The stack a handover is for: its name, zone and stack file, as loaded for this run."""

    stack: str | None
    zone: str
    file: Path

    def described(self) -> str:
        return f"{self.zone} ({f'stack {self.stack}, ' if self.stack else ''}{self.file})"

    def validate_command(self) -> str:
        return f"`launchready validate --stack-file {self.file} --format json -o FILE`"


def require_owner(report: Report, owner: Owner, source: str) -> Report:
    """`report` when it is `owner`'s results, else InputError (exit 2) naming both zones and the fix."""
    if report.zone is None:
        if report.findings and not any(in_zone(f.name, owner.zone) for f in report.findings):
            raise InputError(f"{source} records no zone (an older launchready wrote it), and none of its "
                             f"findings is about {owner.zone} or a name under it, so it holds another zone's "
                             f"results; this report is for {owner.described()}: "
                             f"run {owner.validate_command()} and pass that file")
        return report
    if zone_of(report.zone) != owner.zone:
        raise InputError(f"{source} holds the results of {quoted_zone(report.zone)}{recorded_stack(report)}, "
                         f"but this report is for {owner.described()}; pass "
                         f"{owner.zone}'s results file, or run {owner.validate_command()}")
    return report


def require_file(recorded: object, owner: Owner, source: str) -> None:
    """A portfolio section's `file` must be the stack file this run loaded (InputError otherwise)."""
    if recorded is None or same_stack_file(recorded, owner.file):
        return
    raise InputError(f"{source} was validated from {quoted_file(recorded)}, but this report is for "
                     f"{owner.described()}; give `report` the same --stack and --project-dir options as `validate`, "
                     f"run from the same folder, or run {owner.validate_command()}")


def same_stack_file(recorded: object, file: Path) -> bool:
    """The same file once links are followed, or a relative path `file` ends with (validate ran in a folder
    above or below this one: `products/shop/Pulumi.prod.yaml` is still shop/Pulumi.prod.yaml)."""
    if not isinstance(recorded, str) or not recorded or len(recorded) > 4096 or "\0" in recorded:
        return False
    if same_file(Path(recorded), file):
        return True
    written, real = PurePath(recorded), real_path(file)
    if written.is_absolute() or ".." in written.parts or real is None:
        return False
    wanted = tuple(part for part in written.parts if part != ".")
    return bool(wanted) and real.parts[-len(wanted):] == wanted


def zone_of(recorded: str) -> str | None:
    """The recorded zone as a DNS name compares (case and a final dot aside), or None when it is none."""
    if len(recorded) > MAX_NAME_LENGTH + 1 or name_error(recorded) is not None:
        return None
    return normalize_name(recorded)


def quoted_zone(recorded: str) -> str:
    zone = None if credential_shaped(recorded) else zone_of(recorded)
    return f"zone {zone}" if zone else f"another zone (text of {len(recorded)} characters)"


def quoted_file(recorded: object) -> str:
    if isinstance(recorded, str) and len(recorded) <= 200 and not credential_shaped(recorded):
        return str(printable_value(recorded))
    return "another file"


def recorded_stack(report: Report) -> str:
    stack = report.stack
    if stack is None or len(stack) > 40 or credential_shaped(stack):
        return ""
    return f" (stack {printable_value(stack)})"
