"""report --format html --output: index.md links each stack's file by its real name, and the link is a
link whatever the product folder is called (a space, parentheses, brackets), rendered by a CommonMark
renderer (markdown-it-py, installed with rich)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from launchready.render.escape import md_file_link
from tests.clirun import invoke
from tests.portfolio.conftest import write_project

LINK = re.compile(r'<a href="([^"]*)">([^<]*)</a>')


def links(markdown: str) -> list[tuple[str, str]]:
    return LINK.findall(MarkdownIt("commonmark", {"html": True}).render(markdown))


@pytest.mark.parametrize("name", ["my shop (eu)_prod.html", "a]b[c)_prod.html", "x_*y*_`z`<b>&amp;.html",
                                  "prod.html", "un (bal_prod.html"])
def test_a_file_link_is_one_link_reading_as_the_file_name(name: str) -> None:
    import html
    from urllib.parse import unquote

    [(href, text)] = links(md_file_link(name))
    assert unquote(href) == name and html.unescape(text) == name


def test_index_links_every_handover_by_its_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(Path("my shop (eu)"), {"prod": "shop.test"})
    write_project(Path("blog"), {"prod": "blog.test"})
    run = invoke("report", "--all-stacks", "--project-dir", "my shop (eu)", "--project-dir", "blog",
                 "--format", "html", "--output", "out")
    assert run.code == 0, run.stderr
    files = sorted(p.name for p in Path("out").iterdir() if p.suffix == ".html")
    found = sorted((href, text) for href, text in links(Path("out/index.md").read_text()) if href.endswith(".html"))
    assert files == ["blog_prod.html", "my shop (eu)_prod.html"]
    assert found == [("blog_prod.html", "blog_prod.html"), ("my%20shop%20%28eu%29_prod.html", "my shop (eu)_prod.html")]
