"""A tiny forward HTTP proxy on loopback (RFC 9112 §3.2.2: a request to a proxy names its target in
absolute form, `GET http://host:port/path`), recording what it forwarded and the Proxy-Authorization it
was sent. It answers 407 when `password` is set and not sent (RFC 9110 §15.5.8), and drips its answer a
byte at a time when `drip` is set, so the client's deadline can be seen to hold through it."""

from __future__ import annotations

import base64
import http.client
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "proxy-authorization", "proxy-connection", "keep-alive", "transfer-encoding",
              "content-length"}


@dataclass
class Forwarded:
    """What the proxy saw of the requests it carried."""

    targets: list[str] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)
    user: str = ""
    password: str = ""
    drip: bool = False


class ProxyHandler(BaseHTTPRequestHandler):
    seen: Forwarded

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        sent = self.headers.get("Proxy-Authorization", "")
        self.seen.credentials.append(base64.b64decode(sent.removeprefix("Basic ")).decode() if sent else "")
        if self.seen.password and sent != "Basic " + base64.b64encode(
                f"{self.seen.user}:{self.seen.password}".encode()).decode():
            self.send_response(407)
            self.send_header("Proxy-Authenticate", 'Basic realm="loopback"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.seen.targets.append(self.path)
        self.relay()

    def relay(self) -> None:
        target = urlsplit(self.path)
        upstream = http.client.HTTPConnection(target.hostname or "", target.port, timeout=10)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream.request("GET", target.path + (f"?{target.query}" if target.query else ""), headers=headers)
        answer = upstream.getresponse()
        body = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        upstream.close()
        try:
            for piece in ([body[i:i + 1] for i in range(len(body))] if self.seen.drip else [body]):
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(0.2 if self.seen.drip else 0)
        except OSError:
            pass  # the client gave up (its deadline passed)


@contextmanager
def loopback_proxy(seen: Forwarded) -> Iterator[int]:
    """Runs the proxy on 127.0.0.1; yields its port."""
    handler = type("Handler", (ProxyHandler,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
