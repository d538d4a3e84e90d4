"""`preflight --online` asks Cloudflare through the hardened transport (launchready.cfapi.transport): each
request has a deadline as a whole and a cap on its decoded answer, so a server that trickles its answer one
byte a second, or sends far too much, ends the check with a clear reason instead of holding preflight open.
The AWS checks (boto3, which bounds each read only) have a deadline as a whole too."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchready.preflight import aws_scope, token_api
from tests.email.specs import domain, ses
from tests.preflight.conftest import canary_cloudflare_token, git_repo, write_stack
from tests.preflight.test_preflight_cli import findings

DRIP_SECONDS = 1.0
DRIPS = 15
"""The stand-in stops after this many bytes (and closes): without a deadline the check would take 15 s and
end with an incomplete-answer error, not the deadline's message."""
HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n"


class Trickle:
    """A loopback HTTP server that answers every request with its headers, then one byte a second."""

    def __init__(self, head: bytes = HEADERS, body: bytes = b"", drip: bool = True) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.head, self.body, self.drip = head, body, drip
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.accept, daemon=True)]
        self.threads[0].start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}"

    @property
    def url(self) -> str:
        return f"{self.origin}/client/v4"

    def accept(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self.answer, args=(connection,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def answer(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)
                connection.sendall(self.head + self.body)
                for _ in range(DRIPS if self.drip else 0):
                    if self.stop.wait(DRIP_SECONDS):
                        return
                    connection.sendall(b" ")
            except OSError:
                return  # the client hung up: what the deadline is for

    def close(self) -> None:
        self.stop.set()
        self.server.close()
        for thread in self.threads:
            thread.join(timeout=DRIP_SECONDS * 2)


@pytest.fixture
def repo(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> Path:
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    write_stack(repo / "Pulumi.prod.yaml", {})
    clean_env.setenv("CLOUDFLARE_API_TOKEN", "cfut_" + canary_cloudflare_token())
    clean_env.setenv("PULUMI_ACCESS_TOKEN", "pul-placeholder")
    return repo


def token_verdict(repo: Path, server: Trickle, clean_env: pytest.MonkeyPatch) -> tuple[str, str]:
    clean_env.setenv("CLOUDFLARE_API_BASE_URL", server.url)
    try:
        found = findings("--stack-file", str(repo / "Pulumi.prod.yaml"), "--repo", str(repo), "--online")
    finally:
        server.close()
    [active] = [f for f in found if f["check"] == "preflight.token_active"]
    return active["severity"], active["message"]


@pytest.fixture
def trickle() -> Iterator[Trickle]:
    server = Trickle()
    yield server
    server.close()


def test_an_answer_trickled_a_byte_a_second_ends_at_the_deadline(repo: Path, trickle: Trickle,
                                                                 clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setattr(token_api, "REQUEST_SECONDS", 1.0)
    severity, message = token_verdict(repo, trickle, clean_env)
    assert severity == "warning"
    assert message.startswith("could not ask the Cloudflare API (no whole answer to GET /user/tokens/verify "
                              "within 1 s"), message
    assert "unchecked" in message


def test_an_answer_over_the_cap_decoded_is_refused(repo: Path, clean_env: pytest.MonkeyPatch) -> None:
    """A gzip answer small on the wire that decodes to more than any token answer is cut off as it is read."""
    bomb = gzip.compress(b" " * (token_api.MAX_ANSWER_BYTES * 4))
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: " + str(len(bomb)).encode() + b"\r\n\r\n")
    severity, message = token_verdict(repo, Trickle(head, bomb, drip=False), clean_env)
    assert severity == "warning"
    assert f"more than {token_api.MAX_ANSWER_BYTES:,} bytes" in message, message


def aws_verdict(tmp_path: Path, server: Trickle, clean_env: pytest.MonkeyPatch, seconds: float) -> tuple[str, str]:
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/c",
                        "AWS_ENDPOINT_URL": server.origin, "PULUMI_ACCESS_TOKEN": "pul-placeholder",
                        "CLOUDFLARE_API_TOKEN": "cf-placeholder",
                        "CLOUDFLARE_API_BASE_URL": "http://127.0.0.1:9/client/v4"}.items():
        clean_env.setenv(name, value)
    clean_env.setattr(aws_scope, "AWS_SECONDS", seconds)
    repo = git_repo(tmp_path / "repo", {"README.md": "launch\n"})
    stack = write_stack(repo / "Pulumi.prod.yaml", {}, domain=domain({"send": [ses()]}))
    try:
        found = findings("--stack-file", str(stack), "--repo", str(repo), "--online")
    finally:
        server.close()
    [verdict] = [f for f in found if f["check"] == "preflight.aws_scope"]
    return verdict["severity"], verdict["message"]


def test_an_aws_endpoint_that_trickles_ends_at_the_deadline(tmp_path: Path, trickle: Trickle,
                                                            clean_env: pytest.MonkeyPatch) -> None:
    severity, message = aws_verdict(tmp_path, trickle, clean_env, 1.0)
    assert severity == "warning" and message.startswith("AWS did not answer within 1 s"), message


def test_an_aws_endpoint_that_answers_html_is_a_reason_not_a_traceback(tmp_path: Path,
                                                                       clean_env: pytest.MonkeyPatch) -> None:
    """A wrong AWS_ENDPOINT_URL (a captive portal, a proxy's page): botocore cannot parse it."""
    page = b"<html><body>Sign in to the network</body></html>"
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + str(len(page)).encode() + b"\r\n\r\n"
    severity, message = aws_verdict(tmp_path, Trickle(head, page, drip=False), clean_env, aws_scope.AWS_SECONDS)
    assert severity == "warning" and "could not ask AWS STS" in message and "unchecked" in message, message
