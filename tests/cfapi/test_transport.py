"""The transport every Cloudflare API client sends through: a request ends by its deadline as a whole,
however the server drips its answer, and an answer larger than any API answer is cut off, counted as
decoded (a gzip bomb is small on the wire)."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from launchready.cfapi.decoding import AnswerTooLarge, UnreadableAnswer
from launchready.cfapi.transport import MAX_BODY, DeadlineTransport
from tests.cloudflare_faults import bomb_body, drip, encoded, gzip_bomb
from tests.cloudflare_standin import CloudflareStandIn, serve

TOKEN = "standin-token-81f2"


@pytest.fixture
def standin() -> CloudflareStandIn:
    made = CloudflareStandIn(TOKEN)
    made.add_zone("023e105f4ecef8ad9ca31a8372d0c353", "example.net")
    return made


@pytest.fixture
def url(standin: CloudflareStandIn) -> Iterator[str]:
    with serve(standin) as base:
        yield base


def get(url: str, transport: DeadlineTransport, read_timeout: float = 1.0) -> httpx.Response:
    with httpx.Client(transport=transport, timeout=read_timeout) as client:
        return client.get(f"{url}/zones", headers={"Authorization": f"Bearer {TOKEN}"})


def test_a_dripped_answer_ends_at_the_deadline_not_never(standin: CloudflareStandIn, url: str) -> None:
    standin.fault("/zones", drip(0.2))  # each byte within the 1 s read timeout: only a deadline ends it
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        get(url, DeadlineTransport(seconds=1.5))
    assert 1.4 < time.monotonic() - started < 3


def test_a_prompt_answer_is_read_whole(url: str) -> None:
    response = get(url, DeadlineTransport(seconds=5))
    assert response.status_code == 200 and response.json()["result"][0]["name"] == "example.net"


def test_an_answer_larger_than_the_cap_is_cut_off(url: str) -> None:
    with pytest.raises(AnswerTooLarge):
        get(url, DeadlineTransport(seconds=5, max_body=100))


def test_a_gzip_bomb_is_cut_off_at_the_cap_counted_decoded(standin: CloudflareStandIn, url: str) -> None:
    assert len(bomb_body()) < 100_000
    standin.fault("/zones", gzip_bomb())
    with pytest.raises(AnswerTooLarge, match=f"more than {MAX_BODY:,} bytes"):
        get(url, DeadlineTransport(seconds=30))


def test_a_gzip_answer_is_read_decoded_and_asks_for_what_it_can_decode(standin: CloudflareStandIn,
                                                                        url: str) -> None:
    asked: list[str] = []
    body = json.dumps({"success": True, "errors": [], "result": [{"name": "example.net"}]}).encode()
    standin.fault("/zones", encoded(gzip.compress(body), "gzip", asked))
    response = get(url, DeadlineTransport(seconds=5))
    assert response.json()["result"] == [{"name": "example.net"}] and asked == ["gzip, deflate"]
    assert "content-encoding" not in response.headers and response.headers["content-length"] == str(len(body))


@pytest.mark.parametrize(("body", "encoding", "said"), [
    (b"\x1b\x00\x00", "br", "encoded as br, which it was not asked for"),
    (b"not gzip at all", "gzip", "gzip data that does not decode"),
], ids=["brotli", "corrupt"])
def test_an_answer_in_an_encoding_it_cannot_read_is_refused(standin: CloudflareStandIn, url: str, body: bytes,
                                                            encoding: str, said: str) -> None:
    standin.fault("/zones", encoded(body, encoding))
    with pytest.raises(UnreadableAnswer, match=said):
        get(url, DeadlineTransport(seconds=5))
