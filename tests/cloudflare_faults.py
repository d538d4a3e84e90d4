"""Ways a server answers the Cloudflare API client badly, for CloudflareStandIn.fault: echoing the token,
error pages of megabytes, HTML where JSON belongs, JSON cut off, pages that never end, an answer dripped
a byte at a time, a gzip bomb, a 429 storm. Each returns the responder for `standin.fault(path_end, responder)`."""

from __future__ import annotations

import functools
import gzip
import json
import time
from collections.abc import Iterator
from typing import Any

from werkzeug import Request, Response

from tests.cloudflare_standin import Fault, answer, failure


def echo_token(kind: str) -> Fault:
    """Cloudflare-like errors quoting the Authorization header the client sent (a proxy or stand-in can)."""
    def respond(request: Request) -> Response:
        sent = request.headers.get("Authorization", "")
        if kind == "403":
            return failure(403, 9109, f"Invalid access token {sent}")
        if kind == "400":
            return failure(400, 6003, f"Invalid request headers: {sent}")
        return Response(f"token {sent}", status=401, content_type="text/plain")
    return respond


def html_page(status: int, size: int = 100) -> Fault:
    """An HTML page (a captive portal, a wrong base URL, an error page) of about `size` bytes."""
    return lambda request: Response("<html><body>" + "x" * size + "</body></html>", status=status,
                                    content_type="text/html")


def errors(status: int, entries: list[dict[str, Any]]) -> Fault:
    body = {"success": False, "errors": entries, "messages": [], "result": None}
    return lambda request: Response(json.dumps(body), status=status, content_type="application/json")


def raw(body: str, status: int = 200) -> Fault:
    """A body as given, labelled JSON (JSON cut off, or JSON in another shape)."""
    return lambda request: Response(body, status=status, content_type="application/json")


def denied() -> Fault:
    return lambda request: failure(403, 10000, "Authentication error")


def first_page_only(items: list[dict[str, Any]]) -> Fault:
    """A list that ignores `page`: every request gets page 1 again."""
    return lambda request: answer(items, page=1, per_page=500, count=len(items), total_count=len(items))


def endless_pages() -> Fault:
    """Every page new and full: a list that never ends."""
    def respond(request: Request) -> Response:
        page = int(request.args.get("page", 1))
        record = {"id": f"{page:032x}", "name": f"h{page}.example.net", "type": "A", "content": "192.0.2.1", "ttl": 1}
        return answer([record], page=page, per_page=500, count=1)
    return respond


def same_cursor() -> Fault:
    """A cursor list whose next cursor is always the same."""
    ruleset = {"id": "1b1f0c3a6f3e4d5c8a9b0c1d2e3f4a5b", "name": "DDoS", "kind": "managed", "phase": "ddos_l7"}
    return lambda request: answer([ruleset], cursor="same")


def drip(interval: float, limit: float = 30.0) -> Fault:
    """Headers at once, then the body one byte every `interval` seconds (for `limit` seconds at most)."""
    def body() -> Iterator[bytes]:
        yield b'{"success": true, "errors": [], "messages": [], "result": ['
        for _ in range(int(limit / interval)):
            time.sleep(interval)
            yield b" "
    return lambda request: Response(body(), content_type="application/json")


def encoded(body: bytes, encoding: str, asked: list[str] | None = None) -> Fault:
    """`body` as given, labelled JSON in `encoding` (a gzip bomb: small on the wire, huge decoded); each
    request's Accept-Encoding is appended to `asked`."""
    def respond(request: Request) -> Response:
        if asked is not None:
            asked.append(request.headers.get("Accept-Encoding", ""))
        return Response(body, content_type="application/json", headers={"Content-Encoding": encoding})
    return respond


@functools.cache
def bomb_body() -> bytes:
    """64 MiB of JSON (an envelope padded with spaces) in about 64 KB of gzip: twice the client's cap, decoded."""
    return gzip.compress(b'{"success": true, "errors": [], "result": [' + b" " * (64 << 20) + b"]}")


def gzip_bomb() -> Fault:
    return lambda request: encoded(bomb_body(), "gzip")(request)


def too_many(times: int, retry_after: str) -> Fault:
    """429 with Retry-After for the first `times` requests, then the usual answers."""
    left = [times]

    def respond(request: Request) -> Response | None:
        if left[0] <= 0:
            return None
        left[0] -= 1
        body = {"success": False, "errors": [{"code": 10013, "message": "Rate limited"}], "result": None}
        return Response(json.dumps(body), status=429, headers={"Retry-After": retry_after},
                        content_type="application/json")
    return respond
