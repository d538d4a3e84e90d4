"""The dns and dnssec families share each authoritative reply of a pass (validators.dnsshared): the same
question goes out once, and every finding is the one each family gives when it asks for itself."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import dns.message
import pytest

from launchready.core.plan import build_plan
from launchready.core.stack import load_stack
from launchready.sandbox.dns import zone_from_plan
from launchready.sandbox.dns_portfolio import PortfolioDnsServer
from tests.clirun import invoke
from tests.portfolio.conftest import write_project
from validators import runner


class RecordingServer(PortfolioDnsServer):
    """Counts each question it is asked over UDP (name, type)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: Counter[tuple[str, int]] = Counter()

    def reply(self, wire: bytes, over_tcp: bool) -> bytes | None:
        if not over_tcp:
            question = dns.message.from_wire(wire).question[0]
            self.asked[(question.name.to_text().lower(), question.rdtype)] += 1
        return super().reply(wire, over_tcp)


def validated(tmp_path: Path, name: str) -> tuple[dict[str, Any], int, RecordingServer]:
    """One `validate --only dns,dnssec` of a two-stack project: its document, the queries the resolver
    received, and the nameserver (also the parent) with what it was asked."""
    stacks = {"alpha": "alpha.test", "beta": "beta.test"}
    project = write_project(tmp_path / name, stacks)
    zones = [zone_from_plan(build_plan(load_stack(project / f"Pulumi.{n}.yaml").spec, n)) for n in stacks]
    nameserver = RecordingServer(zones, address="127.0.0.2")
    with PortfolioDnsServer(zones) as resolver, nameserver:
        run = invoke("validate", "--project-dir", str(project), "--all-stacks", "--only", "dns,dnssec",
                     "--timeout", "2", "--resolver", resolver.endpoint, "--authoritative", nameserver.endpoint,
                     "--parent", nameserver.endpoint, "--format", "json")
    return json.loads(run.stdout), resolver.queries, nameserver


def findings(document: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Every finding, the servers' ports left out (each run has its own servers)."""
    return sorted((key, f["check"], f["severity"], re.sub(r"(127\.0\.0\.\d+):\d+", r"\1", f["message"]))
                  for key, section in document["stacks"].items() for f in section["findings"])


def test_one_reply_serves_both_families_and_changes_no_finding(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shared, resolver_queries, nameserver = validated(tmp_path, "shared")
    with monkeypatch.context() as patched:
        patched.setattr(runner, "SharedReplies", lambda: None)
        apart, _, apart_nameserver = validated(tmp_path, "apart")
    assert findings(shared) == findings(apart)
    assert max(nameserver.asked.values()) == 1, [q for q, n in nameserver.asked.items() if n > 1]
    assert max(apart_nameserver.asked.values()) > 1  # each family asking for itself repeats questions
    assert shared["summary"]["dns_queries"] == resolver_queries + nameserver.queries


def test_a_reply_is_let_go_once_both_families_have_it() -> None:
    """Kept for the whole pass, a 100-domain run's shared replies held 300 MB more at their peak."""
    import asyncio

    from validators.dnsquery import Exchanged
    from validators.dnsshared import SharedReplies
    from validators.endpoints import Endpoint

    sent: list[str] = []

    async def send() -> Exchanged:
        sent.append("sent")
        return Exchanged(None, timed_out=True)

    async def run() -> int:
        store, server = SharedReplies(), Endpoint("192.0.2.53", 53)
        await asyncio.gather(store.get(server, "www.example.net", "A", send),
                             store.get(server, "WWW.example.net.", "a", send))
        return len(store._replies)  # noqa: SLF001 - what the store still holds is the point

    assert asyncio.run(run()) == 0 and sent == ["sent"]
