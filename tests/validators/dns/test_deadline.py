"""A --deadline too short for the run is named as such: queries it cut or never sent ask for more
--deadline, not for a network fix ("check that port 53 is reachable")."""

from __future__ import annotations

from launchready.core.plan import DomainPlan
from launchready.core.stack import Stack
from tests.validators.dns.conftest import StartServer, errors, run_check


def test_queries_cut_or_never_sent_by_the_deadline_ask_for_more_deadline(
        staging_stack: Stack, staging_plan: DomainPlan, start_server: StartServer) -> None:
    slow = start_server(latency=0.6)
    findings = run_check(staging_stack, staging_plan, [slow], [slow], timeout=5, deadline=0.3, max_in_flight=8)
    timeouts = [f for f in errors(findings) if f.check == "dns.timeout"]
    assert timeouts, "the slow server cannot answer within 0.3 s"
    assert all("raise --deadline" in f.message and "port 53" not in f.message for f in timeouts), timeouts[0].message
    assert any("cut short: --deadline reached" in f.message for f in timeouts)
    assert any("not sent" in f.message for f in timeouts)
