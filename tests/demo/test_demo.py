"""`launchready demo` in-process: the example stacks pass, every fault fails under its own check id, and
nothing the demo started (threads, ports, signal handlers, files) outlives it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from launchready.demo import run as demo_run
from launchready.demo.faults import FAULTS
from tests.demo.conftest import demo, no_leftovers, still_listening

SIDE_EFFECTS = {
    "stale-resolver": {"dns.nodata"},     # the old zone had no AAAA: the stale cache answers NODATA for it
    "spf-over-limit": {"dns.answer"},     # the hand edit also differs from the planned TXT record
    "missing-dkim": {"dns.nxdomain"},     # the deleted record's name is gone on every server
    "stale-ds": {"dnssec.state"},         # the state names the outage and the DS to put in its place
    "expired-signatures": {"dnssec.state", "dnssec.ds"},  # the right DS points at a key whose signatures lapsed
    "ds-without-signing": {"dnssec.state", "dnssec.ds"},  # ... at a key that signs nothing
    "unsigned-with-ds": {"dnssec.ds"},    # the DS matches no key: the zone publishes none
}
"""Errors a fault causes besides its own finding, because the same break is seen by another check."""


@pytest.mark.parametrize("stack", ["staging", "prod"])
def test_example_stacks_pass_and_leave_nothing_running(stack: str) -> None:
    with no_leftovers():
        run = demo("--stack", stack, "--format", "json")
    assert run.code == 0, run.ids()
    assert run.ids("error") == set()
    signed = ["dnssec"] if stack == "prod" else []  # only prod sets dnssec: true; staging's output is unchanged
    assert run.report["summary"]["families"] == ["dns", "http", "tls", "email", *signed, "mobile"]
    assert run.ids("warning") <= {"http.hsts"}, "only staging's short HSTS max-age; the sandbox CA is accepted"
    assert any("sandbox" in note and "tls.issuer" in note for note in run.report["notes"])
    assert {"dns.proxied", "dns.soa_serial", "http.canonical_redirect", "tls.chain", "email.dkim.key",
            "email.spf.lookups"} <= run.ids("info")
    ports = run.ports
    assert len(ports["resolvers"]) == 3 and len(ports["nameservers"]) == 2 and len(ports["edge"]) == 2
    assert len(ports.get("parent", [])) == len(signed)
    assert still_listening(ports) == []


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_each_fault_fails_under_its_own_check(fault) -> None:
    run = demo("--fault", fault.name, "--format", "json")
    assert run.code == 1
    assert run.ids("error") == {fault.finding} | SIDE_EFFECTS.get(fault.name, set())
    assert f"{fault.name}: {fault.explanation} (expect {fault.finding})" in run.stderr


@pytest.mark.parametrize("fault", ["www-first", "origin-leak", "spf-over-limit", "applinks-redirect", "mixed-content"])
def test_faults_break_prod_too(fault: str) -> None:
    run = demo("--stack", "prod", "--fault", fault, "--format", "json")
    assert run.code == 1
    assert {f.finding for f in FAULTS if f.name == fault} <= run.ids("error")


def test_applinks_redirect_names_the_check_and_the_redirect() -> None:
    run = demo("--fault", "applinks-redirect")
    assert run.code == 1
    first = run.stdout.splitlines()[0]
    assert first.startswith("FAIL  mobile.app_links.status  https://example.net/.well-known/"), first
    report = demo("--fault", "applinks-redirect", "--format", "json")
    messages = [f["message"] for f in report.findings("mobile.app_links.status", "error")]
    assert any("redirects (308) to https://www.example.net/.well-known/assetlinks.json; Apple's CDN" in m
               for m in messages), messages


def test_www_first_names_the_host_and_the_early_hop() -> None:
    run = demo("--stack", "prod", "--fault", "www-first", "--format", "json")
    [finding] = [f for f in run.report["findings"] if f["severity"] == "error"]
    assert finding["check"] == "http.https_redirect" and finding["name"] == "www.example.com"
    assert "https://example.com/launchready-probe?q=1 first" in finding["message"]


def test_faults_combine_and_accept_commas() -> None:
    run = demo("--fault", "no-hsts,missing-dkim", "--fault", "www-first", "--format", "json")
    assert run.code == 1
    assert {"http.hsts", "email.dkim.record", "http.https_redirect"} <= run.ids("error")


def test_unknown_fault_is_bad_input_listing_the_valid_ones() -> None:
    run = demo("--fault", "www-first", "--fault", "dns-on-fire")
    assert run.code == 2
    assert "dns-on-fire" in run.stderr
    assert all(fault.name in run.stderr for fault in FAULTS)
    assert "resolvers" not in run.stderr, "nothing is started for bad input"


def test_a_fault_with_nothing_to_break_is_bad_input(tmp_path: Path) -> None:
    stack = tmp_path / "Pulumi.bare.yaml"
    stack.write_text("config:\n  launchready:domain:\n    zone: {name: example.org}\n"
                     "    origin: {ipv4: [192.0.2.1]}\n    hosts: {apex: {}, www: {}}\n"
                     "    email: {sends_mail: false}\n")
    (tmp_path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    run = demo("--stack-file", str(stack), "--fault", "missing-dkim")
    assert run.code == 2, run.stdout + run.stderr
    assert "declares no DKIM record" in run.stderr


def test_summary_shows_problems_in_full_and_counts_what_passed() -> None:
    run = demo("--fault", "www-first")
    lines = run.stdout.splitlines()
    assert lines[0].startswith("FAIL  http.https_redirect  http://example.net/launchready-probe")
    assert all(line == line.rstrip() and len(line) <= 120 for line in lines)
    assert any(line.startswith("ok    dns     dns.answer ×") for line in lines)  # padded to "mobile"
    assert lines[-1].startswith("FAIL stack staging: 1 error, 5 warnings")
    assert "launchready demo: stack staging, zone example.net" in run.stderr


def test_summary_keeps_each_count_whole_and_one_row_per_leaking_role() -> None:
    """'email.dmarc.policy ×1' never breaks across lines; the origin every server leaks is two rows (the
    resolvers, the authoritative servers), not five."""
    run = demo("--fault", "origin-leak")
    lines = run.stdout.splitlines()
    counts = [line for line in lines if line.startswith("ok    email")]
    assert counts and not any(line.lstrip().startswith("×") or line.endswith(" ×") for line in lines)
    leaks = [line for line in lines if line.startswith("FAIL  dns.origin_leak")]
    assert sorted(line.split("  ")[2].strip() for line in leaks) == ["admin.example.net A @ 2 servers",
                                                                    "admin.example.net A @ 3 servers"]


def test_text_format_is_the_validate_report(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    run = demo("--format", "text", "--output", str(out))
    text = out.read_text()
    assert run.code == 0 and run.stdout == ""
    assert "ok    tls.chain" in text and text.splitlines()[-1].startswith("PASS stack staging: 0 errors")


def test_an_interrupt_mid_run_stops_everything_and_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo_run, "validate", interrupted)
    with no_leftovers():
        run = demo()
    assert run.code == 130
    assert "interrupted: the sandbox is stopped" in run.stderr
    assert len(run.ports["edge"]) == 2 and still_listening(run.ports) == []


def test_sigterm_mid_run_unwinds_like_ctrl_c_and_exits_143(monkeypatch: pytest.MonkeyPatch) -> None:
    def terminated(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this sleep
        raise AssertionError("SIGTERM did not interrupt the run")

    handler = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(demo_run, "validate", terminated)
    with no_leftovers():
        run = demo()
    assert run.code == 143
    assert len(run.ports["edge"]) == 2 and still_listening(run.ports) == []
    assert signal.getsignal(signal.SIGTERM) is handler, "the demo restores the SIGTERM handler it replaced"
