"""Findings and reports: what every check returns, and what the exit code is derived from.

A finding is a value, not a log line or an exception: a stable check id, a severity, the subject
(name, record type, resolver or URL), what was expected, what came back, and a message that says
what, where and how to fix. Passing checks are findings too (severity info), so a report shows what
was verified and not only what failed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypedDict, Unpack

from pydantic import BaseModel, ConfigDict, Field, field_validator

TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but tab and line feed, and the bidirectional overrides: a hostile server's TXT text or
name must not drive the terminal that prints a report (ECMA-48 escapes; CVE-2021-42574). Shown as U+FFFD."""


def printable_value(value: Any) -> Any:
    if isinstance(value, str):
        return TERMINAL_CONTROLS.sub("\ufffd", value)
    if isinstance(value, list):
        return [printable_value(item) for item in value]
    if isinstance(value, tuple):
        return tuple(printable_value(item) for item in value)
    if isinstance(value, dict):
        return {key: printable_value(item) for key, item in value.items()}
    return value


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    """One verdict of one check about one subject."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check: str
    severity: Severity
    name: str
    message: str
    type: str | None = None
    resolver: str | None = None
    url: str | None = None
    expected: Any = None
    observed: Any = None
    location: str | None = None
    """`FILE:LINE` when the verdict is about a line of a file (SARIF output points code scanning at it)."""

    @field_validator("name", "message", "type", "resolver", "url", "expected", "observed")
    @classmethod
    def printable(cls, value: Any) -> Any:
        """Text and data (a TXT string as a server sent it) never drive a terminal; also keeps JUnit XML
        well-formed."""
        return printable_value(value)

    @property
    def subject(self) -> str:
        """Where the verdict applies, for tables: the URL, or name/type @ resolver."""
        if self.url:
            return self.url
        where = f"{self.name} {self.type}" if self.type else self.name
        return f"{where} @ {self.resolver}" if self.resolver else where


def first_few(items: Sequence[str], shown: int = 3, separator: str = ", ") -> str:
    """`a, b, c (and 1197 more)`: a list for a message, at most `shown` items named, so a server's long
    list (a certificate's 1,200 names) never makes a message of its size (GitHub comments stop at 65,536
    characters)."""
    more = f" (and {len(items) - shown} more)" if len(items) > shown else ""
    return separator.join(items[:shown]) + more


def seconds(value: float) -> str:
    """A wait for a message: '2s', '1.6s', '0.05s'. A budget cut short by --deadline is some odd float;
    rounding keeps the messages of probes cut at the same moment equal (and readable)."""
    return f"{value:.2g}s" if value < 1 else f"{round(value, 1):g}s"


class SubjectFields(TypedDict, total=False):
    """The subject fields a finding may set by keyword, so a misspelt one is a type error."""

    type: str | None
    resolver: str | None
    url: str | None
    expected: Any
    observed: Any
    location: str | None


@dataclass(frozen=True)
class Subject:
    """Where a verdict applies (record type, resolver, URL) and what was expected and observed there:
    built once by a check and shared by its findings, each of which may add its own values."""

    type: str | None = None
    resolver: str | None = None
    url: str | None = None
    expected: Any = None
    observed: Any = None
    location: str | None = None

    def but(self, **fields: Unpack[SubjectFields]) -> Subject:
        """This subject with `fields` replaced, e.g. `subject.but(observed=status)`."""
        return replace(self, **fields)


NOWHERE = Subject()
"""The subject of a finding about the stack or a name alone: no type, resolver or URL."""


def verdict(check: str, severity: Severity, name: str, message: str, subject: Subject) -> Finding:
    return Finding(check=check, severity=severity, name=name, message=message, type=subject.type,
                   resolver=subject.resolver, url=subject.url, expected=subject.expected, observed=subject.observed,
                   location=subject.location)


INTERNAL_ERROR = "internal_error"
"""The check id suffix of a family that stopped on an exception: `<family>.internal_error`."""
EXIT_INTERNAL = 3


def internal_error(family: str, name: str, error: Exception, where: str | None = None) -> Finding:
    """A family that raised: its type and where in launchready, never its message (which may quote a
    server's text)."""
    return failed(f"{family}.{INTERNAL_ERROR}", name, f"{family} checks stopped: an internal error "
                  f"({type(error).__name__}) — a bug in launchready; please report it with --format json output",
                  observed=f"{type(error).__name__}" + (f" at {where}" if where else ""))


def passed(check: str, name: str, message: str, subject: Subject = NOWHERE,
           **fields: Unpack[SubjectFields]) -> Finding:
    return verdict(check, Severity.INFO, name, message, subject.but(**fields))


def failed(check: str, name: str, message: str, subject: Subject = NOWHERE, *, warning: bool = False,
           **fields: Unpack[SubjectFields]) -> Finding:
    severity = Severity.WARNING if warning else Severity.ERROR
    return verdict(check, severity, name, message, subject.but(**fields))


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Report(BaseModel):
    """Every finding of one run, plus context (which stack, which families ran, how long it took)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: tuple[Finding, ...]
    title: str = "launchready validate"
    """The command that made the report, for Markdown headings and JUnit suite names."""
    stack: str | None = None
    zone: str | None = None
    """The zone the checks were about (validate, demo): `report --results` refuses another zone's results."""
    families: tuple[str, ...] = ()
    elapsed_seconds: float | None = None
    notes: tuple[str, ...] = ()
    stats: dict[str, int] = Field(default_factory=dict)
    """Counts for the JSON summary beyond the findings (DNS queries and rounds of a validate run)."""

    @classmethod
    def of(cls, findings: Iterable[Finding], **context: Any) -> Report:
        ordered = sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.check, f.name, f.subject))
        return cls(findings=tuple(ordered), **context)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 when no finding is an error, 1 otherwise, 3 when a check family stopped on a bug of launchready's
        own (INTERNAL_ERROR): the report is incomplete, which is not a verdict on the domain. 2 is for bad
        input, raised before a report exists."""
        if any(f.check.endswith(f".{INTERNAL_ERROR}") for f in self.findings):
            return EXIT_INTERNAL
        return 0 if self.ok else 1

    def summary(self) -> dict[str, Any]:
        counts = Counter(f.severity.value for f in self.findings)
        return {
            "errors": counts.get("error", 0),
            "warnings": counts.get("warning", 0),
            "passed": counts.get("info", 0),
            "checks": sorted({f.check for f in self.findings}),
            "families": list(self.families),
            "stack": self.stack,
            **({"zone": self.zone} if self.zone is not None else {}),
            "elapsed_seconds": self.elapsed_seconds,
            **self.stats,
        }

    def document(self) -> dict[str, Any]:
        """The JSON report: {"schema_version", "ok", "findings", "summary", "notes"} (docs/schemas/report)."""
        from launchready.core.contract import SCHEMA_VERSION

        return {
            "schema_version": SCHEMA_VERSION,
            "ok": self.ok,
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "summary": self.summary(),
            "notes": list(self.notes),
        }
