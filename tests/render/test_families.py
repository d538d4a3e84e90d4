"""The renderer's family registry and the validators' family table name the same families."""

from __future__ import annotations

from launchready.render.families import FAMILIES as RENDERED
from tests.clirun import invoke
from validators.runner import FAMILIES as RUN


def test_every_family_the_validators_run_is_registered_for_rendering() -> None:
    assert list(RENDERED) == list(RUN)


def test_validate_help_lists_every_family() -> None:
    run = invoke("validate", "--help")
    assert ",".join(RUN) in " ".join(run.stdout.split())
