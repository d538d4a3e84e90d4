"""Bad flags to `launchready validate`, `check email` and `demo`: exit 2 with a message that names the flag,
before any query is sent, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.clirun import invoke
from tests.conftest import ROOT

VALIDATE = ("validate", "--project-dir", str(ROOT), "--stack", "staging", "--resolver", "127.0.0.1:9",
            "--authoritative", "127.0.0.1:9", "--timeout", "5")


def test_only_without_a_family_is_bad_input() -> None:
    run = invoke(*VALIDATE, "--only", ",")
    assert run.code == 2 and "--only" in run.stderr and "dns, http, tls, email" in run.stderr


def test_an_empty_only_is_bad_input_not_every_family() -> None:
    """`--only "$FAMILIES"` with the variable unset must not quietly run every check (every server given is
    loopback, so a regression still sends nothing to the internet)."""
    started = time.monotonic()
    run = invoke(*VALIDATE, "--parent", "127.0.0.1:9", "--validating-resolver", "127.0.0.1:9",
                 "--connect-to", ":443:127.0.0.1:9", "--connect-to", ":80:127.0.0.1:9", "--deadline", "1",
                 "--only", "")
    assert run.code == 2, run.stdout[:300]
    assert "--only is empty: give one or more of dns, http, tls, email, dnssec, mobile" in run.stderr
    assert time.monotonic() - started < 2, "refused before anything ran"


@pytest.mark.parametrize("content", ["not a certificate\n", ""])
def test_a_ca_bundle_without_certificates_is_bad_input(tmp_path: Path, content: str) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text(content)
    started = time.monotonic()
    run = invoke(*VALIDATE, "--only", "tls", "--ca-bundle", str(bundle))
    assert run.code == 2 and f"--ca-bundle {bundle}" in run.stderr and "PEM" in run.stderr
    assert time.monotonic() - started < 2, "refused before probing anything"


@pytest.mark.parametrize("command", [
    (*VALIDATE, "--only", "dns"),
    ("check", "email", "example.com", "--resolver", "127.0.0.1:9", "--timeout", "5"),
    ("demo", "--project-dir", str(ROOT)),
])
def test_output_into_a_missing_folder_fails_before_the_run(tmp_path: Path, command: tuple[str, ...]) -> None:
    target = tmp_path / "missing" / "report.json"
    started = time.monotonic()
    run = invoke(*command, "--output", str(target))
    assert run.code == 2 and f"{tmp_path / 'missing'} does not exist" in run.stderr
    assert time.monotonic() - started < 2, "nothing was queried or started"


@pytest.mark.parametrize("command", [("validate",), ("check", "email"), ("demo",)])
def test_help_names_what_each_option_takes(command: tuple[str, ...]) -> None:
    text = invoke(*command, "--help").stdout.partition("Options:")[2]
    assert text and not [kind for kind in ("<str>", "<float>", "<int>", "<file>") if kind in text]
