"""What the plan's CAA set does to the certificates the zone's existing services need.

A CA looks for CAA records at the name it issues for and climbs towards the root until it finds a set
(RFC 8659 §3): a set at the apex governs every name in the zone that has none of its own, including
names whose traffic is served elsewhere (a CNAME to a CDN, a delegated subdomain, an address the plan
does not know). A set of `issue` records allows only the CAs it names (RFC 8659 §4.2), so:
- a plan that adds CAA at an apex with none today limits every such name to the plan's CAs: the report
  says so and lists the names served elsewhere (`CaaReview.new_issuers`, `CaaReview.elsewhere`);
- a record in the zone that shows which CA a service uses (`CA_EVIDENCE`) whose CA the planned set leaves
  out is a dangerous change, `record.caa-blocks-ca` (exit 1 unless `caa.issuers` lists the CA or
  `adopted.overwrites` lists the evidence record);
- an existing `issue`/`issuewild` the plan supersedes keeps allowing its CA while it stays, so the advice
  is to list that CA in `caa.issuers` if anything still uses it before deleting the record.
Only `issue` sets are judged: a certificate for a wildcard name is governed by `issuewild` when present
(RFC 8659 §4.3), which the plan writes only through `records:`.
"""

from __future__ import annotations

from launchready.adopt.model import Adoption, CaaReview, ExistingRecord, Overwrite, Value, comparable
from launchready.adopt.overwrites import existing_label, overwrite
from launchready.core.dnsname import in_zone, relative
from launchready.core.plan.model import DomainPlan, PlannedRecord

ISSUE_TAGS = frozenset({"issue", "issuewild"})
BLOCKS_CA = "record.caa-blocks-ca"


class CaEvidence(Value):
    """A record a certificate service asks the zone to publish, and the CAA `issue` values (any one
    suffices) that let that service's CA issue for the name it validates."""

    service: str
    target_suffix: str
    issuers: tuple[str, ...]


CA_EVIDENCE: tuple[CaEvidence, ...] = (
    # AWS Certificate Manager validates a name with `_<token>.<name> CNAME _<token>.acm-validations.aws.`
    # (AWS ACM User Guide, "DNS validation", read 2026-12), and issues only when the CAA set names
    # amazon.com, amazontrust.com, awstrust.com or amazonaws.com (AWS ACM User Guide, "(Optional)
    # Configure a CAA record", docs.aws.amazon.com/acm/latest/userguide/setup-caa.html, read 2026-12).
    CaEvidence(service="AWS Certificate Manager (ACM)", target_suffix="acm-validations.aws",
               issuers=("amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com")),
)
"""Which CA a validation record in the zone shows a service uses; small on purpose, each entry cited."""


def caa_parts(content: str) -> tuple[str, str] | None:
    """(tag, CA domain) of a CAA in presentation form (`0 issue "ca.example; account=1"`): the domain is
    the value up to its first `;`, lowercase (RFC 8659 §4.2); an empty one forbids every CA."""
    fields = content.split(None, 2)
    if len(fields) != 3:
        return None
    return fields[1].lower(), fields[2].strip().strip('"').split(";")[0].strip().lower()


def issuers(records: tuple[ExistingRecord, ...] | tuple[PlannedRecord, ...], name: str,
            tags: frozenset[str] = frozenset({"issue"})) -> tuple[str, ...]:
    """The CA domains of the CAA records at `name` whose tag is one of `tags`, in order."""
    found = [caa_parts(r.content) for r in records if r.type == "CAA" and r.name == name]
    return tuple(dict.fromkeys(part[1] for part in found if part and part[0] in tags))


def kept_records(adoption: Adoption) -> tuple[ExistingRecord, ...]:
    """The existing records still in the zone after the first up with the content they have today: the
    undeclared and superseded ones, and the adopted ones whose content the plan keeps, in zone order."""
    kept = {m.existing for m in adoption.records if "content" not in m.updates}
    kept |= {c.existing for c in adoption.superseded} | set(adoption.undeclared)
    return tuple(r for r in adoption.zone.records if r in kept)


def served_elsewhere(record: ExistingRecord, plan: DomainPlan, planned: frozenset[tuple[str, str, str]]) -> bool:
    """A name whose certificate another provider may obtain: not proxied (Cloudflare's edge answers a
    proxied name with its own certificate), not a service label (`_acme-challenge`), and a CNAME out of
    the zone, a subdomain's NS, or an address the plan does not declare (`planned`: the plan's identities)."""
    if record.proxied or relative(record.name, plan.zone).startswith("_"):
        return False
    if record.type == "CNAME":
        return not in_zone(record.content, plan.zone)
    if record.type == "NS":
        return record.name != plan.zone
    return record.type in ("A", "AAAA") and record.identity not in planned


def evidence_of(record: ExistingRecord) -> CaEvidence | None:
    if record.type != "CNAME":
        return None
    target = record.content.lower().rstrip(".")
    return next((e for e in CA_EVIDENCE if target == e.target_suffix or target.endswith("." + e.target_suffix)),
                None)


def validated_name(record: ExistingRecord) -> str:
    """The name a validation record proves: its owner without the leading `_<token>` label."""
    first, _, rest = record.name.partition(".")
    return rest if first.startswith("_") and rest else record.name


def own_caa_below_apex(name: str, zone: str, records: tuple[ExistingRecord, ...] | tuple[PlannedRecord, ...]) -> bool:
    """Whether a CAA set at `name` or a name between it and the apex stops the climb before the apex."""
    return any(r.type == "CAA" and r.name != zone and (name == r.name or name.endswith("." + r.name))
               for r in records)


def blocks(evidence: CaEvidence, today: tuple[str, ...], planned: tuple[str, ...]) -> bool:
    """The planned apex set leaves the CA out while today's allows it (no set today allows every CA)."""
    allowed_today = not today or any(ca in today for ca in evidence.issuers)
    return bool(planned) and allowed_today and not any(ca in planned for ca in evidence.issuers)


BLOCKS_WHY = ("a CA checks the CAA set of the name and climbs to the apex when the name has none (RFC 8659 §3), so "
              "from the first up on {service} can no longer issue or renew the certificate for {name}, and the "
              "service breaks when the current one expires. Fix: add {ca} to caa.issuers (keep Cloudflare's CAs "
              "there); if nothing uses {service} any more, delete this validation record in the dashboard; to "
              "accept the block on purpose, list this record in adopted.overwrites")


def blocked_service(plan: DomainPlan, record: ExistingRecord, zone_records: tuple[ExistingRecord, ...],
                    today: tuple[str, ...]) -> Overwrite | None:
    evidence, name = evidence_of(record), validated_name(record)
    planned = issuers(plan.records, plan.zone)
    if evidence is None or not blocks(evidence, today, planned) or \
            own_caa_below_apex(name, plan.zone, plan.records) or own_caa_below_apex(name, plan.zone, zone_records):
        return None
    label = existing_label(record, plan.zone)
    change = (f"the planned CAA set at @ ({', '.join(planned)}) leaves out {evidence.issuers[0]}, the CA of "
              f"{evidence.service}, which {label} shows issues the certificate for {name}")
    why = BLOCKS_WHY.format(service=evidence.service, name=name, ca=evidence.issuers[0])
    return overwrite(plan, BLOCKS_CA, change, why, label)


def blocked_services(plan: DomainPlan, zone_records: tuple[ExistingRecord, ...]) -> tuple[Overwrite, ...]:
    """A dangerous change for each validation record whose CA today's apex set allows and the plan's does not."""
    today = issuers(zone_records, plan.zone)
    found = [blocked_service(plan, r, zone_records, today) for r in zone_records]
    return tuple(o for o in found if o is not None)


def caa_review(plan: DomainPlan, adoption: Adoption) -> CaaReview:
    """The review of the plan's CAA set against the zone (see the module docstring)."""
    zone = plan.zone
    new = () if issuers(adoption.zone.records, zone, ISSUE_TAGS) else issuers(plan.records, zone)
    planned = frozenset((r.name, r.type, comparable(r.type, r.content)) for r in plan.records)
    elsewhere = tuple(existing_label(r, zone) for r in kept_records(adoption)
                      if served_elsewhere(r, plan, planned)) if new else ()
    return CaaReview(new_issuers=new, elsewhere=elsewhere, overwrites=blocked_services(plan, adoption.zone.records))


def superseded_caa_reason(record: ExistingRecord) -> str | None:
    """Advice for an existing `issue`/`issuewild` beside the planned CAA set: its CA stays allowed while it
    stays, and deleting it blocks that CA for every name in the zone (RFC 8659 §3)."""
    parts = caa_parts(record.content)
    if parts is None or parts[0] not in ISSUE_TAGS or not parts[1]:
        return None
    ca = parts[1]
    return (f"the plan declares other CAA records at {record.name}; this one keeps allowing {ca} beside them. If "
            f"anything in the zone still gets its certificates from {ca}, add {ca} to caa.issuers (or declare "
            f"this record under records:): deleting it would block {ca} for every name in the zone, and their "
            f"renewals would fail (RFC 8659 §3). Delete it in Cloudflare only once nothing uses {ca}")


def caa_lines(adoption: Adoption) -> list[str]:
    """The report's paragraph on a new apex CAA set, as plain text (each format escapes it its own way)."""
    review, zone = adoption.caa, adoption.zone.zone
    if not review.new_issuers:
        return []
    lines = [f"New CAA set: the plan adds `0 issue` at @ for {', '.join(review.new_issuers)}, where the zone has "
             f"no CAA record today. CAA lookups climb to the apex (RFC 8659 §3), so from the first up on only "
             f"these CAs may issue certificates for every name in {zone} that has no CAA set of its own."]
    if review.elsewhere:
        lines.append(f"Names served elsewhere ({len(review.elsewhere)}), whose certificates may come from another "
                     "CA: if theirs is not one of these, add it to caa.issuers before the first up, or their "
                     "renewals fail:")
        lines += [f"  {label}" for label in review.elsewhere]
    return lines


def caa_document(review: CaaReview) -> dict[str, list[str]]:
    return {"new_issuers": list(review.new_issuers), "served_elsewhere": list(review.elsewhere)}
