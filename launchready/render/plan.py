"""A plan as a handover table (text), the JSON contract, or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len

from launchready.core.contract import versioned
from launchready.core.dnsname import relative
from launchready.core.plan import DomainPlan
from launchready.render.app_links import APP_LINK_COLUMNS, app_link_rows, markdown_documents
from launchready.render.console import printed
from launchready.render.escape import md_code, md_text
from launchready.render.formats import DocumentFormat
from launchready.render.operations import MONITORING_COLUMNS, RATELIMIT_COLUMNS, monitoring_rows, ratelimit_rows


def ttl_text(ttl: int) -> str:
    return "auto" if ttl == 1 else f"{ttl}s"


CONTENT_WIDTH = 80
"""Longer content (DKIM keys) is elided in tables; the JSON plan always carries it whole."""


def shown_content(content: str) -> str:
    if len(content) <= CONTENT_WIDTH:
        return content
    return f"{content[:CONTENT_WIDTH - 20]}… ({len(content.encode())} bytes)"


def record_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    return [
        (relative(r.name, plan.zone), r.type,
         (f"{r.priority} " if r.priority is not None else "") + shown_content(r.content),
         ttl_text(r.ttl), "proxied" if r.proxied else "DNS only",
         r.source + (" (adopted, protected)" if r.key in plan.adopted_records else ""))
        for r in plan.records
    ]


def kept_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    adopted = set(plan.adopted_rules)
    return [(r.phase, r.ref + (" (adopted)" if r.ref in adopted else ""), r.action, r.expression, r.description)
            for r in plan.kept_rules]


def redirect_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    return [
        (f"https://{r.host}{r.source_path or '/*'}", r.target_url + ("" if r.source_path else "/*"),
         str(r.status), "kept" if r.keep_query else "dropped")
        for r in plan.redirects
    ]


def seconds_text(value: int | None) -> str:
    """A cache TTL: plain seconds (1 is one second here, not DNS's "automatic")."""
    return "-" if value is None else f"{value}s"


def cache_rows(plan: DomainPlan) -> list[tuple[str, ...]]:
    return [
        (r.ref, "cache" if r.cache else "bypass", seconds_text(r.edge_ttl), seconds_text(r.browser_ttl),
         r.description)
        for r in plan.cache_rules
    ]


def setting_rows(plan: DomainPlan) -> list[tuple[str, str]]:
    settings = plan.zone_settings
    rows = [(key, str(value)) for key, value in settings.as_cloudflare().items() if key != "security_header"]
    rows.append(("HSTS header", settings.hsts.header() or "off"))
    rows.append(("DNSSEC", "on (give the DS record to the registrar)" if plan.dnssec else "off"))
    return rows


SECTIONS = (
    ("DNS records", ("name", "type", "content", "TTL", "proxy", "from"), record_rows),
    ("Redirects (after http -> https on the same host)", ("from", "to", "status", "query"), redirect_rows),
    ("Cache rules (later rules win)", ("rule", "action", "edge TTL", "browser TTL", "what"), cache_rows),
    ("Zone settings", ("setting", "value"), setting_rows),
    ("Monitoring (uptime checks and who is alerted)", MONITORING_COLUMNS, monitoring_rows),
    ("Rate limits (http_ratelimit ruleset, counted per IP and data center)", RATELIMIT_COLUMNS, ratelimit_rows),
    ("App links and sign-in callbacks", APP_LINK_COLUMNS, app_link_rows),
    ("Kept rules (rules.keep: first in their phase, as Cloudflare holds them)",
     ("phase", "ref", "action", "expression", "description"), kept_rows),
)
OPTIONAL_SECTIONS = (monitoring_rows, ratelimit_rows, app_link_rows, kept_rows)
"""Shown only when the stack declares them."""


def sections(plan: DomainPlan) -> list[tuple[str, tuple[str, ...], Any]]:
    return [s for s in SECTIONS if s[2] not in OPTIONAL_SECTIONS or s[2](plan)]


def render_text(plan: DomainPlan, width: int = 170) -> str:
    """The handover table; laid out directly when every table fits the width unwrapped (rich's Table costs
    about a millisecond a row, 15 s for a 20,000-record zone), else by rich, which folds long cells."""
    fast = plain_tables(plan, width)
    return fast if fast is not None else rich_tables(plan, width)


def plain_tables(plan: DomainPlan, width: int) -> str | None:
    """The same text rich lays out for tables that fit (box=None, pad_edge=False: two spaces between
    columns, cells padded to the column's width, trailing spaces dropped as render.console.printed drops
    them); None when a cell or title would wrap."""
    lines = [f"Plan for stack {plan.stack or '?'}: zone {plan.zone}, canonical {plan.canonical_url}"]
    for title, columns, rows in sections(plan):
        body = [tuple(columns), *rows(plan)]
        if not all(cell.isprintable() for row in body for cell in row):
            return None
        widths = [max(cell_len(row[i]) for row in body) for i in range(len(columns))]
        total = sum(widths) + 2 * (len(widths) - 1)
        if total > width or cell_len(title) > total or cell_len(lines[0]) > width:
            return None
        lines += ["", title]
        lines += ["  ".join(padded(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in body]
    return "\n".join(lines) + "\n"


def padded(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def rich_tables(plan: DomainPlan, width: int) -> str:
    from rich.table import Table  # imported only here: about 60 ms that json and markdown never need
    from rich.text import Text

    items: list[Any] = [f"Plan for stack {plan.stack or '?'}: zone {plan.zone}, canonical {plan.canonical_url}"]
    for title, columns, rows in sections(plan):
        table = Table(title=title, title_justify="left", box=None, pad_edge=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows(plan):
            table.add_row(*(Text(cell) for cell in row))  # cells are data, never rich markup
        items += ["", table]
    return printed(*items, width=width)


def render_json(plan: DomainPlan) -> str:
    return json.dumps(versioned(plan.contract()), indent=2) + "\n"


def markdown_cell(text: str) -> str:
    """A table cell stays on its row and inert: spec values (TXT text above all) may come from a fork's pull
    request, so no HTML, link or mention survives (launchready.render.escape)."""
    return md_text(text, table=True)


def render_markdown(plan: DomainPlan) -> str:
    where = f"{md_text(plan.zone)} (canonical {md_text(plan.canonical_url)})"
    lines = [f"## Plan for {md_code(plan.stack or '?')}: {where}"]
    for title, columns, rows in sections(plan):
        lines += ["", f"### {title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows(plan)]
    return "\n".join(lines + markdown_documents(plan)) + "\n"


RENDERERS: dict[DocumentFormat, Callable[[DomainPlan], str]] = {
    DocumentFormat.TEXT: render_text, DocumentFormat.JSON: render_json, DocumentFormat.MARKDOWN: render_markdown,
}


def render_plan(plan: DomainPlan, fmt: DocumentFormat) -> str:
    return RENDERERS[fmt](plan)
