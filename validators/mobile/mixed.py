"""Mixed content in one HTML page, classified as browsers do (W3C Mixed Content Level 2, read 2026-11).

Parsed with a real HTML5 parser (selectolax's Lexbor), never with regular expressions; it decodes
character references in attributes as browsers do (`ht&#9;tp:` is `ht<TAB>tp:`). Every subresource URL
is resolved against the page (and its `<base href>`) as a browser resolves it (validators.web.urls, the
WHATWG URL Standard: tab and newline dropped, `\\` as `/`, `http:host/x` absolute), and judged on the
scheme that results; an `http:` result is mixed:
- upgradeable (`img`, `audio`, `video`, their `source`s, `srcset`): browsers retry it over HTTPS and
  drop it if that fails, so it is a warning;
- blockable (scripts, stylesheets and other `link` loads, frames, `object`/`embed`, `track`, form
  actions): blocked or warned as insecure, so it is an error.
A Content-Security-Policy with `upgrade-insecure-requests` (header or `<meta http-equiv>`) upgrades all
of them before they are sent (W3C Upgrade Insecure Requests), so it counts as the fix. Links (`<a>`)
are navigations, not mixed content. Inline CSS `url()` and fetch/XHR targets are not visible here.
A URL no browser can parse loads nothing, so it is not mixed content; a `<base href>` that does not parse
is ignored, as browsers fall back to the page's own URL (HTML Standard, "document base URL").
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from validators.web.policy import shown
from validators.web.urls import parse

BLOCKABLE = (("script", "src"), ("iframe", "src"), ("frame", "src"), ("object", "data"), ("embed", "src"),
             ("track", "src"), ("form", "action"), ("button", "formaction"), ("input", "formaction"))
UPGRADEABLE = (("img", "src"), ("audio", "src"), ("video", "src"), ("video", "poster"), ("source", "src"))
LINK_LOADS = frozenset({"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest", "prerender"})


@dataclass(frozen=True)
class MixedContent:
    blockable: tuple[str, ...]
    upgradeable: tuple[str, ...]
    upgraded_by_csp: bool
    assets: tuple[str, ...] = ()
    """The page's own https:// stylesheets and scripts (same host), whose compression is judged too."""


def upgrades_insecure(csp: str) -> bool:
    directives = (part.strip().lower().split() for part in csp.split(";"))
    return any(words and words[0] == "upgrade-insecure-requests" for words in directives)


def insecure(base: str, value: str | None) -> str | None:
    """The URL `value` loads when it is plain http: (resolved against `base`), else None."""
    if not value or not value.strip():
        return None
    url = parse(value, base)
    return shown(url.href) if url is not None and url.scheme == "http" else None


def srcset_urls(value: str | None) -> list[str]:
    return [candidate.strip().split()[0] for candidate in (value or "").split(",") if candidate.strip()]


def found(tree: LexborHTMLParser, base: str, pairs: tuple[tuple[str, str], ...]) -> list[str]:
    urls = []
    for tag, attribute in pairs:
        for node in tree.css(f"{tag}[{attribute}]"):
            url = insecure(base, node.attributes.get(attribute))
            urls += [f"<{tag} {attribute}> {url}"] if url else []
    return urls


def link_loads(tree: LexborHTMLParser, base: str) -> list[str]:
    urls = []
    for node in tree.css("link[href]"):
        rels = set((node.attributes.get("rel") or "").lower().split())
        url = insecure(base, node.attributes.get("href")) if rels & LINK_LOADS else None
        urls += [f"<link rel={' '.join(sorted(rels))}> {url}"] if url else []
    return urls


def srcsets(tree: LexborHTMLParser, base: str) -> list[str]:
    urls = []
    for node in tree.css("img[srcset], source[srcset]"):
        for value in srcset_urls(node.attributes.get("srcset")):
            url = insecure(base, value)
            urls += [f"<{node.tag} srcset> {url}"] if url else []
    return urls


def classify(html: str, page_url: str, csp_header: str) -> MixedContent:
    tree = LexborHTMLParser(html)
    base = base_url(tree, page_url)
    metas = [node.attributes.get("content") or "" for node in tree.css("meta[http-equiv]")
             if (node.attributes.get("http-equiv") or "").lower() == "content-security-policy"]
    upgraded = any(upgrades_insecure(policy) for policy in (csp_header, *metas))
    blockable = found(tree, base, BLOCKABLE) + link_loads(tree, base)
    upgradeable = found(tree, base, UPGRADEABLE) + srcsets(tree, base)
    return MixedContent(tuple(dict.fromkeys(blockable)), tuple(dict.fromkeys(upgradeable)), upgraded,
                        own_assets(tree, base, page_url))


def base_url(tree: LexborHTMLParser, page_url: str) -> str:
    """The first `<base href>` resolved against the page, or the page's URL when there is none or it does
    not parse (HTML Standard, "document base URL" and "frozen base URL")."""
    node = tree.css_first("base[href]")
    resolved = parse(node.attributes.get("href") or "", page_url) if node else None
    return resolved.href if resolved is not None else page_url


def own_assets(tree: LexborHTMLParser, base: str, page_url: str) -> tuple[str, ...]:
    page = parse(page_url)
    values = [node.attributes.get(attribute) or ""
              for node, attribute in [*((n, "href") for n in tree.css('link[rel~="stylesheet"][href]')),
                                      *((n, "src") for n in tree.css("script[src]"))]]
    found = [url for value in values if value.strip() and (url := parse(value, base)) is not None]
    return tuple(dict.fromkeys(url.href for url in found if page is not None and url.scheme == "https"
                               and url.host == page.host))
