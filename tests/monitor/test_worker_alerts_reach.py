"""The monitor Worker in real workerd, when something between an outage and a person fails: Workers KV
refusing writes, the hourly cap already spent, a channel refusing or not answering. Each test failed on
the Worker before these were handled (QA uptime findings 1 to 3)."""

from __future__ import annotations

import json

from launchready.core.monitor import payloads, worker_source
from launchready.sandbox.workerd import MonitorRuntime
from launchready.sandbox.world import Site, World, WorldServer
from tests.monitor.conftest import CANARY, HOOK, HOOKS, SLACK, T0, Start, monitor_worker

MINUTE = 60_000
SITE, API = "https://example.net/", "https://api.example.net/health"


def texts(world: World) -> list[str]:
    return [message["text"] for message in world.received(SLACK)]


def fire(runtime: MonitorRuntime, world: World, minutes: list[int], site: Site | None = None) -> None:
    for minute in minutes:
        if site is not None:
            world.sites["example.net/"] = site
        runtime.fire(T0 + minute * MINUTE)


def test_kv_refusing_writes_still_sends_one_down_one_recovery_and_says_so_once(
        world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    the_world.kv_refuses = 429  # Workers KV past its daily write limit
    runtime = start(monitor_worker({"checks": ["/"], "slack_webhook_url": HOOKS["slack_webhook_url"]}))
    fire(runtime, the_world, list(range(30)), Site(503, b"down"))  # fail_after 2: the count lives in memory
    (down,) = texts(the_world)
    assert down.startswith(f"[launchready] example.net: 1 down, monitor cannot save its state\nDOWN {SITE} ")
    assert payloads.UNSAVED_NOTE in down and "1,000 KV writes" in down
    fire(runtime, the_world, [30, 31], Site(200, b"ok"))
    (recovered,) = texts(the_world)[1:]
    assert recovered.startswith(f"[launchready] example.net: 1 recovered\nRECOVERED {SITE} (status 200, ")
    assert "cannot save" not in recovered  # said once
    assert "state" not in the_world.kv and '"event":"state_unsaved"' in runtime.output()

    the_world.kv_refuses = None  # the next UTC day: the first run saves the state it kept
    fire(runtime, the_world, [32])
    assert json.loads(the_world.kv["state"])["checks"][SITE]["up"] is True
    assert '"event":"state_saved_again"' in runtime.output() and len(texts(the_world)) == 2
    assert CANARY not in runtime.output()


def test_kv_refusing_writes_keeps_the_hourly_cap(world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    the_world.kv_refuses = 429
    runtime = start(monitor_worker({"checks": ["/"], "fail_after": 1, "max_alerts_per_hour": 3,
                                    "slack_webhook_url": HOOKS["slack_webhook_url"]}))
    fire(runtime, the_world, list(range(20)), Site(503, b""))  # down for good: one alert, not one a minute
    down, unsaved = texts(the_world)  # the run after the refused write says so, once
    assert down.startswith("[launchready] example.net: 1 down\nDOWN")
    assert unsaved == f"[launchready] example.net: monitor cannot save its state\ndown now: {SITE}\n" \
        + payloads.UNSAVED_NOTE
    for minute in range(20, 40):  # then flapping every minute: the cap holds without KV
        fire(runtime, the_world, [minute], Site(200 if minute % 2 else 503, b""))
    assert len(texts(the_world)) == 3
    assert sum("monitor cannot save its state" in text for text in texts(the_world)) == 1


def test_changes_held_back_by_the_cap_are_announced_when_it_frees(
        world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    runtime = start(monitor_worker({"checks": ["/", API], "fail_after": 1, "max_alerts_per_hour": 2,
                                    "slack_webhook_url": HOOKS["slack_webhook_url"],
                                    "webhook_url": HOOKS["webhook_url"]}))
    for minute, api in enumerate([503, 200, 503, 200]):  # the API flaps and spends the hour's two messages
        the_world.sites["api.example.net/health"] = Site(api, b"")
        fire(runtime, the_world, [minute], Site(503 if minute == 3 else 200, b""))  # then the site goes down
    fire(runtime, the_world, [30, 59])
    assert len(texts(the_world)) == 2 and all(API in text and SITE not in text for text in texts(the_world))
    fire(runtime, the_world, [60, 61])  # the first message of the hour leaves the window
    assert texts(the_world)[2:] == ["[launchready] example.net: 1 down now\n3 earlier change(s) not sent (at most "
                                    f"2 alerts an hour): {API}, {SITE}\ndown now: {SITE}"]
    (alert,) = the_world.received(HOOK)[2:]
    assert (alert["changes"], alert["also_down"], alert["suppressed"], alert["suppressed_checks"]) == \
        ([], [SITE], 3, [API, SITE])
    assert the_world.received(SLACK) == [payloads.render("slack", a) for a in the_world.received(HOOK)]


def test_a_refused_message_is_retried_and_only_accepted_ones_count(
        world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    runtime = start(monitor_worker({"checks": ["/"], "max_alerts_per_hour": 1,
                                    "slack_webhook_url": HOOKS["slack_webhook_url"]}))
    fire(runtime, the_world, [0], Site(503, b""))
    the_world.receivers[SLACK] = 429  # Slack refuses the minute the site goes down
    fire(runtime, the_world, [1])
    the_world.receivers[SLACK] = 200
    fire(runtime, the_world, list(range(2, 10)))
    refused, retried = texts(the_world)
    assert retried == refused and refused.startswith(f"[launchready] example.net: 1 down\nDOWN {SITE} ")
    assert '"channel":"slack","host":"hooks.slack.test","accepted":false,"status":429' in runtime.output()
    assert json.loads(the_world.kv["state"])["owed"] == {}


def test_a_channel_that_keeps_refusing_is_retried_less_often_then_given_up(
        world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    the_world.receivers[SLACK] = 500
    runtime = start(monitor_worker({"checks": ["/"], "fail_after": 1,
                                    "slack_webhook_url": HOOKS["slack_webhook_url"]}))
    fire(runtime, the_world, list(range(0, 240, 10)), Site(503, b""))  # four hours, a run every ten minutes
    posts = len(texts(the_world))
    assert 5 < posts < 15  # retried for three hours, backing off (1, 2, 4 ... 30 minutes), then dropped
    assert '"event":"delivery_given_up","channel":"slack"' in runtime.output()
    fire(runtime, the_world, [250, 260])
    assert len(texts(the_world)) == posts


def test_the_retry_window_the_handover_promises_is_the_workers() -> None:
    assert f"const RETRY_MS = {payloads.RETRY_HOURS} * HOUR_MS;" in worker_source()
