"""A project directory with this suite's own staging stack, and the zone that already exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

ZONE_FILE = ROOT / "tests" / "fixtures" / "adopt" / "staging-existing.zone"

SPEC: dict[str, Any] = {
    "zone": "example.net",
    "canonical": "www",
    "origin": {"ipv4": ["192.0.2.50"]},
    "hosts": {"apex": {}, "www": {}, "app": {"cname": "staging-app.paas.example.org"},
              "admin": {"ipv4": ["198.51.100.8"]}},
    "records": [{"name": "@", "type": "TXT", "content": "staging-verification=4f1c2d"}],
    "redirects": [{"from": "/old-signup", "to": "/signup", "status": 308}],
    "adopted": {"overwrites": ["www A 203.0.113.9", "app CNAME old-app.example.org", "admin A 203.0.113.20"]},
}
"""The stack moves www, app and admin to new origins on purpose: it declares the changes (record.host)."""


def write_project(directory: Path, spec: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    (directory / "Pulumi.staging.yaml").write_text(yaml.safe_dump({"config": {"launchready:domain": spec}}))
    return directory


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", SPEC)
