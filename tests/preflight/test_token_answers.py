"""`preflight --online` reads Cloudflare's answer through the one JSON reader (launchready.core.inputs.jsondoc):
an answer that is not JSON as RFC 8259 §6 has it (NaN, nested deeper than any API answer, not UTF-8) is a
clear reason the token went unchecked, naming line and column, never a traceback or a value taken as read."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from launchready.core.errors import InputError
from launchready.preflight.token_api import ApiUnreachable, CloudflareApi

DEEP = "[" * 50_000 + "]" * 50_000
"""Well under the 1 MB answer cap; Python's json module recurses and raises RecursionError near 1,000."""


@pytest.mark.parametrize(("body", "said"), [
    ('{"success": true, "errors": [], "result": {"id": NaN, "status": "active"}}',
     "not JSON (line 1, column 50: NaN is not a JSON value"),
    (DEEP, "line 1: nested more than 128 levels deep"),
    ('{"success": true, "result": {"status": "act\xffive"}}', "is not UTF-8 text (byte offset 43)"),
], ids=["nan", "deep", "latin-1"])
def test_an_answer_that_is_not_json_is_a_reason_not_a_traceback(httpserver: HTTPServer, body: str, said: str) -> None:
    httpserver.expect_request("/client/v4/user/tokens/verify").respond_with_data(
        body.encode("latin-1"), content_type="application/json")
    with CloudflareApi(httpserver.url_for("/client/v4"), "standin-token") as api, \
            pytest.raises(ApiUnreachable) as caught:
        api.get("/user/tokens/verify")
    message = str(caught.value)
    assert message.startswith("the answer to GET /user/tokens/verify (HTTP 200)") and said in message
    assert "CLOUDFLARE_API_BASE_URL" in message


def test_a_json_answer_is_read(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/client/v4/user/tokens/verify").respond_with_json(
        {"success": True, "errors": [{"code": 1000}], "result": {"status": "active"}})
    with CloudflareApi(httpserver.url_for("/client/v4"), "standin-token") as api:
        answer = api.get("/user/tokens/verify")
    assert answer.success and answer.result == {"status": "active"} and answer.codes == (1000,)


def test_a_socks_proxy_is_bad_input_not_an_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx applies the proxy variables to this client itself; one it cannot use is named, not a traceback."""
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALL_PROXY", "socks5://ops:proxy-pass-5d2a@127.0.0.1:1080")
    with pytest.raises(InputError, match="ALL_PROXY .or its lowercase form. names a socks5:// proxy") as caught:
        CloudflareApi("https://api.cloudflare.com/client/v4", "standin-token")
    assert "proxy-pass" not in str(caught.value)
