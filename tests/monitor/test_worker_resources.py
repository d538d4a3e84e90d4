"""The monitor Worker under Pulumi's mocks: script, cron trigger and KV namespace as the program
registers them, each checked against the Cloudflare SDK's request types with unknown keys refused,
and the webhook URLs sent only as secrets (a canary URL never appears in plain registrations)."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest
from cloudflare.types.kv.namespace_create_params import NamespaceCreateParams
from cloudflare.types.workers import script_update_params as script
from cloudflare.types.workers.scripts.schedule_update_params import ScheduleUpdateParams
from google.protobuf import json_format

from components import ProductDomain
from components.operations import build_operations
from launchready.core.monitor import worker_source
from launchready.core.naming import WORKERS_CRON_TYPE, WORKERS_KV_NAMESPACE_TYPE, WORKERS_SCRIPT_TYPE
from launchready.core.plan import build_plan
from launchready.core.spec import parse_spec
from tests.components.conftest import ZONE_ID, CloudflareMocks, RecordingMonitor, Run, run_mocked
from tests.components.test_cloudflare_types import api_shape
from tests.operations.sdk_types import strict_adapter

ACCOUNT = "a" * 32
CANARY = "T0CANARY/B0CANARY/c4n4ryS3cretPathXYZ"
BINDING_TYPES: dict[str, Any] = {
    "json": script.MetadataBindingWorkersBindingKindJson,
    "kv_namespace": script.MetadataBindingWorkersBindingKindKVNamespace,
    "send_email": script.MetadataBindingWorkersBindingKindSendEmail,
    "secret_text": script.MetadataBindingWorkersBindingKindSecretText,
}
METADATA, SCHEDULES, NAMESPACE = (strict_adapter(t) for t in (script.Metadata, ScheduleUpdateParams,
                                                              NamespaceCreateParams))


class RawMonitor(RecordingMonitor):
    """Keeps each registration's wire form too, where secrets are still marked as secrets."""

    def __init__(self, mocks: CloudflareMocks) -> None:
        super().__init__(mocks)
        self.wire: list[str] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (gRPC method name)
        self.wire.append(json_format.MessageToJson(request.object))
        return super().RegisterResource(request)


def build(monitoring: dict[str, Any], plan: str = "free") -> tuple[Run, list[str]]:
    spec = parse_spec({"zone": {"name": "example.org", "id": ZONE_ID}, "origin": {"ipv4": ["192.0.2.10"]}, "plan": plan,
                       "hosts": {"apex": {}, "www": {}}, "monitoring": {"account_id": ACCOUNT, **monitoring}})
    mocks = CloudflareMocks()
    monitor = RawMonitor(mocks)
    try:
        run = run_mocked("test", {}, lambda: ProductDomain("domain", build_plan(spec, "test"),
                                                           extras=(build_operations,)), mocks=mocks, monitor=monitor)
    finally:
        pulumi.runtime.settings.reset_options()
    return run, monitor.wire


SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
"""Pulumi's marker of a secret value on the wire (pulumi/sdk rpc.py `_special_secret_sig`)."""


def secret_bindings(inputs: dict[str, Any]) -> list[dict[str, Any]]:
    """A list holding a secret is sent as one secret: unwrap it, asserting it was one."""
    wrapped = inputs["bindings"]
    assert wrapped["4dabf18193072939515e22adb298388d"] == SECRET_SIG
    return list(wrapped["value"])


HOOKS = {"alerts": ["ops@example.org"], "slack_webhook_url": f"https://hooks.slack.example/services/{CANARY}",
         "discord_webhook_url": f"https://discord.example/api/webhooks/{CANARY}",
         "webhook_url": f"https://hooks.example.org/{CANARY}", "body_contains": {"/": "Welcome"}}


@pytest.fixture(scope="module")
def hooked() -> tuple[Run, list[str]]:
    return build(HOOKS)


def test_the_free_plan_gets_a_script_a_minute_cron_and_a_kv_namespace(hooked: tuple[Run, list[str]]) -> None:
    run, _ = hooked
    (worker,) = run.of_type(WORKERS_SCRIPT_TYPE)
    (cron,) = run.of_type(WORKERS_CRON_TYPE)
    (kv,) = run.of_type(WORKERS_KV_NAMESPACE_TYPE)
    assert (worker["name"], cron["name"], kv["name"]) == ("domain-monitor-script", "domain-monitor-cron",
                                                          "domain-monitor-state")
    assert worker["inputs"]["content"] == worker_source() and worker["inputs"]["mainModule"] == "worker.js"
    assert cron["inputs"] == {"accountId": ACCOUNT, "scriptName": "launchready-monitor-example-org",
                              "schedules": [{"cron": "* * * * *"}]}
    assert run.of_type("cloudflare:index/healthcheck:Healthcheck") == []


def test_every_binding_matches_the_api_binding_type(hooked: tuple[Run, list[str]]) -> None:
    run, _ = hooked
    (worker,) = (api_shape({**r["inputs"], "bindings": secret_bindings(r["inputs"])})
                 for r in run.of_type(WORKERS_SCRIPT_TYPE))
    bindings = [{**b, "json": json.loads(b["json"])} if b["type"] == "json" else b for b in worker["bindings"]]
    assert sorted(b["name"] for b in bindings) == ["ALERT_DISCORD_URL", "ALERT_EMAIL", "ALERT_SLACK_URL",
                                                   "ALERT_WEBHOOK_URL", "MONITOR_CONFIG", "MONITOR_STATE"]
    for binding in bindings:
        strict_adapter(BINDING_TYPES[binding["type"]]).validate_python(binding)
    METADATA.validate_python({"main_module": worker["main_module"], "bindings": bindings,
                              "compatibility_date": worker["compatibility_date"]})
    (cron,) = (api_shape(r["inputs"]) for r in run.of_type(WORKERS_CRON_TYPE))
    SCHEDULES.validate_python({"account_id": cron["account_id"], "body": cron["schedules"]})
    (kv,) = (api_shape(r["inputs"]) for r in run.of_type(WORKERS_KV_NAMESPACE_TYPE))
    NAMESPACE.validate_python(kv)


def test_a_wrong_binding_is_refused() -> None:
    with pytest.raises(ValueError, match="namespace_id"):
        strict_adapter(BINDING_TYPES["kv_namespace"]).validate_python({"name": "S", "type": "kv_namespace"})


def test_webhook_urls_are_secret_bindings_and_never_plain(hooked: tuple[Run, list[str]]) -> None:
    run, wire = hooked
    (worker,) = run.of_type(WORKERS_SCRIPT_TYPE)
    bindings = secret_bindings(worker["inputs"])
    config = next(b for b in bindings if b["name"] == "MONITOR_CONFIG")
    assert CANARY not in config["json"] and "hooks.slack.example" in config["json"]
    secrets = [b for b in bindings if b["type"] == "secret_text"]
    assert [b["name"] for b in secrets] == ["ALERT_SLACK_URL", "ALERT_DISCORD_URL", "ALERT_WEBHOOK_URL"]
    assert all(CANARY in b["text"] for b in secrets)
    (script_wire,) = [w for w in wire if "launchready-monitor-example-org" in w and "mainModule" in w]
    assert script_wire.count(SECRET_SIG) == script_wire.count(CANARY) == 3  # each URL goes out as a secret
    assert all(CANARY not in json.dumps(r["inputs"]) for r in run.resources if r["type"] != WORKERS_SCRIPT_TYPE)


def test_paid_plans_keep_health_checks_unless_the_worker_is_asked_for() -> None:
    default, _ = build({"alerts": ["ops@example.org"]}, plan="pro")
    assert default.of_type(WORKERS_SCRIPT_TYPE) == []
    assert len(default.of_type("cloudflare:index/healthcheck:Healthcheck")) == 1
    asked, _ = build({"alerts": ["ops@example.org"], "engine": "worker"}, plan="pro")
    assert len(asked.of_type(WORKERS_SCRIPT_TYPE)) == 1
    assert asked.of_type("cloudflare:index/healthcheck:Healthcheck") == []
