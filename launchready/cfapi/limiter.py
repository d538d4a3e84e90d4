"""One limiter for every Cloudflare API call of a process, so a portfolio run stays inside the account's
allowance and backs off when told to.

Cloudflare documents (developers.cloudflare.com/fundamentals/api/reference/limits, read 2026-11): "The
global rate limit for the Cloudflare API is 1,200 requests per five minute period per user ... If you
exceed this limit, all API calls for the next five minutes will be blocked, receiving a HTTP 429", and a
throttled answer carries `retry-after`, "the number of seconds, rounded up, until more capacity is
available". The limiter keeps a sliding window of the last 1,200 requests (never the 1,201st within five
minutes) and, on a 429, pauses every caller for Retry-After seconds (RFC 9110 §10.2.3: seconds or an
HTTP date), then sends the request again, a few times at most; a wait longer than `max_wait` is not
slept: the 429 goes back to the caller, whose message says when to retry. Every wait is said on stderr
as it starts (once per wait, with its seconds), so a run that backs off for a minute is never silent.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from launchready.cfapi.transport import REQUEST_DEADLINE, DeadlineTransport

REQUESTS_PER_WINDOW = 1200
WINDOW_SECONDS = 300.0
"""1,200 requests per five minutes per user (read 2026-11)."""
RETRIES = 3
MAX_WAIT = 300.0
"""Cloudflare blocks for five minutes at most after the limit is exceeded."""


def on_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def shown_seconds(wait: float) -> int:
    return max(1, round(wait))


class ApiLimiter:
    """A sliding-window request limiter with a shared pause, safe across threads."""

    def __init__(self, limit: int = REQUESTS_PER_WINDOW, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 notice: Callable[[str], None] = on_stderr) -> None:
        self.limit, self.window = limit, window
        self.clock, self.sleep, self.notice = clock, sleep, notice
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
                full = self.sent[0] + self.window - now if len(self.sent) >= self.limit else 0.0
                wait = max(self.paused_until - now, full)
                if wait <= 0:
                    self.sent.append(now)
                    return
            if full >= wait:  # a 429's pause was said by the transport that took it
                self.notice(f"Cloudflare API: {self.limit:,} requests in {self.window / 60:g} minutes, the "
                            f"allowance; waiting {shown_seconds(wait)} s before the next one")
            self.waited.append(wait)
            self.sleep(wait)

    def pause(self, seconds: float) -> None:
        with self.lock:
            self.paused_until = max(self.paused_until, self.clock() + seconds)


def retry_date(value: str) -> datetime | None:
    """An HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms), in UTC."""
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def retry_after(response: httpx.Response, attempt: int) -> float:
    """Seconds the server asked to wait (RFC 9110 §10.2.3: delta-seconds or an HTTP-date); 2**attempt
    when it did not say."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    when = retry_date(value)
    return float(2 ** attempt) if when is None else max(0.0, when.timestamp() - time.time())


def retry_when(response: httpx.Response) -> str:
    """When to retry, for a message: `after 60 seconds`, `after 2037-10-21 07:28:00 UTC`, or, when the
    server said nothing usable, in five minutes at most (the longest Cloudflare blocks)."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit() and len(value) <= 9:
        return f"after {int(value)} second{'s' if int(value) != 1 else ''}"
    when = retry_date(value)
    return f"after {when:%Y-%m-%d %H:%M:%S} UTC" if when else "in five minutes (Cloudflare blocks that long at most)"


class LimitedTransport(httpx.BaseTransport):
    """An httpx transport that sends through the limiter and answers 429 by waiting and sending again."""

    def __init__(self, limiter: ApiLimiter, inner: httpx.BaseTransport | None = None, retries: int = RETRIES,
                 max_wait: float = MAX_WAIT) -> None:
        self.limiter, self.inner = limiter, inner or DeadlineTransport()
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
            self.limiter.notice(f"Cloudflare API: HTTP 429 (rate limited) on {request.method} {request.url.path}; "
                                f"waiting {shown_seconds(wait)} s {said(response)}, then sending it again "
                                f"(retry {attempt + 1} of {self.retries})")
            self.limiter.pause(wait)
        raise AssertionError("unreachable: the last attempt returns")

    def close(self) -> None:
        self.inner.close()


SHARED = ApiLimiter()
"""The process's limiter: every Cloudflare client built by `http_client` counts against it."""


def said(response: httpx.Response) -> str:
    return "as its Retry-After asks" if "retry-after" in response.headers else "(it gave no Retry-After)"


def http_client(timeout: float, limiter: ApiLimiter | None = None, deadline: float = REQUEST_DEADLINE) -> httpx.Client:
    """The httpx client to give the `cloudflare` SDK (`http_client=`), sending through the limiter; each
    read waits `timeout` seconds at most, each request `deadline` seconds in all (transport.py), through
    the proxy HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY name, as httpx would (proxies.py)."""
    from launchready.cfapi.proxies import environment_proxies, proxy_mounts

    shared = limiter or SHARED

    def through(proxy: str | None) -> httpx.BaseTransport:
        return LimitedTransport(shared, DeadlineTransport(deadline, proxy=proxy))

    return httpx.Client(transport=through(None), mounts=proxy_mounts(environment_proxies(), through),
                        timeout=timeout)
