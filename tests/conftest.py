"""Shared fixtures: the example stacks and their plans, and the rule for Debian-provided servers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from launchready.core.plan import DomainPlan, build_plan
from launchready.core.stack import Stack, load_stack

ROOT = Path(__file__).resolve().parent.parent


def require_binary(name: str, package: str) -> str:
    """Path of a server binary from Debian. Skips with a reason on a developer machine without it;
    under CI=true a missing server fails the test, because .ci/run installs it."""
    found = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None)
    if found:
        return found
    message = f"{name} is not installed (Debian package {package}; .ci/run installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def example_stack(name: str) -> Stack:
    return load_stack(ROOT / f"Pulumi.{name}.yaml")


@pytest.fixture(scope="session")
def prod_stack() -> Stack:
    return example_stack("prod")


@pytest.fixture(scope="session")
def staging_stack() -> Stack:
    return example_stack("staging")


@pytest.fixture(scope="session")
def staging_plan(staging_stack: Stack) -> DomainPlan:
    return build_plan(staging_stack.spec, staging_stack.name)


@pytest.fixture(scope="session")
def prod_plan(prod_stack: Stack) -> DomainPlan:
    return build_plan(prod_stack.spec, prod_stack.name)
