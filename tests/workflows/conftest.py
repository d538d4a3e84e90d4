"""The temporary git repository fixture of the diff suite, for running the PR diff step."""

from tests.diff.conftest import repo  # noqa: F401
