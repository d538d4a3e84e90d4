"""`launchready monitoring test-alert` over several stacks in one run, against the loopback HTTPS
receivers of test_test_alert.py: every stack's channels get the alert, a stack's refusal or bad input
does not stop the others, two stacks on one zone are refused naming both files, and no webhook URL is
printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from typer.testing import CliRunner

import launchready.monitor.alerts as alerts
from launchready.cli import app
from launchready.sandbox.world import World, WorldServer
from tests.monitor.conftest import CANARY, DISCORD, HOOK, SLACK
from tests.monitor.test_test_alert import receivers  # noqa: F401  (the fixture stand_ins asks for by name)

Receivers = tuple[World, WorldServer, Path]
ZONES = {"alpha": "example.net", "beta": "example.com", "gamma": "example.org"}


def hooks(stack: str, *kinds: str) -> dict[str, str]:
    """The stack's own webhook URLs (a path per stack, the canary in every one) on the receivers' hosts."""
    urls = {"slack_webhook_url": f"https://{SLACK}/services/{CANARY}/{stack}",
            "discord_webhook_url": f"https://{DISCORD}/api/webhooks/{CANARY}/{stack}",
            "webhook_url": f"https://{HOOK}/launchready/{CANARY}/{stack}"}
    return {key: url for key, url in urls.items() if not kinds or key.split("_")[0] in kinds}


@pytest.fixture
def stand_ins(request: pytest.FixtureRequest) -> Receivers:
    """The loopback HTTPS receivers of test_test_alert.py (Slack, Discord, webhook; a throwaway CA)."""
    found: Receivers = request.getfixturevalue("receivers")
    return found


def write_stack(project: Path, name: str, zone: str, monitoring: dict[str, Any] | None) -> Path:
    domain: dict[str, Any] = {"zone": zone, "origin": {"ipv4": ["192.0.2.10"]}, "hosts": {"apex": {}, "www": {}}}
    if monitoring is not None:
        domain["monitoring"] = monitoring
    project.mkdir(parents=True, exist_ok=True)
    path = project / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump({"config": {"launchready:domain": domain}}))
    return path


def project(tmp_path: Path, stacks: dict[str, str], monitoring: dict[str, dict[str, Any] | None] | None = None) -> Path:
    """A project of stacks, each alerting its own Slack, Discord and webhook URLs unless told otherwise."""
    for name, zone in stacks.items():
        write_stack(tmp_path / "project", name, zone, (monitoring or {}).get(name, hooks(name)))
    return tmp_path / "project"


def run(stand_ins: Receivers, *selection: str) -> tuple[int, str]:
    _, server, bundle = stand_ins
    result = CliRunner().invoke(app, ["monitoring", "test-alert", *selection, "--ca-bundle", str(bundle),
                                      "--connect-to", f"::127.0.0.1:{server.port}", "--timeout", "5"])
    assert CANARY not in result.output and "/services/" not in result.output and "/api/webhooks" not in result.output
    return result.exit_code, result.output


def delivered(world: World) -> dict[tuple[str, str], int]:
    """(host, stack) → how many alerts arrived there; the stack is the last part of the URL's path."""
    counts: dict[tuple[str, str], int] = {}
    for delivery in world.deliveries:
        key = (delivery.host, delivery.path.rsplit("/", 1)[-1])
        counts[key] = counts.get(key, 0) + 1
    return counts


def every_channel(*stacks: str) -> dict[tuple[str, str], int]:
    return {(host, stack): 1 for stack in stacks for host in (SLACK, DISCORD, HOOK)}


def test_two_stacks_each_alert_every_channel_once(stand_ins: Receivers, tmp_path: Path) -> None:
    folder = project(tmp_path, {"alpha": ZONES["alpha"], "beta": ZONES["beta"]})
    code, output = run(stand_ins, "--stack", "alpha", "--stack", "beta", "--project-dir", str(folder))
    assert code == 0, output
    assert delivered(stand_ins[0]) == every_channel("alpha", "beta")
    assert {alert["zone"] for alert in stand_ins[0].received(HOOK)} == {"example.net", "example.com"}
    blocks = output.split("\n\n")
    assert blocks[0].startswith("test alert for stack alpha (example.net): 3 channel(s)")
    assert blocks[1].startswith("test alert for stack beta (example.com): 3 channel(s)")
    assert "accepted   discord  discord.test       HTTP 204" in blocks[1]
    assert blocks[0].endswith("PASS: 3 channel(s) accepted the test alert")
    assert output.rstrip().splitlines()[-1] == ("PASS launchready monitoring test-alert: 2 stacks (2 pass), exit code "
                                                "0; 6 channel(s) accepted the test alert, 0 refused")


def test_all_stacks_sends_for_every_stack_file_through_one_client(stand_ins: Receivers, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    clients: list[alerts.Route] = []
    real = alerts.alert_client

    def counted(route: alerts.Route) -> httpx.AsyncClient:
        clients.append(route)
        return real(route)

    monkeypatch.setattr(alerts, "alert_client", counted)
    folder = project(tmp_path, ZONES)
    code, output = run(stand_ins, "--all-stacks", "--project-dir", str(folder))
    assert code == 0, output
    assert delivered(stand_ins[0]) == every_channel("alpha", "beta", "gamma")
    assert len(clients) == 1
    assert [line.split(" (")[0] for line in output.splitlines() if line.startswith("test alert")] == [
        "test alert for stack alpha", "test alert for stack beta", "test alert for stack gamma"]


def test_a_refusal_in_one_stack_fails_the_run_and_the_other_stack_still_sends(stand_ins: Receivers,
                                                                               tmp_path: Path) -> None:
    stand_ins[0].receivers[DISCORD] = 403
    folder = project(tmp_path, {"alpha": ZONES["alpha"], "beta": ZONES["beta"]},
                     {"alpha": hooks("alpha"), "beta": hooks("beta", "slack", "webhook")})
    code, output = run(stand_ins, "--all-stacks", "--project-dir", str(folder))
    assert code == 1
    assert delivered(stand_ins[0]) == {**every_channel("alpha"), (SLACK, "beta"): 1, (HOOK, "beta"): 1}
    alpha, beta, last = output.rstrip().split("\n\n")
    assert "refused    discord  discord.test       HTTP 403" in alpha
    assert alpha.endswith("FAIL: discord (discord.test) refused the test alert")
    assert beta.endswith("PASS: 2 channel(s) accepted the test alert")
    assert last == ("FAIL launchready monitoring test-alert: 2 stacks (1 pass, 1 fail), exit code 1; 4 channel(s) "
                    "accepted the test alert, 1 refused")


def test_a_stack_without_a_monitor_worker_is_bad_input_and_the_others_send(stand_ins: Receivers,
                                                                           tmp_path: Path) -> None:
    folder = project(tmp_path, ZONES, {"beta": None, "gamma": {"alerts": ["ops@example.org"],
                                                              "engine": "healthchecks"}})
    code, output = run(stand_ins, "--all-stacks", "--project-dir", str(folder))
    assert code == 2
    assert delivered(stand_ins[0]) == every_channel("alpha")
    alpha, beta, gamma, last = output.rstrip().split("\n\n")
    assert alpha.endswith("PASS: 3 channel(s) accepted the test alert")
    assert beta == (f"test alert for stack beta ({folder.as_posix()}/Pulumi.beta.yaml): not sent\n"
                    "error: stack beta declares no monitoring; add a monitoring section (docs/monitoring.md)")
    assert "engine: healthchecks" in gamma
    assert last.startswith("FAIL launchready monitoring test-alert: 3 stacks (1 pass, 2 bad input), exit code 2")


def test_two_stacks_on_one_zone_are_refused_naming_both_files(stand_ins: Receivers, tmp_path: Path) -> None:
    folder = project(tmp_path, {"alpha": "example.net", "beta": "example.net", "gamma": ZONES["gamma"]})
    code, output = run(stand_ins, "--all-stacks", "--project-dir", str(folder))
    assert code == 2
    assert delivered(stand_ins[0]) == every_channel("gamma")
    alpha, beta = output.split("\n\n")[:2]
    for block in (alpha, beta):
        assert f"{folder}/Pulumi.alpha.yaml" in block and f"{folder}/Pulumi.beta.yaml" in block
        assert "zone example.net is also declared by" in block


def test_stacks_of_one_name_in_two_projects_are_told_apart(stand_ins: Receivers, tmp_path: Path) -> None:
    one = write_stack(tmp_path / "one", "prod", "example.net", hooks("one")).parent
    two = write_stack(tmp_path / "two", "prod", "example.com", hooks("two")).parent
    code, output = run(stand_ins, "--stack", "prod", "--project-dir", str(one), "--project-dir", str(two))
    assert code == 0, output
    assert delivered(stand_ins[0]) == every_channel("one", "two")
    assert f"test alert for stack {one.as_posix()}/prod (example.net)" in output
    assert f"test alert for stack {two.as_posix()}/prod (example.com)" in output


def test_an_unreachable_channel_is_named_by_host_only(tmp_path: Path) -> None:
    folder = project(tmp_path, {"alpha": ZONES["alpha"], "beta": ZONES["beta"]})
    result = CliRunner().invoke(app, ["monitoring", "test-alert", "--all-stacks", "--project-dir", str(folder),
                                      "--connect-to", "::127.0.0.1:9", "--timeout", "2"])  # nothing on port 9
    assert result.exit_code == 1
    assert result.output.count("refused    slack    hooks.slack.test   no answer (ConnectError)") == 2
    assert CANARY not in result.output and "/services/" not in result.output
