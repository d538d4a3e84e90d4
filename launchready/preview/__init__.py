"""`pulumi preview --json` summarized for DNS reviewers (see digest.py for the format it reads)."""

from launchready.preview.digest import FieldChange, PreviewSummary, Step, summarize

__all__ = ["FieldChange", "PreviewSummary", "Step", "summarize"]
