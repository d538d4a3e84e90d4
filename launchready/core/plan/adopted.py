"""The plan's side of adoption: which planned records and rules `adopted` names (the component
protects them), and the rules `rules.keep` carries into each phase."""

from __future__ import annotations

from launchready.core.dnsname import relative
from launchready.core.plan.model import PlannedKeptRule, PlannedRecord
from launchready.core.spec.kept import KEPT_PHASES, record_label
from launchready.core.spec.models import DomainSpec


def planned_content(record: PlannedRecord) -> str:
    """The content as Cloudflare lists it: an SRV's is `weight port target` (RFC 2782), where the
    plan keeps weight and port apart from the target."""
    if record.srv is not None:
        return f"{record.srv.weight} {record.srv.port} {record.srv.target}"
    return record.content


def label_of(record: PlannedRecord, zone: str) -> str:
    """The planned record in the form `adopted.records` lists it (launchready.core.spec.kept.record_label)."""
    return record_label(relative(record.name, zone), record.type, record.priority, planned_content(record))


def kept_rules(spec: DomainSpec) -> tuple[PlannedKeptRule, ...]:
    """Every kept rule, phase by phase in KEPT_PHASES order, each phase in spec order."""
    keep = spec.rules.keep
    return tuple(PlannedKeptRule(phase=phase, **rule.model_dump()) for phase in KEPT_PHASES
                 for rule in keep.get(phase, ()))


def adopted_record_keys(spec: DomainSpec, records: tuple[PlannedRecord, ...]) -> tuple[str, ...]:
    """Keys of the planned records `adopted.records` names (names that match none are a spec problem)."""
    wanted = {" ".join(label.split()) for label in spec.adopted.records}
    return tuple(r.key for r in records if " ".join(label_of(r, spec.zone.name).split()) in wanted)
