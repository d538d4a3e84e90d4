"""The monitor Worker in real workerd: scheduled events fired one minute apart against loopback sites
and webhook receivers, with its KV state kept by the loopback world between events (and across a
restart of workerd)."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from launchready.core.monitor import payloads
from launchready.sandbox.world import Site, World, WorldServer
from tests.monitor.conftest import CANARY, DISCORD, HOOK, HOOKS, SLACK, T0, Start, monitor_worker

MINUTE = 60_000
CHANNELS = {SLACK: "slack", DISCORD: "discord", HOOK: "webhook"}


def state(world: World) -> dict[str, Any]:
    with world.lock:
        raw = world.kv.get("state")
    return json.loads(raw) if raw else {}


def counts(world: World) -> dict[str, int]:
    return {host: len(world.received(host)) for host in (SLACK, DISCORD, HOOK, "mail.test")}


def assert_payloads_match_python(world: World) -> None:
    """Every channel got exactly what launchready.core.monitor.payloads builds from the generic alert."""
    alerts = world.received(HOOK)
    for host, kind in CHANNELS.items():
        assert world.received(host) == [payloads.render(kind, alert) for alert in alerts]
    assert world.received("mail.test") == [payloads.email(a, "monitor@example.net", ["ops@example.net"])
                                           for a in alerts]


def test_one_alert_on_the_second_failure_none_while_down_and_one_recovery(
        world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    worker = monitor_worker({"alerts": ["ops@example.net"], "checks": ["/", "https://api.example.net/health"],
                             "body_contains": {"/": "Welcome"}, **HOOKS})
    runtime = start(worker)
    runtime.fire(T0)
    assert counts(the_world) == dict.fromkeys((SLACK, DISCORD, HOOK, "mail.test"), 0)
    assert "state" not in the_world.kv  # nothing to remember while every check passes: no KV write

    the_world.sites["api.example.net/health"] = Site(503, b"down")
    runtime.fire(T0 + MINUTE)
    assert sum(counts(the_world).values()) == 0  # one failure alerts nobody
    assert state(the_world)["checks"]["https://api.example.net/health"] == {"up": True, "fails": 1, "since": None}

    runtime.stop()  # the failure count must come from KV, not from the isolate's memory
    runtime = start(worker)
    runtime.fire(T0 + 2 * MINUTE)
    assert counts(the_world) == dict.fromkeys((SLACK, DISCORD, HOOK, "mail.test"), 1)
    (alert,) = the_world.received(HOOK)
    (change,) = alert["changes"]
    assert (change["check"], change["state"], change["status"]) == ("https://api.example.net/health", "down", 503)
    assert change["error"] == "expected 200" and alert["test"] is False and alert["zone"] == "example.net"
    sample = payloads.make_test_alert("example.net", change["check"], 12, dt.datetime.now(dt.UTC))
    assert list(alert) == list(sample) and list(change) == list(sample["changes"][0])  # test-alert's shape

    runtime.fire(T0 + 3 * MINUTE)
    assert counts(the_world) == dict.fromkeys((SLACK, DISCORD, HOOK, "mail.test"), 1)  # still down: no repeat

    the_world.sites["api.example.net/health"] = Site(200, b"ok")
    runtime.fire(T0 + 4 * MINUTE)
    runtime.fire(T0 + 5 * MINUTE)
    assert counts(the_world) == dict.fromkeys((SLACK, DISCORD, HOOK, "mail.test"), 2)  # one recovery
    recovery = the_world.received(HOOK)[1]
    assert [c["state"] for c in recovery["changes"]] == ["up"]
    assert payloads.text(recovery).startswith("[launchready] example.net: 1 recovered\nRECOVERED https://api.")
    assert_payloads_match_python(the_world)
    assert state(the_world)["checks"]["https://api.example.net/health"]["up"] is True
    logs = runtime.output()
    assert SLACK in logs and '"accepted":true' in logs  # the Worker logs deliveries by host...
    assert CANARY not in logs and "/services/" not in logs  # ...and never a webhook URL's path


def test_a_slow_check_times_out(world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    the_world.sites["api.example.net/health"] = Site(200, b"ok", delay=3.0)
    worker = monitor_worker({"checks": ["https://api.example.net/health"], "timeout": 1, "fail_after": 1,
                             "webhook_url": HOOKS["webhook_url"]})
    runtime = start(worker)
    began = time.monotonic()
    runtime.fire(T0)
    assert time.monotonic() - began < 2.8
    (alert,) = the_world.received(HOOK)
    (change,) = alert["changes"]
    assert change["error"] == "timeout after 1000 ms" and change["status"] is None
    assert 900 <= change["latency_ms"] < 2800


def test_missing_body_text_fails_and_alerts_stay_bounded(world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    the_world.receivers[DISCORD] = 500  # a refusing channel does not stop the others
    worker = monitor_worker({"checks": ["/"], "body_contains": {"/": "Welcome"}, "fail_after": 1,
                             "max_alerts_per_hour": 1, "webhook_url": HOOKS["webhook_url"],
                             "discord_webhook_url": HOOKS["discord_webhook_url"]})
    runtime = start(worker)
    for minute, body in enumerate([b"<h1>Maintenance</h1>", b"<h1>Welcome</h1>", b"oops", b"<h1>Welcome</h1>"]):
        the_world.sites["example.net/"] = Site(200, body)
        runtime.fire(T0 + minute * MINUTE)
    (first,) = the_world.received(HOOK)  # four changes in four minutes, one message an hour
    assert first["changes"][0]["error"] == "expected text not in the first 64 KiB"
    assert len(the_world.received(DISCORD)) == 1 and '"channel":"discord","host":"discord.test","accepted":false' \
        in runtime.output()
    the_world.sites["example.net/"] = Site(503, b"")
    runtime.fire(T0 + 61 * MINUTE)
    later = the_world.received(HOOK)[1]
    assert later["suppressed"] == 3 and "3 earlier change(s) not sent (at most 1 alerts an hour): " \
        "https://example.net/" in payloads.text(later)


def test_a_check_dropped_from_the_spec_is_forgotten(world: tuple[World, WorldServer], start: Start) -> None:
    the_world, _ = world
    old = {"checks": {"https://example.net/gone": {"up": False, "fails": 2, "since": None}}, "sent": [],
           "suppressed": 0}
    the_world.kv["state"] = json.dumps(old).encode()
    the_world.sites["api.example.net/health"] = Site(500, b"")
    worker = monitor_worker({"checks": ["https://api.example.net/health"], "fail_after": 1,
                             "webhook_url": HOOKS["webhook_url"]})
    start(worker).fire(T0)
    (alert,) = the_world.received(HOOK)
    assert alert["also_down"] == [] and list(state(the_world)["checks"]) == ["https://api.example.net/health"]
