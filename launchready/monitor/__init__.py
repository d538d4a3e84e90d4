"""The uptime monitor Worker (worker.js, shipped as package data) and what the Python side shares
with it: the compatibility date it is deployed with and its source text."""

from __future__ import annotations

from importlib import resources

COMPATIBILITY_DATE = "2026-11-01"
"""The Workers runtime behaviour the script is written for (Cloudflare "Compatibility dates", read
2026-11); the same date runs it in workerd in the tests."""
CRON_EVERY_MINUTE = "* * * * *"
SCRIPT_MODULE = "worker.js"


def worker_source() -> str:
    return resources.files(__package__).joinpath(SCRIPT_MODULE).read_text(encoding="utf-8")
