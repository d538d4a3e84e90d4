"""Plan rows for app links: the files each host serves and the callbacks (plan table, Markdown, handover)."""

from __future__ import annotations

from launchready.core.plan import DomainPlan
from launchready.core.plan.app_links_model import APP_LINKS_TTL, CONTENT_TYPE

APP_LINK_COLUMNS = ("url", "for", "serve as", "names")


def document_names(plan: DomainPlan, kind: str) -> str:
    links = plan.app_links
    if links is None:
        return ""
    if kind == "apple":
        return ", ".join(links.app_ids)
    return ", ".join(f"{target.package} ({len(target.fingerprints)} certificate(s))" for target in links.android)


def app_link_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    links = plan.app_links
    if links is None:
        return []
    serve = f"200, {CONTENT_TYPE}, no redirect, edge TTL {APP_LINKS_TTL}s"
    rows: list[tuple[str, ...]] = [(d.url, "Universal Links" if d.kind == "apple" else "Android App Links", serve,
             document_names(plan, d.kind)) for d in links.documents]
    rows += [(url, "sign-in callback", "HTTPS, 2xx, never off this host", "") for url in links.callbacks]
    return rows


def markdown_documents(plan: DomainPlan) -> list[str]:
    """Each distinct file once, as the JSON to serve (`launchready applinks --write DIR` writes them)."""
    if plan.app_links is None or not plan.app_links.documents:
        return []
    lines = ["", "### App-link files (serve exactly this JSON)"]
    for path in plan.app_links.paths:
        document = next(d for d in plan.app_links.documents if d.path == path)
        lines += ["", f"`{path}`:", "", "```json", document.body.rstrip("\n"), "```"]
    return lines
