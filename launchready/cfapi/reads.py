"""Read-only calls to the Cloudflare API through the official `cloudflare` SDK, each answer checked
before it is used.

The SDK builds each request (path, auth, query) and raises on an error status; its raw response
(`with_raw_response`, cloudflare-python 4+) is read here instead of its parsed models, so an answer that
is not the API's (an HTML page from a wrong --api-base-url or a captive portal, JSON cut off, another
shape, NaN or nesting no answer has: read by the one JSON reader) is a message naming the call, never a
traceback or a pydantic warning. The v4 envelope is
`{success, errors, messages, result, result_info}` (Cloudflare API docs, "Make API calls", read 2026-11).

Pages are followed here too, with two guards the SDK's iterators lack (they ask for the next page until
one comes back empty, or follow `result_info.cursor` until there is none: cloudflare-python
pagination.py, read 2026-11): a page or cursor seen before ends the read, and so does MAX_PAGES.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from launchready.cfapi.errors import HTML_PAGE, Call, Site, answer_error, is_html, status_error, transport_error
from launchready.core.errors import InputError
from launchready.core.inputs.jsondoc import load_json

if TYPE_CHECKING:
    import httpx

PER_PAGE = 500
MAX_RECORDS = 100_000
"""Far above any zone: Cloudflare allows 200 DNS records on a Free zone (1,000 on one made before
2024-09-01) and 3,500 on Pro, Business and Enterprise, more only on request (Cloudflare DNS docs,
"DNS FAQ › Is there a limit to the number of DNS records I can create?", read 2026-11)."""
NOT_JSON = "cut off on the way, or not the API's; try again, and check --api-base-url"
MAX_PAGES = MAX_RECORDS // PER_PAGE
"""Pages of one list at most (200, so one list stays well inside the 1,200 requests per 5 minutes)."""


class Reader:
    """Sends reads for one site and returns their `result`, or raises InputError naming the call."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def send(self, call: Call, method: Callable[..., Any], *args: Any, **params: Any) -> httpx.Response:
        """One SDK call (a `with_raw_response` method); its HTTP response, whatever its body."""
        import cloudflare

        try:
            return method(*args, **params).http_response  # type: ignore[no-any-return]
        except cloudflare.APIStatusError as exc:
            raise status_error(exc, call, self.site) from None
        except cloudflare.CloudflareError as exc:
            raise transport_error(exc, call, self.site) from None

    def envelope(self, call: Call, response: httpx.Response) -> dict[str, Any]:
        """The answer's JSON envelope, checked: JSON, an object, `success` not false."""
        text = response.text
        if is_html(response, text):
            raise answer_error(call, response, self.site, HTML_PAGE + " (a proxy or captive portal answers so too)")
        body = self.parsed(call, response, text)
        if not isinstance(body, dict) or "result" not in body:
            raise answer_error(call, response, self.site, "JSON without the API's envelope ({success, errors, "
                               "result}): is --api-base-url right?")
        if body.get("success") is False:
            raise answer_error(call, response, self.site, f"success: false ({self.detail(body)})")
        return body

    def parsed(self, call: Call, response: httpx.Response, text: str) -> Any:
        """The answer read by the one JSON reader (core.inputs.jsondoc: no NaN or Infinity, no nesting
        deeper than any answer), or a message naming its line and column."""
        try:
            return load_json(text, f"an answer of {len(text):,} characters", NOT_JSON)
        except InputError as exc:  # the depth refusal carries no hint of its own
            said = str(exc)
            raise answer_error(call, response, self.site, said if NOT_JSON in said else f"{said}; {NOT_JSON}") from None

    def detail(self, body: dict[str, Any]) -> str:
        from launchready.cfapi.errors import error_entries

        errors = body.get("errors")
        return error_entries(errors, self.site) if isinstance(errors, list) and errors else "no error detail"

    def shape(self, call: Call, response: httpx.Response, problem: str) -> InputError:
        return answer_error(call, response, self.site, f"{problem}: not the API's shape; is --api-base-url right?")

    def one(self, call: Call, method: Callable[..., Any], *args: Any, **params: Any) -> dict[str, Any]:
        """A call whose `result` is one object."""
        response = self.send(call, method, *args, **params)
        result = self.envelope(call, response)["result"]
        if not isinstance(result, dict):
            raise self.shape(call, response, f"a result that is {kind(result)}, not an object")
        return result

    def listed(self, call: Call, response: httpx.Response) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """A list call's items (each an object) and its envelope."""
        body = self.envelope(call, response)
        result = body["result"]
        if result is None:
            return [], body
        if not isinstance(result, list):
            raise self.shape(call, response, f"a result that is {kind(result)}, not a list")
        if odd := [item for item in result if not isinstance(item, dict)]:
            raise self.shape(call, response, f"a result list holding {kind(odd[0])} among its objects")
        return result, body

    def first_page(self, call: Call, method: Callable[..., Any], **params: Any) -> list[dict[str, Any]]:
        return self.listed(call, self.send(call, method, **params))[0]

    def numbered_pages(self, call: Call, method: Callable[..., Any], **params: Any) -> list[dict[str, Any]]:
        """Every item of a `page`/`per_page` list: pages until an empty one, none repeated, MAX_PAGES at most."""
        items: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for page in range(1, MAX_PAGES + 1):
            response = self.send(call, method, page=page, per_page=PER_PAGE, **params)
            chunk = self.listed(call, response)[0]
            if not chunk:
                return items
            mark = hashlib.sha256(json.dumps(chunk, sort_keys=True).encode()).hexdigest()
            if mark in seen:
                raise answer_error(call, response, self.site, f"page {page} the same as page {seen[mark]}: the server "
                                   "ignores `page`, so the list would never end; is --api-base-url right?")
            seen[mark] = page
            items.extend(chunk)
        raise self.endless(call, f"{MAX_PAGES} pages of {PER_PAGE}")

    def cursor_pages(self, call: Call, method: Callable[..., Any], **params: Any) -> list[dict[str, Any]]:
        """Every item of a cursor list: `result_info.cursor` followed until empty, none twice, MAX_PAGES at most."""
        items: list[dict[str, Any]] = []
        seen: set[str] = set()
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            response = self.send(call, method, **params, **({"cursor": cursor} if cursor else {}))
            chunk, body = self.listed(call, response)
            items.extend(chunk)
            info = body.get("result_info")
            cursor = info.get("cursor") if isinstance(info, dict) else None
            if not cursor or not isinstance(cursor, str):
                return items
            if cursor in seen:
                raise answer_error(call, response, self.site, "a cursor it gave before: its pages go round in a "
                                   "circle, so the list would never end; is --api-base-url right?")
            seen.add(cursor)
        raise self.endless(call, f"{MAX_PAGES} pages")

    def endless(self, call: Call, pages: str) -> InputError:
        return InputError(f"the Cloudflare API at {self.site.shown} did not finish {call.name} after {pages}: more "
                          f"than {MAX_RECORDS:,} items, far more than a zone holds (Cloudflare allows 3,500 DNS "
                          "records, more only on request); stopped so the run does not use up the 1,200 requests "
                          "per 5 minutes; is --api-base-url right?")


def kind(value: object) -> str:
    """A JSON value's kind for a message, never the value itself."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")
