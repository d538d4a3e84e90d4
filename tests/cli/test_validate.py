"""`launchready validate`: bad flags are bad input (exit 2), before anything is asked of the network."""

from __future__ import annotations

from tests.clirun import invoke
from tests.conftest import ROOT


def test_validate_refuses_a_malformed_ses_region() -> None:
    run = invoke("validate", "--project-dir", str(ROOT), "--stack", "staging", "--only", "email",
                 "--ses-region", "eu west")
    assert run.code == 2
    assert "--ses-region text of 7 characters is not an AWS region name" in run.stderr
