"""The monitor Worker of a ProductDomain (monitoring.engine: worker): the script, a cron trigger that
runs it every minute, and the KV namespace that keeps each check's state.

A child builder (see components.scope), run by components.operations. Webhook URLs reach Cloudflare
only as `secret_text` bindings wrapped in Output.secret, so Pulumi state keeps them encrypted and the
Worker's plain config never holds them (Cloudflare "Secrets" for Workers and the multipart upload
metadata's `secret_text` binding; Pulumi "Secrets"; read 2026-11).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_cloudflare as cloudflare

from components.scope import DomainScope, Exports
from launchready.core.monitor import worker_source
from launchready.core.naming import monitor_name
from launchready.core.plan.monitor_model import MonitorWorker


def secret_bindings(worker: MonitorWorker) -> list[dict[str, Any]]:
    """One secret_text binding per webhook channel; the value is opaque here (it may already be a
    Pulumi secret from a `secure:` stack value) and is always wrapped again as a secret."""
    encrypted = [channel.kind for channel in worker.webhooks if channel.url is None]
    if encrypted:
        raise pulumi.RunError(f"monitoring: the {', '.join(encrypted)} webhook is still encrypted ({{secure: ...}}); "
                              "run the program through `pulumi up`, which decrypts stack secrets")
    return [{"name": channel.secret_binding, "type": "secret_text", "text": pulumi.Output.secret(channel.url)}
            for channel in worker.webhooks]


def build_monitor_worker(scope: DomainScope, worker: MonitorWorker, account: pulumi.Input[str]) -> Exports:
    namespace = cloudflare.WorkersKvNamespace(monitor_name("state", scope.name), account_id=account,
                                              title=worker.kv_title, opts=scope.opts())
    bindings = worker.plain_bindings(namespace.id) + secret_bindings(worker)
    script = cloudflare.WorkersScript(
        monitor_name("script", scope.name), account_id=account, script_name=worker.script_name,
        content=worker_source(), main_module=worker.main_module, compatibility_date=worker.compatibility_date,
        bindings=bindings, opts=scope.opts())  # type: ignore[arg-type]
    cloudflare.WorkersCronTrigger(
        monitor_name("cron", scope.name), account_id=account, script_name=script.script_name,
        schedules=[{"cron": worker.cron}], opts=scope.opts())
    return {"monitor_script": script.script_name}
