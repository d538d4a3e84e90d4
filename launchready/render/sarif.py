"""Findings as SARIF 2.1.0 (OASIS, "Static Analysis Results Interchange Format", §3), for code scanning
(GitHub: upload it with github/codeql-action/upload-sarif). Only findings about a line of a file (their
`location`, `FILE:LINE`) that are errors or warnings become results: a code-scanning alert needs a place
in the repository, and a passed check is not an alert. SARIF carries its own `version`, not launchready's
schema_version."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from launchready.core.findings import Finding, Report, Severity, printable_value

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}
LOCATION = re.compile(r"(?P<file>.*?)(?::(?P<line>\d+))?", re.DOTALL)
"""`FILE:LINE` or `FILE`; a file name may hold any character, a line break too (fullmatch: `$` would stop
before a trailing one)."""
URI_SAFE = "/!$&'()*+,;=@"
"""Left as they are in a path: RFC 3986 §3.3 pchar's sub-delims and `@` (and `/` between segments); `:` is
encoded, so a first segment never reads as a scheme. Anything else (a space, a control character, non-ASCII)
is percent-encoded: SARIF's `uri` is a URI reference (SARIF 2.1.0 §3.10.2)."""


def render_sarif(report: Report) -> str:
    return render_sarif_findings(report.findings)


def render_sarif_findings(findings: Iterable[Finding]) -> str:
    """One run of every located error and warning: a portfolio's stacks share it, each result naming its
    own stack file (GitHub code scanning refuses several runs of one tool in a file, "SARIF support for
    code scanning", read 2026-11)."""
    from launchready import __version__

    located = [f for f in findings if f.location and f.severity in LEVELS]
    driver = {"name": "launchready", "version": __version__, "informationUri": "https://github.com/launchready",
              "rules": [{"id": check, "shortDescription": {"text": check}}
                        for check in sorted({f.check for f in located})]}
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0",
                "runs": [{"tool": {"driver": driver}, "results": [result(f) for f in located]}]}
    return json.dumps(document, indent=2) + "\n"


def result(finding: Finding) -> dict[str, Any]:
    file, line = located_at(finding.location or "")
    region = {"region": {"startLine": line}} if line else {}
    return {
        "ruleId": finding.check,
        "level": LEVELS[finding.severity],
        "message": {"text": printable_value(finding.message)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(file.removeprefix("./"), safe=URI_SAFE)},
                                            **region}}],
    }


def located_at(location: str) -> tuple[str, int | None]:
    """A finding's `FILE:LINE` (or `FILE`) as the file and its line; text that is no such thing is a file."""
    match = LOCATION.fullmatch(location)
    if match is None or not match["line"]:
        return location, None
    return match["file"], int(match["line"])
