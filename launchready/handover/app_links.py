"""The handover section on app links: which hosts serve which file, the callbacks, and how validation judged
each (the findings whose URL is that file or callback)."""

from __future__ import annotations

from launchready.core.findings import Report, Severity
from launchready.core.plan import DomainPlan
from launchready.core.plan.app_links_model import APP_LINKS_TTL
from launchready.handover.document import Block, Code, Paragraph, Section, table


def verdict(url: str, results: Report | None) -> str:
    if results is None:
        return "not validated in this report"
    found = [f for f in results.findings if f.url == url and f.check.startswith("mobile.")]
    if not found:
        return "not checked by the last validation"
    failing = sorted({f.check for f in found if f.severity is Severity.ERROR})
    return "FAIL: " + ", ".join(failing) if failing else f"PASS ({len(found)} checks)"


def rows(plan: DomainPlan, results: Report | None) -> list[tuple[str, ...]]:
    links = plan.app_links
    if links is None:
        return []
    found: list[tuple[str, ...]] = [(d.url, "Universal Links (iOS)" if d.kind == "apple" else "App Links (Android)",
              verdict(d.url, results)) for d in links.documents]
    return found + [(url, "sign-in callback", verdict(url, results)) for url in links.callbacks]


def app_links_section(plan: DomainPlan, results: Report | None) -> Section | None:
    links = plan.app_links
    if links is None:
        return None
    hosts = ", ".join(links.hosts) or "none (no app declared)"
    intro = Paragraph(f"App-link hosts: {hosts}. Each serves the files below itself (200, `application/json`, "
                      f"no redirect; Apple's CDN does not follow redirects), cached {APP_LINKS_TTL} s at the edge. "
                      "`launchready applinks --stack STACK --write DIR` writes them for the origin.")
    blocks: list[Block] = [intro, table(("URL", "for", "last validation"), rows(plan, results))]
    for path in links.paths:
        document = next(d for d in links.documents if d.path == path)
        blocks += [Paragraph(f"`{path}`:"), Code(document.body.rstrip("\n"), language="json")]
    return Section("app-links", "App links and sign-in callbacks", tuple(blocks))
