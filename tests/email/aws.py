"""A real local SES endpoint for tests: moto's server on a loopback port, with fake credentials in the
environment so boto3's standard credential chain finds them (and never a developer's real ones)."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from moto.server import ThreadedMotoServer

FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing-not-a-key",
    "AWS_SECRET_ACCESS_KEY": "testing-not-a-secret",
    "AWS_CONFIG_FILE": "/nonexistent/launchready-test-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/launchready-test-credentials",
}


@pytest.fixture
def ses_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """URL of a fresh SES emulator (state starts empty for every test)."""
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SES"):
        monkeypatch.delenv(name, raising=False)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    reset(url)  # moto keeps its state per process, not per server
    try:
        yield url
    finally:
        reset(url)
        server.stop()


def reset(url: str) -> None:
    """moto's documented reset endpoint for server mode."""
    with urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"), timeout=10):
        pass
