"""Shared fixtures: the example stacks and their plans, and the rule for Debian-provided servers."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

from launchready.core.plan import DomainPlan, build_plan
from launchready.core.stack import Stack, load_stack
from launchready.sandbox.certs import SandboxCA

ROOT = Path(__file__).resolve().parent.parent


ON_CI = os.environ.get("CI") == "true"
"""Under CI=true (.ci/run) every tool the tests need is installed, so a missing one fails the test."""


def missing_tool(message: str) -> NoReturn:
    """A tool the test needs is absent: skip with the install step on a developer machine, fail under CI."""
    if ON_CI:
        pytest.fail(message)
    pytest.skip(message)


def require_binary(name: str, package: str) -> str:
    """Path of a server binary from Debian (skipped without it, or failed under CI: missing_tool)."""
    found = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None)
    if found:
        return found
    missing_tool(f"{name} is not installed (Debian package {package}; .ci/run installs it)")


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """End a server the test started: SIGTERM, then SIGKILL if it has not exited within `timeout`."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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


@pytest.fixture(scope="module")
def ca() -> SandboxCA:
    """A throwaway certificate authority for the sandbox edge and nginx, one per test module."""
    return SandboxCA()


@pytest.fixture(scope="module")
def bundle(ca: SandboxCA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`ca` as a PEM file, for --ca-bundle."""
    return ca.write_bundle(tmp_path_factory.mktemp("ca") / "ca.pem")
