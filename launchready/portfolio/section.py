"""One stack's part of a portfolio run: its outcome as data, for every renderer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchready.core.findings import Report, Severity
from launchready.portfolio.load import Loaded

VERDICT = {0: "PASS", 1: "FAIL", 2: "BAD INPUT"}


@dataclass(frozen=True)
class Section:
    """A stack's outcome: a check report (validate, preflight, drift), or a rendered document (plan, diff,
    handover) with its JSON form, or the bad-input message that stopped it (exit code 2)."""

    key: str
    path: Path
    zone: str | None
    exit_code: int
    report: Report | None = None
    document: Any = None
    body: str = ""
    problem: str | None = None
    gist: str = ""
    """One line for the portfolio table: counts of a plan or a diff (reports count their findings)."""

    @property
    def verdict(self) -> str:
        return VERDICT.get(self.exit_code, "FAIL")

    def counts(self) -> tuple[int, int]:
        """(errors, warnings) of the report; a bad stack counts one error."""
        if self.report is None:
            return (1, 0) if self.problem else (0, 0)
        summary = self.report.summary()
        return int(summary["errors"]), int(summary["warnings"])

    def worst(self) -> str:
        """The worst thing said about the stack, for the portfolio table."""
        if self.problem:
            return self.problem.removeprefix("error: ").splitlines()[0]
        if self.report is None:
            return self.gist
        first = next((f for f in self.report.findings if f.severity is not Severity.INFO), None)
        return f"{first.check}: {first.message}" if first else "every check passed"

    def rank(self) -> tuple[int, int, int, str]:
        """Worst first: bad input, then failures, most errors and warnings first; then by key."""
        errors, warnings = self.counts()
        return (-self.exit_code, -errors, -warnings, self.key)


def bad_input(loaded: Loaded) -> Section:
    return Section(loaded.target.key, loaded.target.path, loaded.zone, 2, problem=loaded.problem)


def of_report(loaded: Loaded, report: Report, zone: str | None = None) -> Section:
    return Section(loaded.target.key, loaded.target.path, zone or loaded.zone, report.exit_code, report=report)


def worst_exit(sections: list[Section]) -> int:
    return max((s.exit_code for s in sections), default=0)
