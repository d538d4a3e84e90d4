"""A check family that raises is a bug in launchready, not a verdict on the domain: it becomes one finding
for that family (type and place, never the message, which may quote a server), the other families'
findings and --output stay, and the exit code is 3, told apart from 1 (a failed check) and 2 (bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import invoke
from tests.conftest import ROOT
from tests.validators.hostile import HostileHttp, redirect
from tests.validators.test_hostile_servers import STAGING_HOSTS
from validators.http import redirects

SERVER_TEXT = "secret text a server sent"


def test_a_family_that_raises_keeps_the_others_and_the_report(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    def broken(*_: object) -> list[object]:
        raise ValueError(SERVER_TEXT)

    monkeypatch.setattr(redirects, "hops", broken)
    output = tmp_path / "report.json"
    with HostileHttp(redirect("https://www.example.net/")) as server:
        rules = [f"--connect-to={host}:{port}:127.0.0.1:{server.port}" for host in STAGING_HOSTS for port in (80, 443)]
        run = invoke("validate", "--project-dir", str(ROOT), "--stack", "staging", "--only", "http,tls",
                     "--format", "json", "--output", str(output), "--timeout", "2", *rules)
    assert run.code == 3, run.stderr
    report = json.loads(output.read_text())
    crashed = [f for f in report["findings"] if f["check"] == "http.internal_error"]
    assert len(crashed) == 1 and crashed[0]["severity"] == "error"
    assert crashed[0]["message"] == ("http checks stopped: an internal error (ValueError) — a bug in launchready; "
                                     "please report it with --format json output")
    assert crashed[0]["observed"].startswith("ValueError at validators/http/__init__.py:")
    assert SERVER_TEXT not in output.read_text() and SERVER_TEXT not in run.stderr
    assert any(f["check"].startswith("tls.") for f in report["findings"]), "the tls family's findings are kept"
    assert not report["ok"]


def test_a_report_without_an_internal_error_keeps_exit_codes_0_and_1() -> None:
    from launchready.core.findings import Report, failed, internal_error, passed

    assert Report.of([passed("http.status", "a", "ok")]).exit_code == 0
    assert Report.of([failed("http.status", "a", "bad")]).exit_code == 1
    assert Report.of([failed("http.status", "a", "bad"), internal_error("tls", "a", KeyError("x"))]).exit_code == 3


def test_check_email_that_raises_is_an_internal_error_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import validators.email as email

    async def broken(*_: object) -> list[object]:
        raise ValueError(SERVER_TEXT)

    monkeypatch.setattr(email, "run", broken)
    run = invoke("check", "email", "example.com", "--resolver", "127.0.0.1:9", "--format", "json")
    assert run.code == 3 and "Traceback" not in run.stderr, run.stderr
    crashed = [f for f in json.loads(run.stdout)["findings"] if f["check"] == "email.internal_error"]
    assert len(crashed) == 1 and SERVER_TEXT not in run.stdout + run.stderr
