"""A stateful stand-in for the parts of the Cloudflare API v4 launchready reads and the provider writes:
zones, dns_records, rulesets (with their rules, by phase), DNSSEC and zone settings, on loopback.

It answers in the v4 envelope (`{success, errors, messages, result, result_info}`) and pages the way
the official `cloudflare` SDK expects (read 2026-11 from cloudflare-python's pagination.py): zones and
dns_records by `page`/`per_page` (V4PagePaginationArray: the SDK asks for the next page until one
comes back empty), rulesets by `cursor` (CursorPagination: it follows `result_info.cursor` until
there is none). Every request must carry `Authorization: Bearer <token>`; errors use Cloudflare's
codes (10000 authentication, 7003 no route, 10003 no entry point). State lives in memory, so a
test can seed a zone "made in the dashboard" and read back what was written.

`fault(path_end, respond)` makes it misbehave on purpose: `respond` answers the requests whose path
ends so (None: answer as usual), before authentication, so it sees what the client sent
(tests/cloudflare_faults.py holds the faults the hostile-server tests use).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from werkzeug import Request, Response
from werkzeug.routing import Map, Rule
from werkzeug.serving import make_server

STAMP = "2026-05-02T10:11:12.000000Z"
HSTS_YEAR = {"enabled": True, "max_age": 31536000, "include_subdomains": False, "preload": False, "nosniff": True}
DEFAULT_SETTINGS: dict[str, Any] = {
    "ssl": "strict", "always_use_https": "on", "min_tls_version": "1.2", "tls_1_3": "on",
    "automatic_https_rewrites": "on", "security_header": {"strict_transport_security": HSTS_YEAR},
}
"""The settings launchready reads, as a spec with the default `tls` plans them, so a test that is not about
settings sees none change; a test about them seeds the zone's (`zone.settings["ssl"] = "flexible"`)."""
RULESETS_PER_PAGE = 2
"""Small on purpose, so listing the rulesets of a seeded zone needs the cursor."""


@dataclass
class Zone:
    id: str
    name: str
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    rulesets: dict[str, dict[str, Any]] = field(default_factory=dict)
    dnssec: dict[str, Any] = field(default_factory=lambda: {"status": "disabled"})
    settings: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))

    def document(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "status": "active", "paused": False, "type": "full",
                "name_servers": ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
                "account": {"id": "01a7362d577a6c3019a474fd6f485823", "name": "Example"}}


def envelope(result: Any, **info: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    if info:
        body["result_info"] = info
    return body


def failure(status: int, code: int, message: str) -> Response:
    body = {"success": False, "errors": [{"code": code, "message": message}], "messages": [], "result": None}
    return Response(json.dumps(body), status=status, content_type="application/json")


def answer(result: Any, **info: Any) -> Response:
    return Response(json.dumps(envelope(result, **info)), content_type="application/json")


def paged(items: list[Any], request: Request, default: int = 100) -> Response:
    """page/per_page paging; a page past the end is empty, which ends the SDK's iteration."""
    page, per_page = int(request.args.get("page", 1)), int(request.args.get("per_page", default))
    chunk = items[(page - 1) * per_page: page * per_page]
    return answer(chunk, page=page, per_page=per_page, count=len(chunk), total_count=len(items))


Fault = Callable[[Request], Response | None]

ROUTES = Map([
    Rule("/client/v4/zones", endpoint="zones"),
    Rule("/client/v4/zones/<zone_id>", endpoint="zone"),
    Rule("/client/v4/zones/<zone_id>/dns_records", endpoint="records"),
    Rule("/client/v4/zones/<zone_id>/dns_records/<record_id>", endpoint="record"),
    Rule("/client/v4/zones/<zone_id>/rulesets", endpoint="rulesets"),
    Rule("/client/v4/zones/<zone_id>/rulesets/phases/<phase>/entrypoint", endpoint="entrypoint"),
    Rule("/client/v4/zones/<zone_id>/dnssec", endpoint="dnssec"),
    Rule("/client/v4/zones/<zone_id>/settings/<setting_id>", endpoint="setting"),
])


class CloudflareStandIn:
    """The API state and its WSGI app; `serve()` runs it on 127.0.0.1 on a free port."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.zones: dict[str, Zone] = {}
        self.requests: list[tuple[str, str]] = []
        self.ids = (f"{n:032x}" for n in itertools.count(0xA000))
        self.faults: list[tuple[str, Fault]] = []

    def fault(self, path_end: str, respond: Fault) -> None:
        """Answer requests whose path ends with `path_end` with `respond(request)`, unless it returns None."""
        self.faults.append((path_end, respond))

    def add_zone(self, zone_id: str, name: str) -> Zone:
        self.zones[zone_id] = Zone(zone_id, name)
        return self.zones[zone_id]

    def add_record(self, zone: Zone, **fields: Any) -> dict[str, Any]:
        record = {"id": next(self.ids), "zone_id": zone.id, "zone_name": zone.name, "proxied": False, "ttl": 1,
                  "settings": {}, "meta": {}, "comment": None, "tags": [], "created_on": STAMP,
                  "modified_on": STAMP, **fields}
        record["proxiable"] = record["type"] in ("A", "AAAA", "CNAME")
        zone.records[record["id"]] = record
        return record

    def add_entrypoint(self, zone: Zone, phase: str, rules: list[dict[str, Any]]) -> dict[str, Any]:
        """A zone entry point as the dashboard makes it: each rule gets an id, and its ref is its id."""
        stored = [{"id": (rule_id := next(self.ids)), "ref": rule_id, "version": "1", "last_updated": STAMP,
                   "enabled": True, **rule} for rule in rules]
        ruleset = {"id": next(self.ids), "name": "default", "description": "", "kind": "zone", "version": "1",
                   "last_updated": STAMP, "phase": phase, "rules": stored}
        zone.rulesets[ruleset["id"]] = ruleset
        return ruleset

    def add_managed(self, zone: Zone, phase: str, name: str) -> None:
        ruleset_id = next(self.ids)
        zone.rulesets[ruleset_id] = {"id": ruleset_id, "name": name, "description": "", "kind": "managed",
                                     "version": "71", "last_updated": STAMP, "phase": phase}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.requests.append((request.method, request.path))
        answers = (respond(request) for end, respond in self.faults if request.path.endswith(end))
        response = next((r for r in answers if r is not None), None) or self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return failure(403, 10000, "Authentication error")
        try:
            endpoint, args = ROUTES.bind_to_environ(request.environ).match()
        except Exception:  # werkzeug's NotFound / MethodNotAllowed
            return failure(404, 7003, "Could not route to the path, perhaps your object identifier is invalid?")
        if endpoint != "zones" and args["zone_id"] not in self.zones:
            return failure(404, 1001, "Invalid zone identifier")
        handler = getattr(self, f"on_{endpoint}")
        return handler(request, **args)  # type: ignore[no-any-return]

    def on_zones(self, request: Request) -> Response:
        name = request.args.get("name")
        zones = [z.document() for z in self.zones.values() if name in (None, z.name)]
        return paged(zones, request, default=20)

    def on_zone(self, request: Request, zone_id: str) -> Response:
        return answer(self.zones[zone_id].document())

    def on_records(self, request: Request, zone_id: str) -> Response:
        zone = self.zones[zone_id]
        if request.method == "POST":
            return answer(self.add_record(zone, **request.get_json()))
        return paged(sorted(zone.records.values(), key=lambda r: str(r.get("id"))), request)

    def on_record(self, request: Request, zone_id: str, record_id: str) -> Response:
        records = self.zones[zone_id].records
        if record_id not in records:
            return failure(404, 81044, "Record does not exist.")
        if request.method == "DELETE":
            return answer({"id": records.pop(record_id)["id"]})
        if request.method in ("PUT", "PATCH"):
            records[record_id].update(request.get_json())
        return answer(records[record_id])

    def on_rulesets(self, request: Request, zone_id: str) -> Response:
        """Listed without rules, as the API does; the cursor is the index of the next ruleset."""
        listed = [{k: v for k, v in r.items() if k != "rules"} for r in self.zones[zone_id].rulesets.values()]
        start = int(request.args.get("cursor") or 0)
        chunk = listed[start: start + RULESETS_PER_PAGE]
        more = start + RULESETS_PER_PAGE < len(listed)
        return answer(chunk, cursor=str(start + RULESETS_PER_PAGE) if more else "")

    def on_entrypoint(self, request: Request, zone_id: str, phase: str) -> Response:
        zone = self.zones[zone_id]
        found = next((r for r in zone.rulesets.values() if r["kind"] == "zone" and r["phase"] == phase), None)
        if request.method == "PUT":
            found = found or self.add_entrypoint(zone, phase, [])
            found["rules"] = [{"id": next(self.ids), "version": "1", "last_updated": STAMP, **rule}
                              for rule in request.get_json().get("rules", [])]
        if found is None:
            return failure(404, 10003, f"could not find entrypoint ruleset in the '{phase}' phase")
        return answer(found)

    def on_dnssec(self, request: Request, zone_id: str) -> Response:
        zone = self.zones[zone_id]
        if request.method == "PATCH":
            zone.dnssec.update(request.get_json())
        return answer(zone.dnssec)

    def on_setting(self, request: Request, zone_id: str, setting_id: str) -> Response:
        settings = self.zones[zone_id].settings
        if request.method == "PATCH":
            settings[setting_id] = request.get_json()["value"]
        if setting_id not in settings:
            return failure(400, 1003, "Invalid or missing zone setting")
        return answer({"id": setting_id, "value": settings[setting_id], "editable": True, "modified_on": STAMP})


@contextmanager
def serve(standin: CloudflareStandIn) -> Iterator[str]:
    """Serve on 127.0.0.1 (a free port) and yield the API base URL (`http://127.0.0.1:N/client/v4`)."""
    server = make_server("127.0.0.1", 0, standin, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/client/v4"
    finally:
        server.shutdown()
        thread.join(timeout=5)
