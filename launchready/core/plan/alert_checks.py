"""Whether alert mail can ever arrive, judged on the planned records: the mail a domain accepts is its MX
set, whichever key declared it (email.receive, email.sends_mail or records).

The monitor Worker mails through Cloudflare Email Routing ("Send emails from Workers", Email Routing ›
Email Workers, read 2026-11; docs/monitoring.md): Email Routing must be enabled on the domain of the
sender (`monitoring.email_from`, monitor@<zone> by default), and every recipient must be a verified
destination address of the account, which Cloudflare verifies by mailing it a link. Enabling Email Routing
on a domain gives that domain Cloudflare's own MX records, so a domain whose MX set the stack points
elsewhere, or publishes as a null MX, cannot have it. A null MX (RFC 7505) says a domain accepts no mail:
a recipient there never gets a verification link nor an alert, from the Worker or from Cloudflare's
health-check notifications alike.
"""

from __future__ import annotations

from collections.abc import Iterator

from launchready.core.errors import Problem
from launchready.core.plan.model import DomainPlan, PlannedRecord
from launchready.core.plan.monitor_model import MonitorWorker
from launchready.core.spec.models import DomainSpec

EMAIL_ROUTING_MX = ".mx.cloudflare.net"
"""Email Routing's own exchanges (route1, route2, route3.mx.cloudflare.net): declared by hand, they are
what Email Routing needs there."""
WEBHOOKS = "slack_webhook_url, discord_webhook_url or webhook_url"


def domain_of(address: str) -> str:
    from launchready.core.dnsname import normalize_name

    return normalize_name(address.rpartition("@")[2])


def mx_at(plan: DomainPlan, name: str) -> list[PlannedRecord]:
    return [record for record in plan.records if record.type == "MX" and record.name == name]


def is_null(record: PlannedRecord) -> bool:
    return record.content in (".", "")


def mx_said(records: list[PlannedRecord], name: str) -> str:
    """What the planned MX set at `name` says, by the key that declared it."""
    first = records[0]
    if is_null(first):
        if first.source == "email.sends_mail":
            return f"email.sends_mail: false publishes a null MX (0 .) at {name}: it sends and accepts no mail"
        return f"{first.source} publishes a null MX (0 .) at {name}: it accepts no mail (RFC 7505)"
    more = f" and {len(records) - 1} more" if len(records) > 1 else ""
    return f"{first.source} sends the mail of {name} to {first.content}{more}"


def sender_problems(plan: DomainPlan, spec: DomainSpec, worker: MonitorWorker) -> Iterator[Problem]:
    """The Worker's sender domain must be able to have Email Routing: no MX set of the stack's own there."""
    domain = domain_of(worker.email_from)
    foreign = [r for r in mx_at(plan, domain) if is_null(r) or not r.content.endswith(EMAIL_ROUTING_MX)]
    if not foreign:
        return
    key = "monitoring.email_from" if spec.monitoring and spec.monitoring.email_from else "monitoring.alerts"
    yield Problem(key, f"the monitor Worker mails alerts from {worker.email_from} through Cloudflare Email "
                  f"Routing, which must be enabled on {domain}, with Cloudflare's own MX records there; "
                  f"{mx_said(foreign, domain)}, so Email Routing cannot be enabled and no alert mail is ever sent. "
                  f"Alert through a webhook instead ({WEBHOOKS}), or set monitoring.email_from to an "
                  "address on a domain that has Email Routing enabled")


def recipient_problems(plan: DomainPlan, alerts: tuple[str, ...]) -> Iterator[Problem]:
    """A recipient on a domain of this stack that publishes a null MX can never receive mail."""
    for index, address in enumerate(alerts):
        domain = domain_of(address)
        null = [record for record in mx_at(plan, domain) if is_null(record)]
        if null:
            yield Problem(f"monitoring.alerts[{index}]", f"{address} can never receive mail: {mx_said(null, domain)}, "
                          "so neither an alert nor Cloudflare's verification link for a destination address can "
                          f"reach it; alert a mailbox that receives mail, or use a webhook ({WEBHOOKS})")


def alert_plan_problems(plan: DomainPlan, spec: DomainSpec) -> Iterator[Problem]:
    """Alert mail that can never be sent or delivered, with the fix (both engines for recipients)."""
    if spec.monitoring is None or plan.monitoring is None:
        return
    worker = plan.monitoring.worker
    if worker is not None and worker.email_to:
        yield from sender_problems(plan, spec, worker)
    yield from recipient_problems(plan, spec.monitoring.alerts)
