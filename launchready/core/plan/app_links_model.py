"""Frozen app-link values: the files each host serves, the apps they name, the callbacks and pages.

Kept apart from the planning functions (launchready.core.plan.app_links) so DomainPlan can hold them
without an import cycle.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


APP_LINKS_TTL = 300
"""Edge and browser TTL of the two files, in seconds: short, so a new app or fingerprint is live fast."""
APPLE_SIZE_LIMIT = 128 * 1024
"""Apple: "the uncompressed file size must be no greater than 128 KB" (read 2026-11)."""
CONTENT_TYPE = "application/json"


class AndroidTarget(Value):
    package: str
    fingerprints: tuple[str, ...]


class AppLinkDocument(Value):
    """One file on one host: its path, which verifier reads it, and the exact text to serve."""

    host: str
    path: str
    kind: Literal["apple", "android"]
    body: str

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.path}"

    def contract(self) -> dict[str, Any]:
        return {"url": self.url, "kind": self.kind, "content_type": CONTENT_TYPE, "document": json.loads(self.body)}


class AppLinksPlan(Value):
    hosts: tuple[str, ...]
    documents: tuple[AppLinkDocument, ...]
    app_ids: tuple[str, ...]
    android: tuple[AndroidTarget, ...]
    callbacks: tuple[str, ...]
    pages: tuple[str, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(document.path for document in self.documents))

    def contract(self) -> dict[str, Any]:
        return {"hosts": list(self.hosts), "documents": [d.contract() for d in self.documents],
                "callbacks": list(self.callbacks), "pages": list(self.pages), "edge_ttl": APP_LINKS_TTL}
