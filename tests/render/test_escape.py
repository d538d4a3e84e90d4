"""Every Markdown and HTML output makes outside text inert: hostile TXT content and server text never become
HTML, links, images, autolinks or mentions, and never break a table row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchready.cli import app
from launchready.render.escape import html_text, md_code, md_fence, md_text

HOSTILE = ("[click](https://evil.example/steal) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)> "
           "<https://evil.example/> @octocat www.evil.example (www.evil.example) a@evil.example #1 ``` `tick` | "
           "*em* _u_ ~s~ &#64;x")


def live(markdown: str) -> list[str]:
    """What GitHub would render live outside code spans (after removing them, as a renderer would)."""
    outside = re.sub(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", "", markdown.replace("\\`", ""))
    patterns = (r"(?<!\\)\]\(", r"<[a-z/!]", r"https?://", r"(?<![\w`])@\w", r"(?<![\w`/])www\.",
                r"(?<!\\)\*em", r"(?<![\\\w])_u", r"&#", r"(?<!\\)~s")
    return [found for pattern in patterns for found in re.findall(pattern, outside)]


def test_the_probe_can_fail() -> None:
    assert len(live(HOSTILE)) >= 9


@pytest.mark.parametrize("table", [True, False])
def test_hostile_text_is_inert(table: bool) -> None:
    escaped = md_text(HOSTILE, table=table)
    assert live(escaped) == [], escaped
    assert "evil.example" in escaped and "octocat" in escaped, "shown, not dropped"
    if table:
        assert re.findall(r"(?<!\\)\|", escaped) == []


@pytest.mark.parametrize("text", ["a`b", "``x``", "`", "x ", " `y` ", "a|b"])
def test_code_spans_hold_any_backticks(text: str) -> None:
    span = md_code(text, table=True)
    fence = re.match(r"`+", span)
    assert fence is not None and span.endswith(fence.group()) and fence.group() not in span[len(fence.group()):-len(
        fence.group())]


def test_fences_cannot_be_closed_from_inside() -> None:
    opening, body, closing = md_fence("x\n````\ny", "yaml")
    assert opening == "`````yaml" and closing == "`````" and "````" in body


def test_html_text_escapes_markup_and_controls() -> None:
    assert html_text('<a href="x">\x1b[31m') == "&lt;a href=&quot;x&quot;&gt;\ufffd[31m"


def test_authored_code_and_leading_markers() -> None:
    assert md_text("run `pulumi up` now") == "run `pulumi up` now"
    assert md_text("# not a heading") == "\\# not a heading"


STACK = """config:
  launchready:domain:
    zone: example.com
    origin: {ipv4: [192.0.2.10]}
    records:
      - {name: note, type: TXT, content: "%s"}
"""


def test_plan_and_handover_markdown_escape_spec_text(tmp_path: Path) -> None:
    payload = "<script>alert(1)</script> [x](https://evil.example/) @octocat | cell"
    stack = tmp_path / "Pulumi.x.yaml"
    stack.write_text(STACK % payload)
    runner = CliRunner()
    plan = runner.invoke(app, ["plan", "--stack-file", str(stack), "--format", "markdown"])
    handover = runner.invoke(app, ["report", "--stack-file", str(stack), "--format", "markdown"])
    html = runner.invoke(app, ["report", "--stack-file", str(stack), "--format", "html"])
    for result in (plan, handover):
        assert result.exit_code == 0, result.output
        row = next(line for line in result.output.splitlines() if "octocat" in line)
        assert live(row) == [] and "<script" not in row, row
    assert "<script>alert" not in html.output and "&lt;script&gt;alert(1)" in html.output


def test_a_commonmark_renderer_finds_no_link_image_or_html() -> None:
    """markdown-it-py (CommonMark, installed with rich) renders the escaped text: only code and text come out.
    GFM's extended autolinks and mentions are not in CommonMark; `live` above covers those."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    for markdown in ("| a |\n|---|\n| " + md_text(HOSTILE, table=True) + " |\n", md_text(HOSTILE) + "\n"):
        rendered = renderer.render(markdown)
        tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
        assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "p", "code"}, rendered
        assert "evil.example" in rendered
    assert "<a " in renderer.render("see [x](https://evil.example/)"), "the renderer does render links"
