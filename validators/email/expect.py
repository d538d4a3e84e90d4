"""What the mail checks expect, from a stack's plan or, for `launchready check email`, from a bare domain.

The plan is the single source: SPF names are the planned `v=spf1` TXT records, DKIM selectors the
planned `<selector>._domainkey.<zone>` records (a CNAME's target is expected too), the DMARC policy
the planned `_dmarc` record's `p=`, MX the planned MX set. Hand-written records under `records`
therefore count as much as the `email` section.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchready.core.mailauth import dkim, dmarc, spf
from launchready.core.plan import DomainPlan
from validators.dnsquery import bare

DKIM_MARK = "._domainkey."


@dataclass(frozen=True)
class DkimExpectation:
    selector: str
    domain: str
    cname: str | None = None

    @property
    def name(self) -> str:
        return dkim.key_name(self.selector, self.domain)


@dataclass(frozen=True)
class MailExpectation:
    """The mail posture to verify at `domain`. `spf` maps a name to its planned record text (None: any
    record is judged on its own); `mx` maps a name to its planned (priority, exchange) set (None: only
    check that what is there resolves); `null_mx` means the domain says it takes no mail."""

    domain: str
    spf: dict[str, str | None]
    dkim: tuple[DkimExpectation, ...] = ()
    dmarc_policy: str | None = None
    dmarc_rua: tuple[str, ...] = ()
    mx: dict[str, frozenset[tuple[int, str]] | None] | None = None
    null_mx: bool = False
    prod: bool = False

    @property
    def declares_anything(self) -> bool:
        return bool(self.spf or self.dkim or self.dmarc_policy or self.mx)


def from_plan(plan: DomainPlan, prod: bool = False) -> MailExpectation:
    zone = plan.zone
    spf_names = {r.name: r.content for r in plan.records if r.type == "TXT" and spf.is_spf(r.content)}
    dkim = tuple(DkimExpectation(r.name.split(DKIM_MARK)[0], r.name.split(DKIM_MARK)[1],
                                 r.content if r.type == "CNAME" else None)
                 for r in plan.records if DKIM_MARK in r.name and r.type in ("TXT", "CNAME"))
    planned_dmarc = next((r.content for r in plan.records if r.name == f"_dmarc.{zone}" and r.type == "TXT"), None)
    record = safe_dmarc(planned_dmarc)
    mx: dict[str, set[tuple[int, str]]] = {}
    for r in plan.records:
        if r.type == "MX":
            mx.setdefault(r.name, set()).add((r.priority or 0, r.content))
    return MailExpectation(
        domain=zone, spf=dict(spf_names), dkim=dkim, prod=prod,
        dmarc_policy=record.policy if record else None,
        dmarc_rua=dmarc.report_uris(record.get("rua") or "") if record else (),
        mx={name: frozenset(hosts) for name, hosts in mx.items()} or None,
        null_mx=mx.get(zone) == {(0, ".")},
    )


def safe_dmarc(text: str | None) -> dmarc.DmarcRecord | None:
    try:
        return dmarc.parse(text) if text else None
    except dmarc.DmarcSyntaxError:
        return None


def for_domain(domain: str, selectors: tuple[str, ...] = (), prod: bool = False) -> MailExpectation:
    """Ad-hoc: SPF and DMARC at the domain, the given DKIM selectors, and whatever MX it has."""
    domain = bare(domain)
    return MailExpectation(domain=domain, spf={domain: None},
                           dkim=tuple(DkimExpectation(s, domain) for s in selectors),
                           dmarc_policy=None, mx={domain: None}, prod=prod)
