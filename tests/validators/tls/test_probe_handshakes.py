"""Which handshakes the tls family makes for a host: the unverified one only when verification failed."""

from __future__ import annotations

import asyncio
import ssl

import pytest

from launchready.core.plan import DomainPlan
from validators.context import CheckContext
from validators.tls import probe
from validators.tls.handshake import Handshake


def probed(plan: DomainPlan, monkeypatch: pytest.MonkeyPatch, verified: Handshake) -> tuple[probe.HostTls, list[str]]:
    """probe_host with handshakes that answer from the context used: `verified` for the verifying one, a
    certificate for the unverified one, a refusal for each old version; returns the contexts used."""
    ctx = CheckContext(plan=plan, spec=None, timeout=1, deadline=5)  # type: ignore[arg-type]
    contexts = probe.clients(ctx)
    names = {id(context): name for name, context in contexts}
    used: list[str] = []

    async def handshake(address: str, port: int, server_name: str, context: ssl.SSLContext,
                        budget: float) -> Handshake:
        used.append(names[id(context)])
        if names[id(context)] == "verified":
            return verified
        if names[id(context)] == "peer":
            return Handshake("ok", version="TLSv1.3", der=b"leaf")
        return Handshake("tls", detail="protocol version")

    monkeypatch.setattr(probe, "handshake", handshake)
    return asyncio.run(probe.probe_host(ctx, plan.web_hosts[0], contexts)), used


def test_a_certificate_that_verifies_costs_no_unverified_handshake(staging_plan: DomainPlan,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ok = Handshake("ok", version="TLSv1.3", der=b"leaf")
    host, used = probed(staging_plan, monkeypatch, ok)
    assert "peer" not in used and used.count("verified") == 1
    assert host.peer is host.verified and host.certificate == b"leaf"


def test_a_certificate_that_fails_verification_is_fetched_unverified(staging_plan: DomainPlan,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    rejected = Handshake("verify", detail="certificate has expired", verify_code=10)
    host, used = probed(staging_plan, monkeypatch, rejected)
    assert used.count("peer") == 1
    assert host.verified is rejected and host.peer.der == b"leaf" and host.certificate == b"leaf"
