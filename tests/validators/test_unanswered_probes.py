"""A probe that got no response is never a pass: with every web host mapped to a loopback port where nothing
listens, the http, tls and mobile families pass nothing, and each check that had nothing to judge either fails
or is named as not judged by the finding that reports the refused connection."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.clirun import CliRun
from tests.validators.http.edge_cli import validate_args


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening: every connection to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def refused_run(port: int, only: str) -> CliRun:
    return validate_args("staging", ["--connect-to", f":443:127.0.0.1:{port}", "--connect-to",
                                     f":80:127.0.0.1:{port}", "--timeout", "1"], only=only)


def test_nothing_passes_when_no_host_answers(closed_port: int) -> None:
    run = refused_run(closed_port, "http,tls,mobile")
    assert run.code == 1
    passes = [(f["check"], f["message"]) for f in run.report["findings"] if f["severity"] != "error"]
    assert passes == [], passes
    assert run.report["summary"]["passed"] == 0


def test_unanswered_pages_fail_mixed_content_and_compression(closed_port: int) -> None:
    run = refused_run(closed_port, "mobile")
    assert run.code == 1
    for check in ("mobile.mixed_content", "mobile.compression"):
        findings = run.findings(check)
        assert findings and all(f["severity"] == "error" for f in findings), findings
        assert all("did not answer (via 127.0.0.1:" in f["message"] and "validate again" in f["message"]
                   for f in findings), findings[0]["message"]


def test_an_unanswered_callback_is_not_called_on_its_host(closed_port: int) -> None:
    run = refused_run(closed_port, "mobile")
    assert run.findings("mobile.callback.offhost") == [], "nothing was followed, so nothing stayed on the host"
    [status] = run.findings("mobile.callback.status", "error")
    assert "mobile.callback.offhost is not judged until it answers" in status["message"]
