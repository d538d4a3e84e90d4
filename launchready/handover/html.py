"""The handover document as one self-contained HTML file: inline CSS, no script, no external asset.

Phone first: at narrow widths every table row becomes a card whose cells carry their column name
(`data-label`), and long names, URLs and code wrap instead of widening the page.
"""

from __future__ import annotations

import re

from launchready.handover.document import Block, Bullets, Code, Handover, Paragraph, Steps, Table
from launchready.render.escape import html_text as escape

CSS = """
:root{color-scheme:light dark;--fg:#1d2330;--muted:#5b6475;--line:#d9dde5;--bg:#fff;--soft:#f3f5f8;
--accent:#f38020}
@media (prefers-color-scheme:dark){:root{--fg:#e8ebf1;--muted:#a3abba;--line:#363c48;--bg:#14171c;
--soft:#1e2229}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,sans-serif;-webkit-text-size-adjust:100%}
main{max-width:62rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 0}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-top:.6rem;border-top:3px solid var(--accent)}
.sub{color:var(--muted);margin:.3rem 0 1rem}
p,li,td,th,h1,h2{overflow-wrap:anywhere}
code{font:.88em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);
padding:.05em .3em;border-radius:4px}
pre{background:var(--soft);padding:.75rem;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{background:none;padding:0}
table{width:100%;border-collapse:collapse;font-size:.92rem;margin:.4rem 0}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600}
nav ol{columns:2;padding-left:1.3rem;margin:.5rem 0}
nav a{color:inherit}
.fail{color:#c62828;font-weight:700}.warn{color:#b26a00;font-weight:700}
@media (max-width:40rem){
nav ol{columns:1}
table,tbody,tr,td{display:block}
thead{display:none}
tr{border:1px solid var(--line);border-radius:8px;margin:.6rem 0;padding:.35rem .7rem}
td{border:0;padding:.15rem 0}
td::before{content:attr(data-label);display:block;font-size:.72rem;color:var(--muted);
text-transform:uppercase;letter-spacing:.04em}
}
""".strip()

MARKS = {"FAIL": "fail", "WARN": "warn"}


def inline(text: str) -> str:
    """Escape, then turn `code` spans into <code> elements."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def table_html(block: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
    rows = []
    for row in block.rows:
        cells = "".join(
            f'<td data-label="{escape(column)}"' + (f' class="{MARKS[value]}"' if value in MARKS else "")
            + f">{inline(value)}</td>" for column, value in zip(block.columns, row, strict=True))
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def block_html(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{inline(block.text)}</p>"
    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Code):
        return f"<pre><code>{escape(block.text)}</code></pre>"
    tag = "ol" if isinstance(block, Steps) else "ul"
    items = block.items if isinstance(block, Steps | Bullets) else ()
    return f"<{tag}>" + "".join(f"<li>{inline(item)}</li>" for item in items) + f"</{tag}>"


def render_html(document: Handover) -> str:
    nav = "".join(f'<li><a href="#{s.key}">{escape(s.title)}</a></li>' for s in document.sections)
    body = "\n".join(f'<section id="{s.key}"><h2>{escape(s.title)}</h2>\n'
                     + "\n".join(block_html(b) for b in s.blocks) + "</section>" for s in document.sections)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n"
        f"<header><h1>{escape(document.title)}</h1><p class=\"sub\">{escape(document.subtitle)}</p></header>\n"
        f"<nav><ol>{nav}</ol></nav>\n{body}\n</main>\n</body>\n</html>\n"
    )
