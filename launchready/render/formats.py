"""The output formats, one enum per kind of document; renderers and commands take these, never strings."""

from __future__ import annotations

from enum import StrEnum


class DocumentFormat(StrEnum):
    """Formats of documents people read or diff: plans, diffs, previews, adoption reports."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


class ReportFormat(StrEnum):
    """Formats of check reports (validate, check, preflight): JUnit for CI dashboards too."""

    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    SARIF = "sarif"


class HandoverFormat(StrEnum):
    """Formats of the handover document: Markdown for a repository or wiki, one HTML file for a phone."""

    MARKDOWN = "markdown"
    HTML = "html"


class DemoFormat(StrEnum):
    """What `launchready demo` prints: its own summary, or any check-report format."""

    SUMMARY = "summary"
    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"
    MARKDOWN = "markdown"
