"""One limiter for every Cloudflare API call of a process, so a portfolio run stays inside the account's
allowance and backs off when told to.

Cloudflare documents (developers.cloudflare.com/fundamentals/api/reference/limits, read 2026-11): "The
global rate limit for the Cloudflare API is 1,200 requests per five minute period per user ... If you
exceed this limit, all API calls for the next five minutes will be blocked, receiving a HTTP 429", and a
throttled answer carries `retry-after`, "the number of seconds, rounded up, until more capacity is
available". The limiter keeps a sliding window of the last 1,200 requests (never the 1,201st within five
minutes) and, on a 429, pauses every caller for Retry-After seconds (RFC 9110 §10.2.3: seconds or an
HTTP date), then sends the request again, a few times at most; a wait longer than `max_wait` is not
slept: the 429 goes back to the caller, whose message says when to retry.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx

REQUESTS_PER_WINDOW = 1200
WINDOW_SECONDS = 300.0
"""1,200 requests per five minutes per user (read 2026-11)."""
RETRIES = 3
MAX_WAIT = 300.0
"""Cloudflare blocks for five minutes at most after the limit is exceeded."""


class ApiLimiter:
    """A sliding-window request limiter with a shared pause, safe across threads."""

    def __init__(self, limit: int = REQUESTS_PER_WINDOW, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.limit, self.window = limit, window
        self.clock, self.sleep = clock, sleep
        self.sent: deque[float] = deque()
        self.paused_until = 0.0
        self.lock = threading.Lock()
        self.waited: list[float] = []
        """Every wait taken, in seconds (for the tests and a slow run's explanation)."""

    def acquire(self) -> None:
        """Block until one more request fits the window and no pause is in force, then count it."""
        while True:
            with self.lock:
                now = self.clock()
                while self.sent and self.sent[0] <= now - self.window:
                    self.sent.popleft()
                wait = max(self.paused_until - now,
                           self.sent[0] + self.window - now if len(self.sent) >= self.limit else 0.0)
                if wait <= 0:
                    self.sent.append(now)
                    return
            self.waited.append(wait)
            self.sleep(wait)

    def pause(self, seconds: float) -> None:
        with self.lock:
            self.paused_until = max(self.paused_until, self.clock() + seconds)


def retry_after(response: httpx.Response, attempt: int) -> float:
    """Seconds the server asked to wait (delta-seconds or an HTTP date); 2**attempt when it did not say."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return float(2 ** attempt)


class LimitedTransport(httpx.BaseTransport):
    """An httpx transport that sends through the limiter and answers 429 by waiting and sending again."""

    def __init__(self, limiter: ApiLimiter, inner: httpx.BaseTransport | None = None, retries: int = RETRIES,
                 max_wait: float = MAX_WAIT) -> None:
        self.limiter, self.inner = limiter, inner or httpx.HTTPTransport()
        self.retries, self.max_wait = retries, max_wait

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        for attempt in range(self.retries + 1):
            self.limiter.acquire()
            response = self.inner.handle_request(request)
            if response.status_code != 429 or attempt == self.retries:
                return response
            wait = retry_after(response, attempt)
            if wait > self.max_wait:
                return response
            response.read()
            response.close()
            self.limiter.pause(wait)
        raise AssertionError("unreachable: the last attempt returns")

    def close(self) -> None:
        self.inner.close()


SHARED = ApiLimiter()
"""The process's limiter: every Cloudflare client built by `http_client` counts against it."""


def http_client(timeout: float, limiter: ApiLimiter | None = None) -> httpx.Client:
    """The httpx client to give the `cloudflare` SDK (`http_client=`), sending through the limiter."""
    return httpx.Client(transport=LimitedTransport(limiter or SHARED), timeout=timeout)
