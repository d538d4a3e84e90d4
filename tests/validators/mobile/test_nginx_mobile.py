"""The mobile checks against nginx from Debian, configured by hand for the staging stack: the app-link files
written by `launchready applinks --write`, a landing page with mixed content, gzip, a callback; and the
classic nginx mistake that breaks app links on the non-canonical host.

The mistake: a server-level `return 308` runs in nginx's rewrite phase, before any location is chosen
(nginx docs, ngx_http_rewrite_module), so the apex redirects its `.well-known` files to www as well.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchready.core.plan import DomainPlan
from launchready.sandbox.certs import SandboxCA
from tests.clirun import invoke
from tests.conftest import ROOT, require_binary, stop
from tests.validators.http.edge_cli import validate_args
from tests.validators.http.test_nginx import free_port, wait_for

pytestmark = pytest.mark.debian

MIXED = ('<!doctype html><html><head><link rel="stylesheet" href="http://cdn.example.org/site.css"></head>'
         '<body><img src="http://img.example.org/hero.png" alt="">' + "<p>launch on phones</p>" * 80 + "</body></html>")
CLEAN = '<!doctype html><html><body><img src="/hero.png" alt="">' + "<p>clean page</p>" * 80 + "</body></html>"


def site(tmp: Path, plan: DomainPlan) -> None:
    """The files as an operator would deploy them: app-link files from `launchready applinks`, two pages."""
    run = invoke("applinks", "--project-dir", str(ROOT), "--stack", "staging", "--write", str(tmp / "links"))
    assert run.code == 0, run.stderr
    for name, html in (("mixed", MIXED), ("clean", CLEAN)):
        (tmp / name).mkdir()
        (tmp / name / "index.html").write_text(html)


def server_blocks(tmp: Path, plan: DomainPlan, https: int, redirect_all: bool) -> str:
    canonical = next(r for r in plan.redirects if r.kind == "canonical")
    well_known = (f"location ^~ /.well-known/ {{ root {tmp}/links/$host; default_type application/json; "
                  "types { } }")
    redirect = f"return {canonical.status} {canonical.target_url}$request_uri;"
    apex_body = redirect if redirect_all else f"{well_known} location / {{ {redirect} }}"
    others = " ".join(h.fqdn for h in plan.web_hosts if h.fqdn not in (canonical.host, plan.canonical_host))
    return f"""
    server {{ listen 127.0.0.1:{https} ssl; server_name {canonical.host}; {apex_body} }}
    server {{ listen 127.0.0.1:{https} ssl; server_name {plan.canonical_host}; {well_known}
             location / {{ root {tmp}/mixed; try_files $uri /index.html; }} }}
    server {{ listen 127.0.0.1:{https} ssl; server_name {others};
             location = /auth/callback {{ return 200 "signed in"; }}
             location / {{ root {tmp}/clean; try_files $uri /index.html; }} }}
    """


def nginx_conf(tmp: Path, plan: DomainPlan, ports: tuple[int, int], redirect_all: bool) -> str:
    temp = "\n".join(f"{kind}_temp_path {tmp}/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # the worker reads files under pytest's private tmp folder: as the test's user when nginx starts as root
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
daemon off;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    {temp}
    types {{ text/html html; }}
    default_type text/plain;
    gzip on; gzip_types application/json text/css;
    ssl_certificate {tmp}/cert.pem;
    ssl_certificate_key {tmp}/key.pem;
    server {{ listen 127.0.0.1:{ports[0]} default_server; return 301 https://$host$request_uri; }}
    {server_blocks(tmp, plan, ports[1], redirect_all)}
}}
"""


@pytest.fixture(params=[False, True], ids=["correct", "server-level-return"])
def nginx(request: pytest.FixtureRequest, tmp_path: Path, staging_plan: DomainPlan,
          ca: SandboxCA) -> Iterator[tuple[bool, list[str]]]:
    binary = require_binary("nginx", "nginx")
    redirect_all: bool = request.param
    site(tmp_path, staging_plan)
    cert = ca.issue(tuple(h.fqdn for h in staging_plan.web_hosts))
    (tmp_path / "cert.pem").write_bytes(cert.chain_pem)
    (tmp_path / "key.pem").write_bytes(cert.key_pem)
    ports = (free_port(), free_port())
    (tmp_path / "nginx.conf").write_text(nginx_conf(tmp_path, staging_plan, ports, redirect_all))
    process = subprocess.Popen([binary, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path), "-e",
                                str(tmp_path / "error.log")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(ports, process, tmp_path / "error.log")
        bundle = ca.write_bundle(tmp_path / "ca.pem")
        yield redirect_all, ["--connect-to", f":80:127.0.0.1:{ports[0]}", "--connect-to",
                             f":443:127.0.0.1:{ports[1]}", "--ca-bundle", str(bundle), "--timeout", "3"]
    finally:
        stop(process)


def test_mobile_checks_against_nginx(nginx: tuple[bool, list[str]]) -> None:
    redirect_all, args = nginx
    run = validate_args("staging", args, only="mobile")
    assert run.code == 1
    mixed = {f["url"] for f in run.findings("mobile.mixed_content", "error")}
    assert mixed == {"https://www.example.net/", "https://www.example.net/signup"}, "the stylesheet is blockable"
    clean = {f["url"] for f in run.findings("mobile.mixed_content", "info")}
    assert "https://app.example.net/" in clean
    assert {f["observed"] for f in run.findings("mobile.compression")} == {"gzip"}
    assert run.ids("info") >= {"mobile.app_links.content_type", "mobile.app_links.apps", "mobile.callback.status",
                               "mobile.callback.offhost"}
    moved = {f["url"] for f in run.findings("mobile.app_links.status", "error")}
    if not redirect_all:
        assert run.ids("error") == {"mobile.mixed_content"}
        return
    assert run.ids("error") == {"mobile.mixed_content", "mobile.app_links.status"}
    assert moved == {"https://example.net/.well-known/apple-app-site-association",
                     "https://example.net/.well-known/assetlinks.json"}

