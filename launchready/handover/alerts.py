"""The handover's answer to "who gets paged, and how do we know it works": each alert channel, who it
reaches, what must be true for it to arrive, and how to prove it before users find an outage first.

`launchready monitoring test-alert` sends a test alert through the monitor Worker's webhooks, and through
nothing else: the Worker's email goes through Cloudflare's `send_email` binding, which exists only inside
the running Worker, and Cloudflare's health-check notifications are Cloudflare's to send (Email Routing
"Send emails from Workers", read 2026-11; docs/monitoring.md). Those channels are proved by making a check
fail on purpose. Webhooks are named by kind and host only.
"""

from __future__ import annotations

from launchready.core.monitor.payloads import RETRY_HOURS
from launchready.core.plan import DomainPlan
from launchready.core.plan.monitor_model import ENCRYPTED, AlertChannel, MonitorWorker
from launchready.core.plan.ops_model import MonitoringPlan
from launchready.handover.document import Block, Paragraph, table

FAILING_PATH = "/launchready-alert-test"
"""A path the canonical host answers 404 for: a check on it fails on purpose."""
CHANNEL_COLUMNS = ("channel", "who gets the alert", "how to prove it reaches them")


def test_alert(plan: DomainPlan) -> str:
    return f"`launchready monitoring test-alert --stack {plan.stack or 'STACK'}`"


def fail_on_purpose(plan: DomainPlan, fail_after: int, what: str) -> str:
    """The proof for a channel test-alert cannot send: a check that fails, then taken out again."""
    stack = plan.stack or "STACK"
    return (f"add `{FAILING_PATH}` (a path that answers 404) to `monitoring.checks` and `pulumi up --stack "
            f"{stack}`; after {fail_after} failed minute(s) the DOWN alert leaves: {what}. Then take the check out "
            f"and `pulumi up --stack {stack}` again")


WHO = {"slack": "the Slack channel the webhook at {} posts to", "discord": "the Discord channel the webhook at {} "
       "posts to", "webhook": "whatever listens at {} (the JSON alert)"}


def webhook_row(plan: DomainPlan, channel: AlertChannel, fail_after: int) -> tuple[str, str, str]:
    who = WHO.get(channel.kind, "{}").format(channel.target)
    if channel.target == ENCRYPTED:
        return (channel.kind, who.replace(f"at {ENCRYPTED} ", "") + f" (its URL is {ENCRYPTED})",
                "not by test-alert, which cannot read an encrypted URL: "
                + fail_on_purpose(plan, fail_after, "confirm it arrived"))
    return (channel.kind, who, f"{test_alert(plan)} sends it a test alert and says whether {channel.target} "
            "accepted it")


def email_row(plan: DomainPlan, worker: MonitorWorker) -> tuple[str, str, str]:
    return ("email", ", ".join(worker.email_to),
            "not by test-alert, which skips email (Cloudflare's send_email binding works only inside the "
            f"Worker): {fail_on_purpose(plan, worker.fail_after, 'confirm every address received it')}")


def email_condition(worker: MonitorWorker) -> str:
    domain = worker.email_from.rpartition("@")[2]
    return (f"Email reaches {', '.join(worker.email_to)} only if Cloudflare Email Routing is enabled on {domain} "
            f"(the domain of the sender, {worker.email_from}) and every address is a verified destination "
            "address of the Cloudflare account (Email Routing › Destination addresses: Cloudflare mails each "
            "address a link, and someone clicks it). launchready sets up neither and cannot see either from the "
            "stack file; until both are done, nobody is paged by email.")


def worker_blocks(plan: DomainPlan, worker: MonitorWorker) -> list[Block]:
    who = ", ".join(channel.label() for channel in worker.channels)
    blocks: list[Block] = [Paragraph(
        f"A Cloudflare Worker ({worker.script_name}) requests each URL every minute and alerts {who} when a check "
        f"goes down ({worker.fail_after} failures in a row) and once when it recovers, at most "
        f"{worker.max_alerts_per_hour} messages an hour. Who gets paged, and how to prove each channel before "
        "launch:")]
    rows = [webhook_row(plan, channel, worker.fail_after) for channel in worker.webhooks]
    rows += [email_row(plan, worker)] if worker.email_to else []
    blocks.append(table(CHANNEL_COLUMNS, rows))
    if worker.email_to:
        blocks.append(Paragraph(email_condition(worker)))
    blocks.append(Paragraph(f"A message a channel refuses or does not answer is sent again on later runs for up to "
                            f"{RETRY_HOURS} hours, and only messages a channel accepted count toward the "
                            f"{worker.max_alerts_per_hour} an hour; changes held back by that limit are announced in "
                            "one message, with every check down at that moment, as soon as the hour allows. If Workers "
                            "KV refuses to save the monitor's state (Workers Free: 1,000 writes a day per account), "
                            "the channels are told once. The Worker's log (`wrangler tail "
                            f"{worker.script_name}`, or Workers Logs) shows each delivery's channel, host and HTTP "
                            "status."))
    return blocks


def healthcheck_text(plan: DomainPlan, monitoring: MonitoringPlan) -> str:
    who = ", ".join(monitoring.alert_emails) + (" and a webhook" if monitoring.has_webhook else "")
    text = (f"Cloudflare probes each URL every 60 s from its network and emails {who} when a check changes "
            "status (after two failed probes in a row). Alerts come from Cloudflare's notification address; "
            f"make sure they are not filtered as spam. {test_alert(plan)} does not apply (it sends through the "
            "monitor Worker only): prove the emails by making a check fail on purpose (a check on "
            f"`{FAILING_PATH}`, a path that answers 404, then `pulumi up`)")
    text += (", and the webhook with the Test button of Notifications › Destinations in Cloudflare's dashboard."
             if monitoring.has_webhook else ".")
    return text if monitoring.created else f"{text} Not active yet: {monitoring.note}."


def alert_blocks(plan: DomainPlan) -> list[Block]:
    """Who hears about an outage, and how each channel is proved."""
    monitoring = plan.monitoring
    if monitoring is None:
        return [Paragraph("No uptime monitoring is declared: nobody is told when the site is down. Declare "
                          "`monitoring` (docs/monitoring.md) or use an outside uptime service.")]
    if monitoring.worker is not None:
        return worker_blocks(plan, monitoring.worker)
    return [Paragraph(healthcheck_text(plan, monitoring))]


def first_alert_item(plan: DomainPlan) -> str:
    """The 72-hours reminder: prove the channels that were not proved yet."""
    monitoring = plan.monitoring
    if monitoring is None or not monitoring.created:
        return "Alerts: no uptime checks are active, so check the site yourself or add an uptime service."
    worker = monitoring.worker
    if worker is None:
        return "Alerts: make one check fail on purpose (or wait for the first flap) and confirm the email arrives."
    steps = [f"run {test_alert(plan)} for the webhooks"] if worker.webhooks else []
    steps += ["make one check fail on purpose and confirm the email arrives"] if worker.email_to else []
    return "Alerts: " + "; ".join(steps) + "."
