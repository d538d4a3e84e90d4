"""`--ses-region` under the run's time limits: an SES endpoint that accepts and never answers costs about
--timeout per call (one attempt), not botocore's 60 s read timeout times its retries."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from launchready.aws.ses import lookup
from launchready.core.findings import Finding, Severity
from launchready.core.plan import DomainPlan
from launchready.core.stack import Stack
from validators.context import CheckContext
from validators.email.ses import check_ses


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A TCP port that completes connections (the kernel's backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_silent_ses_endpoint_costs_about_the_timeout(staging_stack: Stack, staging_plan: DomainPlan,
                                                       silent_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example-secret")
    ctx = CheckContext(plan=staging_plan, spec=staging_stack.spec, timeout=0.5, ses_region="eu-west-1",
                       ses_endpoint=silent_endpoint, ses_lookup=lookup("eu-west-1", silent_endpoint))
    found: list[Finding] = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: found.extend(check_ses(ctx)), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "check_ses still waiting on a silent endpoint after 10 s"
    assert time.monotonic() - started < 3
    assert [(f.check, f.severity) for f in found] == [("email.ses.identity", Severity.ERROR)]
    assert "example-secret" not in found[0].message
