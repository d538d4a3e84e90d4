"""Where in the stack file a validator's finding points: the line of the record, web host or zone it is
about. Validators judge the live domain and know no file; SARIF needs a line to pin a code-scanning alert
to (OASIS SARIF 2.1.0 §3.28, physicalLocation), so a validate run is located after it ends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from launchready.core.findings import Finding, Report
from launchready.core.plan.model import DomainPlan
from launchready.core.spec.lines import line_of, path_parts


@dataclass(frozen=True)
class Sources:
    """The spec key path each planned name comes from: a record by name and type, a web host by name,
    any other name of the plan by its first record; the zone's own key for the rest."""

    records: dict[tuple[str, str], str]
    hosts: dict[str, str]
    names: dict[str, str]

    @classmethod
    def of(cls, plan: DomainPlan) -> Sources:
        names: dict[str, str] = {}
        for record in plan.records:
            names.setdefault(record.name, record.source)
        return cls({(r.name, r.type): r.source for r in plan.records},
                   {h.fqdn: f"hosts.{h.label}" for h in plan.web_hosts}, names)

    def source(self, finding: Finding) -> str:
        name = finding.name.rstrip(".").lower()
        if finding.type and (name, finding.type) in self.records:
            return self.records[(name, finding.type)]
        host = (urlsplit(finding.url).hostname or name) if finding.url else name
        return self.hosts.get(host) or self.names.get(name) or "zone"


def located(report: Report, plan: DomainPlan, path: Path) -> Report:
    """The report with every finding that has no location pointed at its line of the stack file."""
    from launchready.core.spec.loading import SPEC_KEY, project_name, read_stack_document

    root, sources = read_stack_document(path).root, Sources.of(plan)
    base: list[str | int] = ["config", f"{project_name(path)}:{SPEC_KEY}"]

    def where(finding: Finding) -> str:
        line = line_of(root, [*base, *path_parts(sources.source(finding))])
        return f"{path.as_posix()}:{line}" if line else path.as_posix()

    findings = tuple(f if f.location else f.model_copy(update={"location": where(f)}) for f in report.findings)
    return report.model_copy(update={"findings": findings})
