"""`preflight --online`: ask Cloudflare what the stack's API token is and what it may do.

Calls (Cloudflare API v4, read 2026-11): GET /user/tokens/verify (status: active, disabled or expired;
account-owned `cfat_` tokens use /accounts/{account_id}/tokens/verify), GET /user/tokens/{id} (its
policies; needs the token's own "API Tokens Read", so a 403 is expected and reported, not an error),
and GET /zones?name= to learn zone ids and to see whether the token reaches a sibling stack's zone.
The base URL comes from CLOUDFLARE_API_BASE_URL (tests point it at a loopback stand-in). Requests go
through the transport `adopt --from-cloudflare` uses (launchready.cfapi.transport): each one ends within
REQUEST_SECONDS as a whole, headers and body, however slowly the server drips its answer (httpx's own
timeout bounds each read, not the request), and its answer is read to MAX_ANSWER_BYTES at most, counted
decoded (a gzip bomb stops at the cap), through the proxy the environment names (launchready.cfapi.proxies).
Not through the API limiter: its 429 waits could hold preflight for minutes, and a 429 here is a reason
the token went unchecked. Answers are read by the one JSON reader (launchready.core.inputs.jsondoc: no
NaN, no nesting deeper than an answer has), and nothing from them but status words, ids and group names is
shown.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from launchready.core.errors import InputError

if TYPE_CHECKING:
    import httpx

BASE_URL_VARIABLE = "CLOUDFLARE_API_BASE_URL"
DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"
MAX_ANSWER_BYTES = 1_000_000
NOT_THE_API = f"is {BASE_URL_VARIABLE} Cloudflare's API? (a proxy or captive portal answers so too)"
TIMEOUT_SECONDS = 10.0
"""Seconds one connect, write or read may wait."""
REQUEST_SECONDS = 30.0
"""Seconds one request may take in all; a token's answers are a few kilobytes."""


class ApiUnreachable(Exception):
    """The API could not be asked (network, timeout, an answer that is not Cloudflare's JSON)."""


@dataclass(frozen=True)
class Answer:
    status: int
    success: bool
    result: Any
    codes: tuple[int, ...]


def api_base(variables: Mapping[str, str]) -> str:
    """The API base URL: https, or http on a loopback address only (a test stand-in)."""
    url = variables.get(BASE_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme == "https" and host or parts.scheme == "http" and loopback:
        return url.rstrip("/")
    raise InputError(f"{BASE_URL_VARIABLE}: {host or url[:60]!r} is not an https URL (plain http is allowed on "
                     "loopback only); unset it to use Cloudflare's API")


class CloudflareApi:
    """A small bearer-token client; the token is sent as a header and never logged or returned."""

    def __init__(self, base_url: str, token: str) -> None:
        self.seconds = REQUEST_SECONDS
        self._client = deadline_client(base_url, {"Authorization": f"Bearer {token}", "Accept": "application/json"},
                                       self.seconds)

    def __enter__(self) -> CloudflareApi:
        return self

    def __exit__(self, *_: object) -> None:
        self._client.close()

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Answer:
        response = self.send(path, params)
        document = read_document(response.content, f"the answer to GET {path} (HTTP {response.status_code})")
        errors = document.get("errors")
        codes = tuple(e["code"] for e in errors if isinstance(e, dict) and isinstance(e.get("code"), int)) \
            if isinstance(errors, list) else ()
        return Answer(response.status_code, document.get("success") is True, document.get("result"), codes)

    def send(self, path: str, params: Mapping[str, str] | None) -> httpx.Response:
        """The whole answer, read within the deadline and the cap; ApiUnreachable saying why not."""
        import httpx

        from launchready.cfapi.decoding import AnswerRefused

        try:
            return self._client.get(path, params=params)
        except httpx.TimeoutException:
            raise ApiUnreachable(f"no whole answer to GET {path} within {self.seconds:g} s: the server answers too "
                                 "slowly, or not at all") from None
        except AnswerRefused as exc:
            raise ApiUnreachable(f"the answer to GET {path} is refused: {exc}") from None
        except httpx.HTTPError as exc:
            raise ApiUnreachable(f"{type(exc).__name__} on GET {path}") from None

    def zone_id(self, name: str) -> str | None:
        """The id of the zone `name` when this token can see it."""
        answer = self.get("/zones", {"name": name})
        zones = answer.result if answer.success and isinstance(answer.result, list) else []
        found = [z.get("id") for z in zones if isinstance(z, dict) and z.get("name") == name]
        return found[0] if found and isinstance(found[0], str) else None


def deadline_client(base_url: str, headers: dict[str, str], seconds: float) -> httpx.Client:
    """An httpx client whose requests end within `seconds` and whose answers stop at MAX_ANSWER_BYTES decoded
    (launchready.cfapi.transport), through the proxy HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY name."""
    import httpx

    from launchready.cfapi.proxies import environment_proxies, proxy_mounts
    from launchready.cfapi.transport import DeadlineTransport

    def through(proxy: str | None) -> httpx.BaseTransport:
        return DeadlineTransport(seconds, max_body=MAX_ANSWER_BYTES, proxy=proxy)

    return httpx.Client(base_url=base_url, transport=through(None), mounts=proxy_mounts(environment_proxies(), through),
                        timeout=TIMEOUT_SECONDS, follow_redirects=False, headers=headers)


def read_document(body: bytes, source: str) -> dict[str, Any]:
    """The answer's JSON object, read by the one JSON reader; ApiUnreachable saying where it is wrong."""
    from launchready.core.inputs.jsondoc import load_json

    try:
        document = load_json(body.decode("utf-8"), source, NOT_THE_API)
    except UnicodeDecodeError as exc:
        raise ApiUnreachable(f"{source} is not UTF-8 text (byte offset {exc.start}); {NOT_THE_API}") from None
    except InputError as exc:  # the depth refusal has no hint of its own
        said = str(exc)
        raise ApiUnreachable(said if NOT_THE_API in said else f"{said}; {NOT_THE_API}") from None
    if not isinstance(document, dict):
        raise ApiUnreachable(f"{source} is JSON that is not an object; {NOT_THE_API}")
    return document
