"""`.ci/run` installs the workerd version the harness names, so CI runs what the tests expect."""

from launchready.sandbox.workerd import WORKERD_VERSION
from tests.conftest import ROOT


def test_ci_installs_the_pinned_workerd() -> None:
    assert f"workerd@{WORKERD_VERSION}" in (ROOT / ".ci" / "run").read_text()
