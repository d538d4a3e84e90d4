"""The handover says who gets paged through each alert channel and how to prove each one: test-alert for
webhooks, a check failed on purpose for what test-alert cannot send (email, an encrypted webhook), and the
Email Routing conditions without which the Worker's email never arrives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from launchready.cli import app
from tests.monitor.conftest import CANARY

DOMAIN: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}}}


def handover(tmp_path: Path, monitoring: dict[str, Any], **domain: Any) -> str:
    stack = tmp_path / "Pulumi.prod.yaml"
    stack.write_text(yaml.safe_dump({"config": {"launchready:domain": {**DOMAIN, **domain, "monitoring": monitoring}}}))
    result = CliRunner().invoke(app, ["report", "--stack-file", str(stack)])
    assert result.exit_code == 0, result.output
    return result.stdout


def section(text: str, title: str) -> str:
    return text.split(f"## {title}")[1].split("\n## ")[0]


def test_each_channel_says_who_is_paged_and_how_it_is_proved(tmp_path: Path) -> None:
    text = handover(tmp_path, {"alerts": ["ops@example.com", "oncall@example.com"],
                               "email_from": "monitor@alerts.example.org",
                               "slack_webhook_url": f"https://hooks.slack.com/services/{CANARY}"})
    monitoring = section(text, "Monitoring, alerts and rate limits")
    slack = ("| slack | the Slack channel the webhook at hooks.slack.com posts to | `launchready monitoring "
             "test-alert --stack prod` sends it a test alert and says whether hooks.slack.com accepted it |")
    assert slack in monitoring
    email = next(line for line in monitoring.splitlines() if line.startswith("| email |"))
    assert "`ops@example.com`, `oncall@example.com`" in email
    assert "not by test-alert, which skips email" in email and "`/launchready-alert-test`" in email
    assert "confirm every address received it" in email
    assert ("only if Cloudflare Email Routing is enabled on alerts.example.org (the domain of the sender, "
            "`monitor@alerts.example.org`) and every address is a verified destination address") in monitoring
    assert "until both are done, nobody is paged by email" in monitoring
    assert ("A message a channel refuses or does not answer is sent again on later runs for up to 3 hours, and "
            "only messages a channel accepted count toward the 12 an hour") in " ".join(monitoring.split())
    assert "the channels are told once" in " ".join(monitoring.split())
    assert "Prove each channel reaches a person with" not in text  # the old claim that test-alert covered email
    first_days = section(text, "What to watch in the first 72 hours")
    assert ("Alerts: run `launchready monitoring test-alert --stack prod` for the webhooks; make one check fail on "
            "purpose and confirm the email arrives.") in first_days
    assert CANARY not in text


def test_webhooks_only_promise_no_email(tmp_path: Path) -> None:
    text = handover(tmp_path, {"webhook_url": "https://hooks.example.org/x", "discord_webhook_url": {"secure": "v1:x"}},
                    email={"sends_mail": False})
    monitoring = section(text, "Monitoring, alerts and rate limits")
    assert "| email |" not in monitoring and "Email Routing" not in monitoring
    discord = next(line for line in monitoring.splitlines() if line.startswith("| discord |"))
    assert "its URL is an encrypted Pulumi config value" in discord and "not by test-alert" in discord
    assert "confirm the email arrives" not in section(text, "What to watch in the first 72 hours")


def test_health_check_alerts_are_not_said_to_be_proved_by_test_alert(tmp_path: Path) -> None:
    text = handover(tmp_path, {"alerts": ["ops@example.com"], "webhook_url": "https://hooks.example.org/x"},
                    plan="pro")
    monitoring = section(text, "Monitoring, alerts and rate limits")
    assert "emails `ops@example.com` and a webhook" in monitoring
    assert "does not apply (it sends through the monitor Worker only)" in monitoring
    assert "Notifications › Destinations" in monitoring
