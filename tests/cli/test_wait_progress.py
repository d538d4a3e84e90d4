"""`validate --wait` is never silent: each poll is a line on stderr (CI logs), or one live line rewritten
in place on a terminal."""

from __future__ import annotations

import io
import json

from typer.testing import CliRunner

from launchready.cli import app
from launchready.core.progress import PollProgress
from launchready.render.progress import ProgressLine
from tests.conftest import ROOT


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_each_poll_is_a_line_on_stderr() -> None:
    result = CliRunner().invoke(app, ["validate", "--stack-file", str(ROOT / "Pulumi.staging.yaml"), "--only", "dns",
                                      "--resolver", "127.0.0.1:9", "--authoritative", "127.0.0.1:9",
                                      "--timeout", "0.1", "--deadline", "0.5", "--wait", "1.5"])
    assert result.exit_code == 1
    polls = [line for line in result.stderr.splitlines() if line.startswith("--wait: poll")]
    assert len(polls) >= 2, result.stderr
    assert "errors left; next poll in" in polls[0] and "next poll" not in polls[-1]
    assert "--wait: poll" not in result.stdout  # the report stays clean for --format json and pipes


def test_a_terminal_gets_one_live_line() -> None:
    stream = Terminal()
    show = ProgressLine(900, stream)
    show(PollProgress(1, 2.0, 3, 1.0))
    show(PollProgress(2, 4.0, 0, None))
    assert stream.getvalue() == ("\r\x1b[K--wait: poll 1 at 2s of 900s: 3 errors left; next poll in 1s"
                                 "\r\x1b[K--wait: poll 2 at 4s of 900s: every check passes\n")


def test_check_email_stops_at_its_deadline() -> None:
    result = CliRunner().invoke(app, ["check", "email", "example.com", "--resolver", "192.0.2.1", "--timeout", "5",
                                      "--deadline", "0.5", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [f["check"] for f in report["findings"]] == ["email.deadline"]
    assert report["summary"]["elapsed_seconds"] < 1.5  # each query may wait 5 s; the deadline cuts them


def test_version_is_the_installed_one() -> None:
    from launchready import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"launchready {__version__}\n"
