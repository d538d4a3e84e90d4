"""Alerts that can never reach a person are refused before anything is created: a webhook Cloudflare's
network cannot call (a loopback, private or special-use host, the origin rule of launchready.core.addresses),
and an alert address no mail can reach. A webhook is named by its host alone, never its URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.errors import SpecError
from launchready.core.stack import accept
from tests.monitor.conftest import CANARY

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}}}


def problems(monitoring: dict[str, Any], plan: str = "free", **domain: Any) -> list[str]:
    try:
        accept({**BASE, "plan": plan, "monitoring": monitoring, **domain})
    except SpecError as error:
        return [f"{p.path}: {p.message}" for p in error.problems]
    return []


@pytest.mark.parametrize(("key", "host", "shown", "kind"), [
    ("webhook_url", "10.0.0.5", "10.0.0.5", "a private address"),
    ("discord_webhook_url", "127.0.0.1", "127.0.0.1", "a loopback address"),
    ("slack_webhook_url", "[::1]", "::1", "a loopback address"),
    ("webhook_url", "[::ffff:192.168.1.4]", "192.168.1.4", "a private address"),
    ("webhook_url", "169.254.169.254", "169.254.169.254", "a link-local address"),
    ("webhook_url", "2130706433", "127.0.0.1", "a loopback address"),  # WHATWG URL: one number is an IPv4 address
    ("webhook_url", "0x7f.1", "127.0.0.1", "a loopback address"),
    ("webhook_url", "hooks.localhost", "hooks.localhost", "under .localhost"),
    ("webhook_url", "hooks.example.invalid", "hooks.example.invalid", "under .invalid"),
])
def test_a_webhook_cloudflare_cannot_reach_is_refused_by_host(key: str, host: str, shown: str, kind: str) -> None:
    found = problems({key: f"https://{host}/api/webhooks/{CANARY}"})
    assert found == [f"monitoring.{key}: its host {shown} is {kind}" + found[0].split(kind, 1)[1]], found
    assert "Cloudflare, which sends the alerts, can never deliver them there; give the receiver's public " \
           "https:// URL" in found[0]
    assert CANARY not in found[0]


def test_the_healthchecks_engine_refuses_a_private_webhook_too() -> None:
    found = problems({"alerts": ["ops@example.com"], "webhook_url": "https://10.1.2.3/hook"}, plan="pro")
    assert [p.split(":")[0] for p in found] == ["monitoring.webhook_url"]


@pytest.mark.parametrize("host", ["hooks.slack.com", "192.0.2.7", "[2001:db8::7]", "hooks.slack.test"])
def test_public_documentation_and_test_hosts_are_accepted(host: str) -> None:
    assert problems({"webhook_url": f"https://{host}/x"}) == []


def test_plan_refuses_private_webhooks_with_exit_2_and_never_prints_them(tmp_path: Path) -> None:
    monitoring = {"webhook_url": f"https://10.0.0.5/hook/{CANARY}",
                  "discord_webhook_url": f"https://127.0.0.1/api/webhooks/1/{CANARY}"}
    stack = tmp_path / "Pulumi.prod.yaml"
    stack.write_text(yaml.safe_dump({"config": {"launchready:domain": {**BASE, "monitoring": monitoring}}}))
    result = CliRunner().invoke(app, ["plan", "--stack-file", str(stack)])
    assert result.exit_code == 2, result.output
    assert "monitoring.webhook_url (line" in result.stderr and "its host 10.0.0.5 is a private address" in result.stderr
    assert "monitoring.discord_webhook_url (line" in result.stderr and "127.0.0.1 is a loopback" in result.stderr
    assert CANARY not in result.output and "/hook" not in result.output


@pytest.mark.parametrize(("address", "why"), [
    ("nobody@example.invalid", "can never receive mail: its domain is under .invalid, which is reserved never to "
                               "exist (RFC 6761 §6.4)"),
    ("x@10.0.0.1", "has a domain that is an IP address, not a domain name"),
    ("root@[192.0.2.1]", "is an address literal ([…], RFC 5321 §4.1.3), not a mailbox at a domain name"),
    ("ops@pager.localhost", "can never receive mail: its domain is under .localhost"),
])
@pytest.mark.parametrize("plan", ["free", "pro"])
def test_an_alert_address_no_mail_can_reach_is_refused(address: str, why: str, plan: str) -> None:
    (found,) = problems({"alerts": [address]}, plan=plan)
    assert found.startswith("monitoring.alerts[0]: ") and why in found, found
    assert found.endswith("; give the address of a mailbox that receives mail from the internet")


def test_the_sender_address_is_judged_the_same_way() -> None:
    (found,) = problems({"alerts": ["ops@example.com"], "email_from": "monitor@example.invalid"})
    assert found.startswith("monitoring.email_from: ") and "under .invalid" in found


NO_MAIL = {"sends_mail": False, "receive": "none"}
EMAIL_ROUTING_MX = [{"host": f"route{i}.mx.cloudflare.net"} for i in (1, 2, 3)]


def test_a_zone_that_takes_no_mail_can_neither_send_nor_receive_the_workers_alerts() -> None:
    sender, recipient = problems({"alerts": ["ops@example.com"]}, email=NO_MAIL)
    assert sender == ("monitoring.alerts: the monitor Worker mails alerts from monitor@example.com through "
                      "Cloudflare Email Routing, which must be enabled on example.com, with Cloudflare's own MX "
                      "records there; email.sends_mail: false publishes a null MX (0 .) at example.com: it sends "
                      "and accepts no mail, so Email Routing cannot be enabled and no alert mail is ever sent. "
                      "Alert through a webhook instead (slack_webhook_url, discord_webhook_url or webhook_url), or "
                      "set monitoring.email_from to an address on a domain that has Email Routing enabled")
    assert recipient.startswith("monitoring.alerts[0]: ops@example.com can never receive mail: email.sends_mail: "
                                "false publishes a null MX (0 .) at example.com")


def test_a_null_mx_refuses_recipients_on_the_health_checks_engine_too() -> None:
    (found,) = problems({"alerts": ["ops@example.com", "oncall@example.org"]}, plan="pro",
                        email={"receive": "none"})
    assert found.startswith("monitoring.alerts[0]: ops@example.com can never receive mail: email.receive publishes "
                            "a null MX (0 .) at example.com: it accepts no mail (RFC 7505)")


@pytest.mark.parametrize("email", [{"receive": "google_workspace"}, {"receive": [{"host": "mx.example.org"}]}])
def test_mail_that_goes_elsewhere_leaves_no_room_for_email_routing(email: dict[str, Any]) -> None:
    (found,) = problems({"alerts": ["ops@example.com"]}, email=email)
    assert found.startswith("monitoring.alerts: the monitor Worker mails alerts from monitor@example.com")
    assert "email.receive sends the mail of example.com to " in found


def test_an_mx_under_records_counts_as_the_zones_mail() -> None:
    (found,) = problems({"alerts": ["ops@example.com"], "email_from": "alerts@example.com"},
                        records=[{"type": "MX", "content": "mx.example.org", "priority": 10}])
    assert found.startswith("monitoring.email_from: the monitor Worker mails alerts from alerts@example.com")
    assert "records[0] sends the mail of example.com to mx.example.org" in found


@pytest.mark.parametrize(("monitoring", "domain"), [
    ({"alerts": ["ops@example.com"], "email_from": "monitor@example.org"}, {"email": {"receive": "google_workspace"}}),
    ({"webhook_url": "https://hooks.example.org/x"}, {"email": NO_MAIL}),
    ({"alerts": ["ops@example.com"]}, {"plan": "pro", "email": {"receive": "google_workspace"}}),
    ({"alerts": ["ops@example.com"]}, {"email": {"receive": EMAIL_ROUTING_MX}}),
    ({"alerts": ["ops@example.com"]}, {"email": {"send": ["ses"], "receive": None}}),
])
def test_alert_mail_that_can_arrive_is_accepted(monitoring: dict[str, Any], domain: dict[str, Any]) -> None:
    plan = domain.pop("plan", "free")
    email = domain["email"]
    if email.get("send") == ["ses"]:
        email["send"] = [{"provider": "ses", "region": "eu-west-1", "dkim_tokens": [f"{c * 32}" for c in "abc"]}]
    assert problems(monitoring, plan=plan, email=email) == []


def test_plan_and_the_example_stacks(tmp_path: Path) -> None:
    stack = tmp_path / "Pulumi.prod.yaml"
    domain = {**BASE, "email": {"receive": "google_workspace"}, "monitoring": {"alerts": ["ops@example.com"]}}
    stack.write_text(yaml.safe_dump({"config": {"launchready:domain": domain}}))
    result = CliRunner().invoke(app, ["plan", "--stack-file", str(stack)])
    assert result.exit_code == 2 and "monitoring.alerts (line " in result.stderr, result.output
    for example in ("prod", "staging"):
        assert CliRunner().invoke(app, ["plan", "--stack", example]).exit_code == 0, example


@pytest.mark.parametrize("url", ["https://[::1/x", "https://[2001:db8::7/hook", "https://:443/hook"])
def test_a_webhook_url_whose_host_cannot_be_read_is_bad_input_not_a_traceback(tmp_path: Path, url: str) -> None:
    stack = tmp_path / "Pulumi.prod.yaml"
    monitoring = {"alerts": ["ops@example.com"], "webhook_url": f"{url}/{CANARY}"}
    stack.write_text(yaml.safe_dump({"config": {"launchready:domain": {**BASE, "monitoring": monitoring}}}))
    result = CliRunner().invoke(app, ["plan", "--stack-file", str(stack)])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "monitoring.webhook_url (line" in result.stderr and "is not a URL with a host that can be read" in \
        result.stderr
    assert CANARY not in result.stdout + result.stderr
