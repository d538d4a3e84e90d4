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
from launchready.core.spec import parse_spec
from tests.monitor.conftest import CANARY

BASE: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}}}


def problems(monitoring: dict[str, Any], plan: str = "free", **domain: Any) -> list[str]:
    try:
        parse_spec({**BASE, "plan": plan, "monitoring": monitoring, **domain})
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
