"""The validator against nginx from Debian, configured by hand for the staging stack: proof that the checks
agree with a server not written here, and that a classic nginx mistake is caught.

The mistake: `add_header` is inherited from the server block only when a location has no add_header
of its own (nginx docs, ngx_http_headers_module), so a location that adds Cache-Control silently drops
HSTS from the legacy redirect it answers.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import SandboxCA
from tests.conftest import require_binary, stop
from tests.validators.http.edge_cli import validate_args

pytestmark = pytest.mark.debian


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_blocks(plan: DomainPlan, https: int, cache_header_on_legacy: bool) -> str:
    """One server block per host, written the way an operator would: HTTPS upgrade on port 80, the
    canonical redirect, the legacy redirect, HSTS `always` (so redirects carry it too)."""
    hsts = f'add_header Strict-Transport-Security "{plan.zone_settings.hsts.header()}" always;'
    canonical = next(r for r in plan.redirects if r.kind == "canonical")
    legacy = next(r for r in plan.redirects if r.kind == "legacy")
    legacy_extra = 'add_header Cache-Control "no-store";' if cache_header_on_legacy else ""
    legacy_return = f"return {legacy.status} {legacy.target_url}$is_args$args;"
    pages = " ".join(h.fqdn for h in plan.web_hosts if h.fqdn not in (canonical.host, plan.canonical_host))
    return f"""
    server {{ listen 127.0.0.1:{https} ssl; server_name {canonical.host}; {hsts}
             return {canonical.status} {canonical.target_url}$request_uri; }}
    server {{ listen 127.0.0.1:{https} ssl; server_name {plan.canonical_host}; {hsts}
             location = {legacy.source_path} {{ {legacy_extra} {legacy_return} }}
             location / {{ return 200 "canonical page\\n"; }} }}
    server {{ listen 127.0.0.1:{https} ssl; server_name {pages}; {hsts} return 200 "other page\\n"; }}
    """


def nginx_conf(tmp: Path, plan: DomainPlan, http: int, https: int, cache_header_on_legacy: bool) -> str:
    temp = "\n".join(f"{kind}_temp_path {tmp}/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    {temp}
    default_type text/plain;
    ssl_certificate {tmp}/cert.pem;
    ssl_certificate_key {tmp}/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    server {{ listen 127.0.0.1:{http} default_server; return 301 https://$host$request_uri; }}
    {server_blocks(plan, https, cache_header_on_legacy)}
}}
"""


def wait_for(ports: tuple[int, ...], process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    for port in ports:
        while True:
            if process.poll() is not None:
                pytest.fail(f"nginx exited with {process.returncode}: {log.read_text() if log.exists() else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nginx did not listen on {port} within 10s")
                time.sleep(0.05)


def run_nginx(tmp: Path, plan: DomainPlan, ca: SandboxCA, broken: bool) -> Iterator[tuple[int, int]]:
    binary = require_binary("nginx", "nginx")
    cert = ca.issue(tuple(h.fqdn for h in plan.web_hosts))
    (tmp / "cert.pem").write_bytes(cert.chain_pem)
    (tmp / "key.pem").write_bytes(cert.key_pem)
    http, https = free_port(), free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_conf(tmp, plan, http, https, broken))
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for((http, https), process, tmp / "error.log")
        yield http, https
    finally:
        stop(process)  # SIGTERM: nginx's fast shutdown, master and workers


@pytest.fixture(params=[False, True], ids=["correct", "hsts-lost-in-location"])
def nginx(request: pytest.FixtureRequest, tmp_path: Path, staging_plan: DomainPlan,
          ca: SandboxCA) -> Iterator[tuple[bool, list[str]]]:
    broken: bool = request.param
    for http, https in run_nginx(tmp_path, staging_plan, ca, broken):
        bundle = ca.write_bundle(tmp_path / "ca.pem")
        yield broken, ["--connect-to", f":80:127.0.0.1:{http}", "--connect-to", f":443:127.0.0.1:{https}",
                       "--ca-bundle", str(bundle), "--timeout", "3"]


def test_validator_against_nginx(nginx: tuple[bool, list[str]]) -> None:
    broken, args = nginx
    run = validate_args("staging", args)
    if not broken:
        assert run.code == 0, [f["message"] for f in run.report["findings"] if f["severity"] == "error"]
        assert {"http.https_redirect", "http.canonical_redirect", "http.legacy_redirect", "http.hsts",
                "tls.chain", "tls.hostname", "tls.protocol"} <= run.ids("info")
        return
    assert run.code == 1 and run.ids("error") == {"http.hsts"}
    [finding] = run.findings("http.hsts", "error")
    assert finding["url"] == "https://www.example.net/old-signup?q=1"
    assert finding["message"].startswith("no Strict-Transport-Security on https://www.example.net/old-signup?q=1 "
                                         "(308); ")
