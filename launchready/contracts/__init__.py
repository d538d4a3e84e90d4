"""The JSON documents launchready writes, as typed shapes built from the models they come from, and the
JSON Schemas generated from them (docs/schemas/NAME.schema.json; `python -m launchready.contracts`
writes them, tests/contracts checks them against each command's real output).

Every document carries `schema_version` (launchready.core.contract). Keys this module does not spell
out (a record change's fields, a ruleset's settings) are objects whose keys may grow within a version.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired

from pydantic import ConfigDict, TypeAdapter
from typing_extensions import TypedDict

from launchready.adopt.model import ExistingRecord, ExistingRuleset
from launchready.core.findings import Finding
from launchready.core.plan.model import CacheRule, RedirectRule, WebHost
from launchready.core.plan.ops_model import MonitoringPlan
from launchready.diff.model import SettingChange, Side

CLOSED = ConfigDict(extra="forbid")
Version = Literal[1]


class ReportSummary(TypedDict):
    __pydantic_config__ = CLOSED  # type: ignore[misc]
    errors: int
    warnings: int
    passed: int
    checks: list[str]
    families: list[str]
    stack: str | None
    zone: NotRequired[str]
    """validate and demo: the zone checked (`report --results` refuses results of another zone)."""
    elapsed_seconds: float | None
    dns_queries: NotRequired[int]
    """With the dns family: DNS questions sent, sequential rounds, timeouts and retries, and the questions
    not sent to a server that answered none of its first (validators/dns/budget.py, SILENT_AFTER)."""
    dns_rounds: NotRequired[int]
    dns_timeouts: NotRequired[int]
    dns_retries: NotRequired[int]
    dns_not_sent: NotRequired[int]


class ReportDocument(TypedDict):
    """validate, check email, preflight, diff --live, demo --format json."""

    __pydantic_config__ = CLOSED  # type: ignore[misc]
    schema_version: Version
    ok: bool
    findings: list[Finding]
    summary: ReportSummary
    notes: list[str]


class PlanRecord(TypedDict):
    __pydantic_config__ = CLOSED  # type: ignore[misc]
    name: str
    type: str
    content: str
    priority: int | None
    ttl: int
    proxied: bool


class PlanDocument(TypedDict):
    """plan --format json."""

    __pydantic_config__ = CLOSED  # type: ignore[misc]
    schema_version: Version
    zone: str
    canonical_url: str
    records: list[PlanRecord]
    redirects: list[RedirectRule]
    cache_rules: list[CacheRule]
    zone_settings: dict[str, Any]
    web_hosts: list[WebHost]
    dnssec: bool
    cloudflare_plan: str
    monitoring: MonitoringPlan | None
    rate_limits: list[dict[str, Any]]
    app_links: NotRequired[dict[str, Any]]
    """The app-link files and callbacks (only when the stack declares `app_links`)."""
    kept_rules: NotRequired[list[dict[str, Any]]]
    """`rules.keep`, each with its phase (only when the stack keeps rules)."""
    adopted: NotRequired[dict[str, list[str]]]
    """What adopt brought in: record labels and rule refs (only when declared)."""


class DiffDocument(TypedDict):
    """diff --format json (between revisions)."""

    __pydantic_config__ = CLOSED  # type: ignore[misc]
    schema_version: Version
    stack: str
    zone: str | None
    base: Side
    head: Side
    changed: bool
    dangerous: list[dict[str, str]]
    records: list[dict[str, Any]]
    redirects: list[dict[str, Any]]
    cache_rules: list[dict[str, Any]]
    rate_limits: list[dict[str, Any]]
    settings: list[SettingChange]
    monitoring: list[SettingChange]
    kept_rules: NotRequired[list[dict[str, Any]]]
    """Rule-level changes of `rules.keep` per phase (only when either side keeps rules)."""
    unchanged: dict[str, int]
    notes: list[str]


class PreviewChange(TypedDict):
    __pydantic_config__ = CLOSED  # type: ignore[misc]
    field: str
    old: Any
    new: Any


class PreviewStep(TypedDict):
    __pydantic_config__ = CLOSED  # type: ignore[misc]
    op: str
    urn: str
    type: str
    name: str
    what: str
    changes: list[PreviewChange]


class PreviewDocument(TypedDict):
    """preview-summary --format json."""

    __pydantic_config__ = CLOSED  # type: ignore[misc]
    schema_version: Version
    counts: dict[str, int]
    unchanged: int
    steps: list[PreviewStep]
    warnings: list[str]
    dangerous: NotRequired[list[str]]
    """Rule removals and redirect target changes read from the rulesets' old and new state."""


class AdoptDocument(TypedDict):
    """adopt --format json."""

    __pydantic_config__ = CLOSED  # type: ignore[misc]
    schema_version: Version
    zone: str
    zone_id: str | None
    source: str
    adopt: list[dict[str, Any]]
    rulesets: list[dict[str, Any]]
    zone_resource: str | None
    conflicts: list[dict[str, Any]]
    superseded: list[dict[str, Any]]
    undeclared: list[ExistingRecord]
    spec_snippet: str
    ignored: list[ExistingRecord]
    other_rulesets: list[ExistingRuleset]
    notes: list[str]
    rules: NotRequired[list[dict[str, Any]]]
    """Each existing entry-point rule and what the first `pulumi up` would do to it."""
    lost_rules: NotRequired[list[str]]
    dangerous: NotRequired[list[dict[str, Any]]]
    """Dangerous changes the first `pulumi up` makes to what the zone holds (`rule`, `entry`, `message`,
    `declared`: whether `adopted.overwrites` lists the entry)."""
    adopted: NotRequired[dict[str, list[str]]]
    caa: NotRequired[dict[str, list[str]]]
    """The plan's new apex CAA set (`new_issuers`, empty when the apex already has one) and the names the
    zone serves elsewhere (`served_elsewhere`), whose certificates may come from a CA the set leaves out."""
    settings: NotRequired[list[dict[str, Any]]]
    """Each zone setting the first `pulumi up` changes (`setting` as the spec names it, `current`, `planned`,
    `overwrite`: its danger or null); empty from a zone file, which holds no settings."""
    dnssec: NotRequired[str | None]
    """The zone's DNSSEC status (`active`, `pending`, `disabled`, ...), null from a zone file."""
    zone_notes: NotRequired[list[str]]
    """What the first `pulumi up` does to the zone's DNSSEC, or that a zone file showed no settings or DNSSEC."""


class StackReportSection(ReportDocument):
    """A portfolio section of a check run (validate, preflight, diff --live): the one-stack report, plus
    the stack file, its zone and its exit code."""

    file: str
    zone: str | None
    exit_code: int


class StackDocumentSection(TypedDict):
    """A portfolio section of a document run (plan, diff): the one-stack document under `document`."""

    __pydantic_config__ = CLOSED  # type: ignore[misc]
    file: str
    zone: str | None
    exit_code: int
    ok: bool
    document: dict[str, Any]


class StackBadInput(TypedDict):
    """A stack that could not be read, planned or checked: exit code 2, and why."""

    __pydantic_config__ = CLOSED  # type: ignore[misc]
    file: str
    zone: str | None
    exit_code: int
    ok: bool
    error: str


class PortfolioSummary(TypedDict):
    __pydantic_config__ = CLOSED  # type: ignore[misc]
    stacks: int
    passed: int
    failed: int
    bad_input: int
    errors: int
    warnings: int
    elapsed_seconds: NotRequired[float]
    """validate: the whole run's wall time; with a family that asks DNS, its questions and rounds."""
    dns_queries: NotRequired[int]
    dns_rounds: NotRequired[int]
    workers: NotRequired[int]
    """validate with its stacks shared out over worker processes (--jobs): how many ran (absent: one process)."""


class PortfolioDocument(TypedDict):
    """Any command over several stacks, --format json: a section per stack, keyed by stack."""

    __pydantic_config__ = CLOSED  # type: ignore[misc]
    schema_version: Version
    ok: bool
    exit_code: int
    stacks: dict[str, StackReportSection | StackDocumentSection | StackBadInput]
    summary: PortfolioSummary


DOCUMENTS: dict[str, Any] = {
    "report": ReportDocument, "plan": PlanDocument, "diff": DiffDocument, "preview": PreviewDocument,
    "adopt": AdoptDocument, "portfolio": PortfolioDocument,
}
"""docs/schemas/NAME.schema.json for each document."""


def json_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = TypeAdapter(DOCUMENTS[name]).json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://launchready.dev/schemas/{name}.schema.json", **schema}
