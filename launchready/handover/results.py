"""Read a `launchready validate --format json` document back into a Report (schema: Report.document).

One reader for both shapes: `load_results` for a one-stack document, `results_document` + `report_of`
for each stack's section of a portfolio document (launchready.portfolio.handovers). A malformed field is
named by its place in the document (`findings[0].severity`), never by its value: a results file may
carry a TXT record's text or a header a server sent back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from launchready.core.contract import SCHEMA_VERSION
from launchready.core.errors import InputError
from launchready.core.findings import Report, printable_value
from launchready.core.inputs import RESULTS_FILE, read_text
from launchready.core.inputs.jsondoc import load_json
from launchready.core.redact import credential_shaped
from launchready.core.stack_names import is_stack_name
from launchready.handover.provenance import Owner, require_owner

ONE_STACK_HINT = "give the output of `launchready validate --format json`"
SUMMARY_FIELDS = ("stack", "zone", "families", "elapsed_seconds")
JSON_WORDS = (("a valid tuple", "a list"), ("a valid dictionary or instance of Finding", "an object"),
              ("a valid dictionary", "an object"))
"""pydantic names Python types; the reader of the message wrote JSON."""


def load_results(path: Path, owner: Owner | None = None) -> Report:
    """One stack's results; with `owner`, results that record another stack or another zone are refused (a
    handover must never show staging's verdict as prod's, nor shop's prod as blog's: provenance.py). Results
    that record no stack, or no zone, are read, and the handover says at its top that nothing shows whose
    they are."""
    report = report_of(results_document(path, ONE_STACK_HINT), f"--results {path}", ONE_STACK_HINT)
    if owner is None:
        return report
    if owner.stack is not None and report.stack is not None and report.stack != owner.stack:
        raise another_stack(path, owner.stack, report.stack)
    return require_owner(report, owner, f"--results {path}")


def quotable_stack(recorded: str) -> bool:
    """A stack name read from a results file may be quoted (and offered to --stack) when Pulumi would take
    it and it is not shaped like a credential (`prod2` is quoted, an access key id is not)."""
    return is_stack_name(recorded) and len(recorded) <= 40 and not credential_shaped(recorded)


def another_stack(path: Path, stack: str, recorded: str) -> InputError:
    if quotable_stack(recorded):
        return InputError(f"--results {path} holds stack {recorded}'s results; give {stack}'s, or pass "
                          f"--stack {recorded}")
    return InputError(f"--results {path} holds another stack's results (its name is text of {len(recorded)} "
                      f"characters), not {stack}'s; give {stack}'s: `launchready validate --stack {stack} "
                      "--format json -o FILE`")


def results_document(path: Path, hint: str) -> Any:
    """The JSON document of a --results file, read through the one hardened reader (regular files only,
    size-limited, UTF-8, depth-limited JSON)."""
    return load_json(read_text(path, RESULTS_FILE), f"--results {path}", hint)


def report_of(document: Any, source: str, hint: str) -> Report:
    """A validate document's findings, summary and notes as a Report; InputError naming `source` and the
    field that is wrong. `source` says where the document is (`--results v.json`, or with its section)."""
    require_version(document, source)
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise InputError(f"{source}: no findings list; {hint}")
    summary = document.get("summary")
    if summary is not None and not isinstance(summary, dict):
        raise InputError(f"{source}: summary is not an object; {hint}")
    fields = {name: (summary or {}).get(name) for name in SUMMARY_FIELDS}
    fields.update(findings=document["findings"], notes=document.get("notes"))
    try:
        report = Report.model_validate({name: value for name, value in fields.items() if value is not None})
    except ValidationError as exc:
        raise invalid(exc, source, hint) from None
    return Report.of(report.findings, stack=report.stack, zone=report.zone, families=report.families,
                     elapsed_seconds=report.elapsed_seconds, notes=report.notes)


def require_version(document: Any, source: str) -> None:
    version = document.get("schema_version", SCHEMA_VERSION) if isinstance(document, dict) else SCHEMA_VERSION
    if version != SCHEMA_VERSION:
        shown = f"schema_version {version}" if type(version) is int else "a schema_version that is not a number"
        raise InputError(f"{source}: {shown}, but this launchready reads {SCHEMA_VERSION}; run the same "
                         "launchready version for validate and report")


def invalid(exc: ValidationError, source: str, hint: str) -> InputError:
    """The first problem by place and pydantic's message, which names the expected type, never the input
    (str(exc) would print `input_value=...`)."""
    errors = exc.errors()
    message = errors[0]["msg"]
    for python, json in JSON_WORDS:
        message = message.replace(python, json)
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return InputError(f"{source}: {place(errors[0]['loc'])}: {message}{more}; {hint}")


def place(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as the document's path: ('findings', 0, 'check') -> findings[0].check,
    ('families',) -> summary.families. A key from the file is shown printable and cut short."""
    head, *rest = loc
    text = f"summary.{head}" if head in SUMMARY_FIELDS else str(head)
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else f".{printable_value(str(part)[:40])}"
    return text
