"""A check family for tests of `validate --jobs`: for the zone named in STOP, the worker process checking
it stops as a crash or the kernel's out-of-memory killer would stop it (`exit`, `kill`), blocks its event
loop so --deadline cannot end it (`hang`), or the family returns a finding that does not pickle
(`unpicklable`); every other zone passes at once. The tests register it in
validators.runner.FAMILIES before the run, and the forked workers inherit it."""

from __future__ import annotations

import os
import signal
import threading
import time

from launchready.core.findings import Finding, passed
from validators.context import CheckContext

STOP: dict[str, str] = {}
"""zone -> how its worker stops: "exit" (status 70), "kill" (SIGKILL), "hang" or "unpicklable"."""


async def check(ctx: CheckContext) -> list[Finding]:
    how = STOP.get(ctx.plan.zone)
    if how == "exit":
        os._exit(70)
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if how == "hang":
        time.sleep(60)  # the whole worker, event loop included: only the parent's guard ends it
    if how == "unpicklable":
        return [passed("stopping.lock", ctx.plan.zone, "holds a lock", observed=threading.Lock())]
    return []
