"""Run the monitor Worker in `workerd`, Cloudflare's open-source Workers runtime (npm package
`workerd`), on loopback, and fire its scheduled handler on demand.

workerd has no cron clock to wait for: a small driver Worker calls the monitor's `scheduled()`
through a service binding (`Fetcher.scheduled`, behind the experimental compatibility flag
`service_binding_extra_handlers`, hence `--experimental`; cloudflare/workerd src/workerd/api/http.h).
Every outbound request of the monitor goes to one loopback server (`globalOutbound`, see
launchready.sandbox.world), and so do the KV binding's requests. `send_email` is not a workerd
binding, so the Worker's ALERT_EMAIL is a service binding to a stand-in with the same `send()`
method that posts the message to the loopback server (host mail.test).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchready.core.monitor import COMPATIBILITY_DATE, worker_source

WORKERD_VERSION = "1.20261117.1"
"""The npm package .ci/run installs (`npm install --prefix .venv/node workerd@<this>`)."""
MAIL_HOST = "mail.test"

DRIVER_JS = """
export default {
  async fetch(request, env) {
    const time = Number(new URL(request.url).searchParams.get("time")) || Date.now();
    const result = await env.MONITOR.scheduled({ scheduledTime: new Date(time), cron: "* * * * *" });
    return Response.json(result);
  },
};
"""

MAILER_JS = """
import { WorkerEntrypoint } from "cloudflare:workers";
export default class Mailer extends WorkerEntrypoint {
  async send(message) {
    const response = await fetch("http://MAIL_HOST/send", { method: "POST", body: JSON.stringify(message) });
    if (!response.ok) throw new Error("the mail stand-in refused the message");
  }
}
""".replace("MAIL_HOST", MAIL_HOST)


def workerd_binary(root: Path) -> Path | None:
    """The workerd installed under `root`/.venv/node (as .ci/run does), or one on PATH."""
    local = root / ".venv" / "node" / "node_modules" / ".bin" / "workerd"
    if local.exists():
        return local
    found = shutil.which("workerd")
    return Path(found) if found else None


def capnp_text(value: str) -> str:
    """A Cap'n Proto text literal (JSON's escapes for ASCII are also Cap'n Proto's)."""
    return json.dumps(value, ensure_ascii=True)


def monitor_bindings(config: dict[str, Any], secrets: dict[str, str], email: bool) -> str:
    bindings = [f'(name = "MONITOR_CONFIG", json = {capnp_text(json.dumps(config))})',
                '(name = "MONITOR_STATE", kvNamespace = "world")']
    bindings += [f"(name = {capnp_text(name)}, text = {capnp_text(value)})" for name, value in secrets.items()]
    if email:
        bindings.append('(name = "ALERT_EMAIL", service = "mailer")')
    return ", ".join(bindings)


def worker(module: str, bindings: str = "", flags: str = "", outbound: str = "") -> str:
    parts = [f'modules = [(name = "{module}", esModule = embed "{module}")]',
             f'compatibilityDate = "{COMPATIBILITY_DATE}"', f"bindings = [{bindings}]"]
    parts += [f"compatibilityFlags = [{flags}]"] if flags else []
    parts += [f'globalOutbound = "{outbound}"'] if outbound else []
    return "(" + ", ".join(parts) + ")"


def config_capnp(world_port: int, driver_port: int, monitor: str) -> str:
    driver = worker("driver.js", '(name = "MONITOR", service = "monitor")', '"service_binding_extra_handlers"')
    services = [
        f'(name = "driver", worker = {driver})',
        f'(name = "monitor", worker = {worker("worker.js", monitor, outbound="world")})',
        f'(name = "mailer", worker = {worker("mailer.js", outbound="world")})',
        f'(name = "world", external = (address = "127.0.0.1:{world_port}", http = ()))',
    ]
    socket_line = f'(name = "http", address = "127.0.0.1:{driver_port}", http = (), service = "driver")'
    return ('using Workerd = import "/workerd/workerd.capnp";\n'
            "const config :Workerd.Config = (\n  services = [\n    " + ",\n    ".join(services) + "\n  ],\n"
            f"  sockets = [{socket_line}]\n);\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class MonitorRuntime:
    """A running workerd with the monitor Worker; `fire()` runs one scheduled event."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def fire(self, at_ms: int, timeout: float = 30.0) -> dict[str, Any]:
        url = f"http://127.0.0.1:{self.port}/run?time={at_ms}"
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback only)
            result: dict[str, Any] = json.loads(response.read())
        return result

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_monitor(binary: Path, workdir: Path, world_port: int, config: dict[str, Any],
                  secrets: dict[str, str], email: bool = True) -> MonitorRuntime:
    """Write the Worker, the driver and the config into `workdir`, start workerd, wait for its socket."""
    (workdir / "worker.js").write_text(worker_source())
    (workdir / "driver.js").write_text(DRIVER_JS)
    (workdir / "mailer.js").write_text(MAILER_JS)
    port = free_port()
    (workdir / "config.capnp").write_text(config_capnp(world_port, port, monitor_bindings(config, secrets, email)))
    log = workdir / "workerd.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(binary), "serve", "config.capnp", "--experimental"], cwd=workdir,
                                   stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
    runtime = MonitorRuntime(process, port, log)
    wait_for_socket(runtime)
    return runtime


def wait_for_socket(runtime: MonitorRuntime, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if runtime.process.poll() is not None:
            raise RuntimeError(f"workerd exited with {runtime.process.returncode}: {runtime.output()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", runtime.port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    runtime.stop()
    raise RuntimeError(f"workerd did not listen on 127.0.0.1:{runtime.port} within {seconds} s")
