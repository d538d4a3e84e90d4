"""Temporary git repositories holding this suite's own stack files (never the example stacks, which
other work changes), committed with fixed identities and dates so commit ids are reproducible."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_AUTHOR_DATE": "2026-11-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T12:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
}

STAGING = {
    "zone": "example.net",
    "canonical": "www",
    "origin": {"ipv4": ["192.0.2.50"]},
    "hosts": {"apex": {}, "www": {}, "api": {"ipv4": ["198.51.100.7"]},
              "status": {"cname": "status.uptime.example.org", "proxied": False, "ttl": 300}},
    "records": [
        {"name": "@", "type": "MX", "content": "mx1.mail.example.org", "priority": 10},
        {"name": "@", "type": "MX", "content": "mx2.mail.example.org", "priority": 20},
        {"name": "@", "type": "TXT", "content": "v=spf1 include:_spf.mail.example.org -all"},
    ],
    "tls": {"hsts": {"max_age": 86400}},
    "redirects": [{"from": "/old-signup", "to": "/signup", "status": 308}],
}
"""A staging stack with mail, written here so the tests do not depend on Pulumi.staging.yaml."""


def stack_yaml(spec: dict[str, object]) -> str:
    return yaml.safe_dump({"config": {"launchready:domain": spec}}, sort_keys=False)


@dataclass
class Repo:
    path: Path

    def git(self, *args: str) -> str:
        env = {**os.environ, **GIT_ENV}
        done = subprocess.run(["git", *args], cwd=self.path, env=env, capture_output=True, text=True,
                              check=True, timeout=30)
        return done.stdout.strip()

    def write(self, spec: dict[str, object] | None, stack: str = "staging") -> None:
        path = self.path / f"Pulumi.{stack}.yaml"
        if spec is None:
            path.unlink()
        else:
            path.write_text(stack_yaml(spec))

    def commit(self, spec: dict[str, object] | None, message: str, stack: str = "staging") -> str:
        self.write(spec, stack)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    made = Repo(tmp_path / "project")
    made.path.mkdir()
    made.git("init", "-q", "-b", "main")
    (made.path / "Pulumi.yaml").write_text("name: launchready\nruntime: python\n")
    made.git("add", "Pulumi.yaml")
    made.git("commit", "-q", "-m", "project")
    return made
