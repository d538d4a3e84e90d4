"""`launchready validate --only dns` end to end: exit codes, every format, --wait, --deadline."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.sandbox.dns import DnsServer, Fault
from tests.conftest import ROOT

runner = CliRunner()


def validate(resolvers: list[DnsServer], authoritative: list[DnsServer], *args: str) -> tuple[int, str, str]:
    argv = ["validate", "--project-dir", str(ROOT), "--stack", "staging", "--only", "dns", "--timeout", "0.5"]
    argv += [arg for server in resolvers for arg in ("--resolver", server.endpoint)]
    argv += [arg for server in authoritative for arg in ("--authoritative", server.endpoint)]
    result = runner.invoke(app, [*argv, *args])
    return result.exit_code, result.stdout, result.stderr


def test_correct_servers_exit_0_and_list_what_was_verified(start_server):
    resolver, authoritative = start_server(), start_server(address="127.0.0.2")
    code, out, _ = validate([resolver], [authoritative])
    assert code == 0, out
    assert "PASS stack staging: 0 errors" in out
    assert "www.example.net A @ 127.0.0.1" in out and "dns.soa_serial" in out


@pytest.mark.parametrize(("fault", "check"), [
    (Fault.STALE, "dns.stale"), (Fault.SERVFAIL, "dns.servfail"), (Fault.REFUSED, "dns.refused"),
    (Fault.SILENT, "dns.timeout"), (Fault.NXDOMAIN, "dns.nxdomain"),
])
def test_each_faulty_resolver_exits_1_with_its_finding(start_server, fault, check):
    faulty, authoritative = start_server(fault), start_server()
    code, out, _ = validate([faulty], [authoritative], "--format", "json")
    document = json.loads(out)
    assert code == 1 and document["ok"] is False
    assert check in {f["check"] for f in document["findings"] if f["severity"] == "error"}


def test_an_origin_cached_by_a_resolver_is_stale_but_served_by_the_zone_is_a_leak(start_server):
    """dns.origin_leak only when the authoritative servers answer the origin too; a resolver alone still
    holding it (from before the proxy was turned on) is dns.stale, which --wait resolves."""
    leaking, authoritative = start_server(Fault.ORIGIN_LEAK), start_server()
    _, out, _ = validate([leaking], [authoritative], "--format", "json")
    stale = [f for f in json.loads(out)["findings"] if f["check"] == "dns.stale" and f["name"] == "admin.example.net"]
    assert stale and "origin" in stale[0]["message"]
    assert "dns.origin_leak" not in {f["check"] for f in json.loads(out)["findings"]}
    leaking_zone = start_server(Fault.ORIGIN_LEAK)
    code, out, _ = validate([leaking], [leaking_zone], "--format", "json")
    assert code == 1 and "dns.origin_leak" in {f["check"] for f in json.loads(out)["findings"]}


def test_truncating_resolver_still_passes_over_tcp(start_server):
    code, out, _ = validate([start_server(Fault.TRUNCATE)], [start_server()])
    assert code == 0, out


def test_json_report_schema(start_server):
    stale, authoritative = start_server(Fault.STALE), start_server()
    code, out, _ = validate([stale], [authoritative], "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert {"ok", "findings", "summary"} <= set(document)
    keys = {"check", "severity", "name", "type", "resolver", "url", "expected", "observed", "message", "location"}
    for finding in document["findings"]:
        assert set(finding) == keys
        assert finding["severity"] in ("error", "warning", "info") and finding["check"].startswith("dns.")
    summary = document["summary"]
    assert summary["errors"] == sum(f["severity"] == "error" for f in document["findings"])
    assert summary["passed"] == sum(f["severity"] == "info" for f in document["findings"]) > 0
    assert summary["families"] == ["dns"]


def test_junit_parses_as_xml_with_one_failure_per_error(start_server, tmp_path: Path):
    report = tmp_path / "dns.xml"
    leaking = start_server(Fault.ORIGIN_LEAK)
    code, _, err = validate([leaking], [leaking], "--format", "junit",
                            "--output", str(report))
    root = ET.parse(report).getroot()
    suite = root.find("testsuite[@name='dns']")
    assert code == 1 and suite is not None and "FAIL" in err
    failures = suite.findall("testcase/failure")
    assert int(suite.get("failures", "0")) == len(failures) > 0
    assert {f.get("type") for f in failures} >= {"dns.origin_leak"}


def test_markdown_lists_problems_then_what_passed(start_server):
    code, out, _ = validate([start_server(Fault.STALE)], [start_server()], "--format", "markdown")
    assert code == 1
    assert out.startswith("### launchready validate: FAIL")
    assert "| FAIL | `dns.stale` |" in out and "checks passed</summary>" in out


def test_bad_input_exits_2_without_a_traceback(start_server, tmp_path: Path):
    code, _, err = validate([], [], "--resolver", "dns.example.org")
    assert code == 2 and "--resolver" in err and "Traceback" not in err
    ranges = tmp_path / "ranges.txt"
    ranges.write_text("104.16.0.0/13\nnot-a-network\n")
    code, _, err = validate([start_server()], [], "--cloudflare-ranges", str(ranges))
    assert code == 2 and "line 2" in err


def test_wait_converges_when_a_stale_resolver_catches_up(start_server):
    stale, authoritative = start_server(Fault.STALE), start_server()
    catch_up = threading.Timer(1.5, lambda: setattr(stale, "fault", Fault.NONE))
    catch_up.start()
    try:
        started = time.monotonic()
        code, out, _ = validate([stale], [authoritative], "--wait", "20", "--format", "json")
        elapsed = time.monotonic() - started
    finally:
        catch_up.cancel()
    notes = json.loads(out)["notes"]
    assert code == 0, out
    assert 1.5 <= elapsed < 10
    assert any(note.startswith(f"{stale.endpoint} converged on poll ") and "poll 1," not in note for note in notes)
    assert f"{authoritative.endpoint} answered as planned from the first poll" in notes


def test_wait_reports_what_never_converged(start_server):
    stale, authoritative = start_server(Fault.STALE), start_server()
    code, out, _ = validate([stale], [authoritative], "--wait", "1.5", "--format", "json")
    notes = json.loads(out)["notes"]
    assert code == 1
    assert any(note.startswith(f"{stale.endpoint} had not converged") and "dns.stale" in note for note in notes)


def test_deadline_holds_with_a_silent_server(start_server):
    silent, authoritative = start_server(Fault.SILENT), start_server()
    started = time.monotonic()
    code, out, _ = validate([silent], [authoritative], "--timeout", "10", "--deadline", "1", "--format", "json")
    elapsed = time.monotonic() - started
    assert code == 1 and elapsed < 3.0
    timeouts = [f for f in json.loads(out)["findings"] if f["check"] == "dns.timeout"]
    assert [f["resolver"] for f in timeouts] == [silent.endpoint]


def test_console_script_in_a_subprocess(start_server):
    resolver, authoritative = start_server(), start_server()
    script = Path(sys.executable).with_name("launchready")
    argv = [str(script), "validate", "--project-dir", str(ROOT), "--stack", "staging", "--only", "dns",
            "--resolver", resolver.endpoint, "--authoritative", authoritative.endpoint, "--format", "json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
    resolver.fault = authoritative.fault = Fault.ORIGIN_LEAK  # the zone itself leaks, not one cache
    failing = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert failing.returncode == 1 and "dns.origin_leak" in failing.stdout
