"""A small loopback stand-in for Cloudflare's API-token endpoints (on pytest-httpserver), kept apart from
any fuller Cloudflare API stand-in: GET /user/tokens/verify, GET /user/tokens/{id} and GET /zones?name=.

Shapes follow Cloudflare API v4 (read 2026-11): every answer is {"success", "errors", "messages",
"result"}; verify answers {"id", "status", "expires_on"}; token details carry `policies`, each with
`effect`, `permission_groups` [{"id", "name"}] and `resources` keyed com.cloudflare.api.account.zone.<id>
(or .zone.*, or com.cloudflare.api.account.<id> mapped to {"com.cloudflare.api.account.zone.*": "*"}).
A token reading its own details without API Tokens Read gets 403 with error 9109; an unknown token gets
401 with error 1000. A token sees a zone in /zones when its allow policies cover it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ZONE = "com.cloudflare.api.account.zone."
ACCOUNT = "com.cloudflare.api.account."
PREFIX = "/client/v4"


@dataclass
class StandinToken:
    id: str
    policies: list[dict[str, Any]]
    status: str = "active"
    readable: bool = True
    expires_on: str | None = None


@dataclass
class StandinZone:
    id: str
    account: str


def policy(resources: dict[str, Any], *groups: str) -> dict[str, Any]:
    return {"id": "f267e341f3dd4697bd3b9f71dd96247f", "effect": "allow", "resources": resources,
            "permission_groups": [{"id": f"{n:032x}", "name": name} for n, name in enumerate(groups)]}


def one_zone(zone_id: str, *groups: str) -> dict[str, Any]:
    return policy({ZONE + zone_id: "*"}, *groups)


def account_zones(account: str, *groups: str) -> dict[str, Any]:
    return policy({ACCOUNT + account: {ZONE + "*": "*"}}, *groups)


def envelope(status: int, result: Any = None, code: int | None = None, message: str = "") -> Response:
    errors = [{"code": code, "message": message}] if code else []
    body = {"success": code is None, "errors": errors, "messages": [], "result": result}
    return Response(json.dumps(body), status=status, content_type="application/json")


@dataclass
class TokenStandin:
    server: HTTPServer
    tokens: dict[str, StandinToken] = field(default_factory=dict)
    zones: dict[str, StandinZone] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server.expect_request(re.compile(f"^{PREFIX}/.*")).respond_with_handler(self.handle)

    @property
    def base_url(self) -> str:
        return self.server.url_for(PREFIX)

    def covers(self, token: StandinToken, zone: StandinZone) -> bool:
        for entry in token.policies:
            resources = entry["resources"] if entry["effect"] == "allow" else {}
            for key, value in resources.items():
                if key in (ZONE + "*", ZONE + zone.id) or key == ACCOUNT + zone.account and isinstance(value, dict):
                    return True
        return False

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix(PREFIX)
        self.asked.append(path)
        token = self.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
        if token is None:
            return envelope(401, code=1000, message="Invalid API Token")
        if path == "/user/tokens/verify":
            return envelope(200, {"id": token.id, "status": token.status, "expires_on": token.expires_on})
        if path == f"/user/tokens/{token.id}":
            if not token.readable:
                return envelope(403, code=9109, message="Unauthorized to access requested resource")
            return envelope(200, {"id": token.id, "name": "launch", "status": token.status,
                                  "policies": token.policies})
        if path == "/zones":
            name = request.args.get("name", "")
            zone = self.zones.get(name)
            seen = [{"id": zone.id, "name": name}] if zone and self.covers(token, zone) else []
            return envelope(200, seen)
        return envelope(404, code=7003, message="No route for that URI")
