"""Run the real Pulumi program (or one component) under Pulumi's mocks and record what it registers.

Mocks show what the SDK sends, not what Cloudflare accepts; test_cloudflare_types.py covers the
second half against the Cloudflare SDK's own API types.
"""

from __future__ import annotations

import asyncio
import json
import runpy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks

from launchready.core.naming import PRODUCT_DOMAIN_TYPE

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "__main__.py"
PROJECT = "launchready"
ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
NAME_SERVERS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]
DS_RECORD = "example.com. 3600 IN DS 2371 13 2 0000000000000000000000000000000000000000000000000000000000000000"


def normalized(value: Any) -> Any:
    """Mocks turn every number into a float (ttl 1 → 1.0); whole floats become ints again."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: normalized(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalized(item) for item in value]
    return value


class CloudflareMocks(Mocks):
    """Echo inputs as state, plus the outputs Cloudflare computes that the program reads."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict[str, Any]]:
        state = dict(args.inputs)
        if args.typ == "cloudflare:index/zone:Zone":
            state["nameServers"] = NAME_SERVERS
        if args.typ == "cloudflare:index/zoneDnssec:ZoneDnssec":
            state["ds"] = DS_RECORD
        return f"{args.name}-id", state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        self.calls.append((args.token, normalized(dict(args.args))))
        if args.token == "cloudflare:index/getZone:getZone":
            name = (args.args.get("filter") or {}).get("name", "example.com")
            return {"id": ZONE_ID, "zoneId": ZONE_ID, "name": name, "nameServers": NAME_SERVERS}, []
        raise AssertionError(f"unexpected invoke {args.token}")


class RecordingMonitor(MockMonitor):
    """MockResourceArgs carries no parent or protect flag, so record the raw registration too."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.registered: list[dict[str, Any]] = []
        self.outputs: dict[str, dict[str, Any]] = {}
        self.aliases: dict[str, list[dict[str, str]]] = {}
        """name → the aliases its options carry (kept out of the snapshots; tests/components/test_urns.py)."""

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (gRPC method name)
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self.registered.append({
                "type": request.type, "name": request.name, "parent": request.parent,
                "custom": request.custom, "protect": request.protect,
                "inputs": normalized(rpc.deserialize_properties(request.object)),
            })
            self.aliases[request.name] = [{"urn": a.urn, "name": a.spec.name, "type": a.spec.type}
                                          for a in request.aliases]
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:  # noqa: N802
        self.outputs[request.urn] = normalized(rpc.deserialize_properties(request.outputs))
        return super().RegisterResourceOutputs(request)


@dataclass
class Run:
    """What one program run registered: resources in registration order, component outputs, and
    the names the program exported."""

    resources: list[dict[str, Any]]
    outputs: dict[str, Any]
    exported: list[str]
    calls: list[tuple[str, dict[str, Any]]]
    aliases: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def of_type(self, token: str) -> list[dict[str, Any]]:
        return [resource for resource in self.resources if resource["type"] == token]

    def named(self, name: str) -> dict[str, Any]:
        return next(resource for resource in self.resources if resource["name"] == name)

    def component(self) -> dict[str, Any]:
        return next(resource for resource in self.resources if resource["type"] == PRODUCT_DOMAIN_TYPE)

    def snapshot(self) -> dict[str, Any]:
        resources = sorted(self.resources, key=lambda resource: (resource["type"], resource["name"]))
        invokes = [{"token": token, "args": args} for token, args in self.calls]
        return {"resources": resources, "invokes": invokes, "outputs": self.outputs,
                "exported": sorted(self.exported)}


def example_domain(stack: str) -> dict[str, Any]:
    """The `launchready:domain` value of an example stack file, as Pulumi hands it to the program."""
    document = yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text())
    return dict(document["config"][f"{PROJECT}:domain"])


def fresh_event_loop() -> None:
    """Pulumi's mocks run on the current event loop; asyncio.run() in an earlier test (the DNS and
    HTTP validator suites) leaves the main thread without one, so every run gets its own."""
    asyncio.set_event_loop(asyncio.new_event_loop())


def run_mocked(stack: str, config: dict[str, str], program: Callable[[], Any], mocks: CloudflareMocks | None = None,
               monitor: RecordingMonitor | None = None) -> Run:
    """`program` under fresh mocks (`mocks` and `monitor` when a test needs its own kind of either)."""
    fresh_event_loop()
    mocks = mocks or CloudflareMocks()
    monitor = monitor or RecordingMonitor(mocks)
    pulumi.runtime.settings.reset_options()  # a fresh root Stack, so exports never carry over
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=stack, preview=False, monitor=monitor)
    pulumi.runtime.set_all_config(config)
    # The decorated wrapper returns only after every registration RPC has finished, so the
    # assertions that follow see all resources (registration is asynchronous).
    pulumi.runtime.test(program)()
    root = pulumi.runtime.get_root_resource()
    exported = list(getattr(root, "outputs", {}) or {})
    components = [urn for urn in monitor.outputs if f"{PRODUCT_DOMAIN_TYPE}::" in urn]
    outputs = monitor.outputs[components[0]] if len(components) == 1 else {}
    return Run(resources=monitor.registered, outputs=outputs, exported=exported, calls=mocks.calls,
               aliases=monitor.aliases)


def run_program(stack: str, domain: Any) -> Run:
    """Run the real __main__.py for `stack`, with `domain` as its `launchready:domain` config (the
    engine hands structured config over as a JSON string; None leaves the key out)."""
    config = {} if domain is None else {f"{PROJECT}:domain": json.dumps(domain)}
    return run_mocked(stack, config, run_main)


def run_main() -> None:
    runpy.run_path(str(PROGRAM), run_name="__main__")


@pytest.fixture
def program() -> Iterator[Callable[[str, Any], Run]]:
    """Runs __main__.py under fresh mocks; the global Pulumi settings are reset afterwards."""
    yield run_program
    pulumi.runtime.settings.reset_options()


@pytest.fixture
def mocked() -> Iterator[Callable[[str, Callable[[], None]], Run]]:
    """Runs any function that builds resources (a component, say) under fresh mocks."""
    yield lambda stack, build: run_mocked(stack, {}, build)
    pulumi.runtime.settings.reset_options()


@pytest.fixture(scope="session")
def example_runs() -> dict[str, Run]:
    """Both example stacks, built once per session (each run is a full program under mocks)."""
    runs = {stack: run_program(stack, example_domain(stack)) for stack in ("prod", "staging")}
    pulumi.runtime.settings.reset_options()
    return runs
