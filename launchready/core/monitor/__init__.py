"""The uptime monitor Worker (worker.js, shipped as package data), the alert payloads the Python side
builds exactly as the Worker does (payloads.py), and the test alert (alerts.py)."""

from __future__ import annotations

from importlib import resources

from launchready.core.plan.monitor_model import COMPATIBILITY_DATE, SCRIPT_MODULE

__all__ = ["COMPATIBILITY_DATE", "worker_source"]


def worker_source() -> str:
    return resources.files(__package__).joinpath(SCRIPT_MODULE).read_text(encoding="utf-8")
