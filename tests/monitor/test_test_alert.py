"""`launchready monitoring test-alert` against loopback HTTPS receivers (a throwaway CA, --ca-bundle,
--connect-to): each channel's verdict, exit 1 naming a refusing channel, and no webhook path printed."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.monitor import payloads
from launchready.sandbox.certs import SandboxCA
from launchready.sandbox.world import World, WorldServer, serve_world
from tests.monitor.conftest import CANARY, DISCORD, HOOK, HOOKS, SLACK

KINDS = {SLACK: "slack", DISCORD: "discord", HOOK: "webhook"}


@pytest.fixture
def receivers(tmp_path: Path) -> Iterator[tuple[World, WorldServer, Path]]:
    ca = SandboxCA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue((SLACK, DISCORD, HOOK)).load_into(context)
    world = World(receivers={SLACK: 200, DISCORD: 204, HOOK: 202})
    server = serve_world(world, context)
    yield world, server, ca.write_bundle(tmp_path / "ca.pem")
    server.shutdown()
    server.server_close()


def stack_file(tmp_path: Path, monitoring: dict[str, Any]) -> Path:
    domain = {"zone": "example.net", "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}},
              "monitoring": monitoring}
    path = tmp_path / "Pulumi.staging.yaml"
    path.write_text(yaml.safe_dump({"config": {"launchready:domain": domain}}))
    return path


def run_test_alert(receivers: tuple[World, WorldServer, Path], tmp_path: Path) -> tuple[int, str]:
    _, server, bundle = receivers
    stack = stack_file(tmp_path, {"alerts": ["ops@example.net"], **HOOKS})
    result = CliRunner().invoke(app, ["monitoring", "test-alert", "--stack-file", str(stack), "--ca-bundle",
                                      str(bundle), "--connect-to", f"::127.0.0.1:{server.port}", "--timeout", "5"])
    return result.exit_code, result.output



def test_every_channel_gets_the_real_payload_marked_test(receivers: tuple[World, WorldServer, Path],
                                                         tmp_path: Path) -> None:
    world = receivers[0]
    code, output = run_test_alert(receivers, tmp_path)
    assert code == 0, output
    assert "accepted   slack    hooks.slack.test   HTTP 200" in output
    assert "accepted   discord  discord.test       HTTP 204" in output
    assert "not tried  email    ops@example.net" in output and "only inside the Worker" in output
    assert output.rstrip().endswith("PASS: 3 channel(s) accepted the test alert")
    (alert,) = world.received(HOOK)
    assert alert["test"] is True and alert["zone"] == "example.net"
    for host, kind in KINDS.items():
        assert world.received(host) == [payloads.render(kind, alert)]
    assert world.received(SLACK)[0]["text"].startswith("[launchready TEST] example.net: 1 down")
    assert CANARY not in output and "/services/" not in output


def test_a_refusing_channel_fails_by_name(receivers: tuple[World, WorldServer, Path], tmp_path: Path) -> None:
    receivers[0].receivers[DISCORD] = 403
    code, output = run_test_alert(receivers, tmp_path)
    assert code == 1
    assert "refused    discord  discord.test       HTTP 403" in output
    assert output.rstrip().endswith("FAIL: discord (discord.test) refused the test alert")
    assert CANARY not in output


def test_an_unreachable_channel_is_refused_without_its_url(receivers: tuple[World, WorldServer, Path],
                                                           tmp_path: Path) -> None:
    world, server, bundle = receivers
    stack = stack_file(tmp_path, {"webhook_url": HOOKS["webhook_url"]})
    closed = CliRunner().invoke(app, ["monitoring", "test-alert", "--stack-file", str(stack), "--connect-to",
                                      "::127.0.0.1:9", "--timeout", "2"])  # port 9 (discard): nothing listens
    assert closed.exit_code == 1 and "refused    webhook  hooks.example.org  no answer (ConnectError)" in closed.output
    assert CANARY not in closed.output


def test_health_check_stacks_and_stacks_without_monitoring_are_bad_input(tmp_path: Path) -> None:
    stack = stack_file(tmp_path, {"alerts": ["ops@example.net"], "engine": "healthchecks"})
    result = CliRunner().invoke(app, ["monitoring", "test-alert", "--stack-file", str(stack)])
    assert result.exit_code == 2 and "engine: healthchecks" in result.output


def test_an_encrypted_webhook_is_not_tried_rather_than_refused(receivers: tuple[World, WorldServer, Path],
                                                               tmp_path: Path) -> None:
    """Offline a `secure:` URL is ciphertext: test-alert says it cannot send it, and never posts anywhere."""
    world, server, bundle = receivers
    stack = stack_file(tmp_path, {"alerts": ["ops@example.net"], "slack_webhook_url": {"secure": "v1:abc:def"}})
    result = CliRunner().invoke(app, ["monitoring", "test-alert", "--stack-file", str(stack), "--ca-bundle",
                                      str(bundle), "--connect-to", f"::127.0.0.1:{server.port}", "--timeout", "2"])
    assert result.exit_code == 0, result.output
    assert "not tried  slack    an encrypted Pulumi config value  not sent from here: its URL is an encrypted " \
           "Pulumi config value, which test-alert cannot read" in result.output
    assert "refused" not in result.output and "v1:abc" not in result.output
    assert result.output.rstrip().endswith("prove them by making a check fail on purpose (docs/monitoring.md)")
