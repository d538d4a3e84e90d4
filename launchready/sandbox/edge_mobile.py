"""What the loopback edge serves for a mobile launch: the planned app-link files, the sign-in callbacks
and HTML pages, and the faults that break each on a phone.

Correct behaviour follows the plan (launchready.core.plan.app_links): each app-link host answers both
files itself, 200 `application/json`, and the canonical-host redirect spares them; callbacks answer 200
on their own host; landing pages load every subresource over https://. Compression is the transport's
job (launchready.sandbox.edge compresses text replies when the client offers gzip).
"""

from __future__ import annotations

import json
from enum import StrEnum
from html import escape

from launchready.core.plan import DomainPlan
from launchready.core.plan.app_links_model import CONTENT_TYPE, AppLinkDocument

HTML = "text/html; charset=utf-8"


class MobileFault(StrEnum):
    APPLINKS_REDIRECT = "applinks-redirect"      # the canonical redirect (or the origin) moves the files
    APPLINKS_WRONG_TYPE = "applinks-wrong-type"  # the files come back as text/plain
    APPLINKS_MISSING_APP = "applinks-missing-app"  # the files name another app and another certificate
    MIXED_CONTENT = "mixed-content"              # the landing pages load a script and an image over http://
    NO_COMPRESSION = "no-compression"            # text replies are never compressed
    CALLBACK_OFFHOST = "callback-offhost"        # the sign-in callback redirects to another site


def other_app(document: AppLinkDocument) -> str:
    """The planned file with every app ID and package renamed: a build for another app was deployed."""
    parsed = json.loads(document.body)
    if document.kind == "apple":
        for detail in parsed["applinks"]["details"]:
            detail["appIDs"] = ["ZZZZZ99999.org.example.other"]
    else:
        for statement in parsed:
            statement["target"]["package_name"] = "org.example.other"
    return json.dumps(parsed, indent=2) + "\n"


def landing_page(host: str, path: str, mixed: bool) -> str:
    """An HTML page over 1 KB (worth compressing) whose loads are all https://, or (mixed) not."""
    script = "http://cdn.example.org/app.js" if mixed else f"https://{escape(host)}/app.js"
    image = "http" if mixed else "https"
    filler = "<p>" + "Launch on a phone first. " * 40 + "</p>"
    return (f"<!doctype html><html><head><title>{escape(host)}</title>"
            f'<link rel="stylesheet" href="https://{escape(host)}/app.css">'
            f'<script src="{script}"></script></head>'
            f'<body><h1>{escape(host)}{escape(path)}</h1><img src="{image}://img.example.org/hero.png" alt="">'
            f'<a href="http://example.org/">a plain link is not mixed content</a>{filler}</body></html>\n')


ASSETS = {
    "/app.css": ("text/css; charset=utf-8", "".join(f".card-{i} {{ margin: {i}px; padding: 4px; }}\n"
                                                      for i in range(60))),
    "/app.js": ("text/javascript; charset=utf-8", "".join(f"function step{i}() {{ return {i}; }}\n"
                                                            for i in range(60))),
}
"""The landing page's own stylesheet and script: text over 1 KB, so their compression is judged too."""


class MobileRules:
    """The edge's mobile answers for one plan: (status, location, content type, body) or None."""

    def __init__(self, plan: DomainPlan, faults: frozenset[str]) -> None:
        self.plan, self.faults = plan, faults
        links = plan.app_links
        self.documents = {(d.host, d.path): d for d in links.documents} if links else {}
        self.callbacks = {url.removeprefix("https://").split("?")[0] for url in links.callbacks} if links else set()
        self.pages = set(links.pages) if links else set()

    def document(self, host: str, path: str) -> tuple[int, str | None, str, str] | None:
        planned = self.documents.get((host, path))
        if planned is None:
            return None
        if MobileFault.APPLINKS_REDIRECT in self.faults:
            if host != self.plan.canonical_host:
                return None  # the canonical redirect takes it, as when it is not planned around the files
            return (301, f"https://{host}/static{path}", "text/plain; charset=utf-8", "")
        kind = "text/plain; charset=utf-8" if MobileFault.APPLINKS_WRONG_TYPE in self.faults else CONTENT_TYPE
        body = other_app(planned) if MobileFault.APPLINKS_MISSING_APP in self.faults else planned.body
        return (200, None, kind, body)

    def page(self, host: str, path: str) -> tuple[int, str | None, str, str] | None:
        if f"{host}{path}" in self.callbacks and MobileFault.CALLBACK_OFFHOST in self.faults:
            return (302, "https://login.example.org/continue", "text/plain; charset=utf-8", "")
        if path in ASSETS:
            kind, text = ASSETS[path]
            return (200, None, kind, text)
        if path == "/" or path in self.pages or f"{host}{path}" in self.callbacks:
            return (200, None, HTML, landing_page(host, path, MobileFault.MIXED_CONTENT in self.faults))
        return None
