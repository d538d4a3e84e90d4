"""Text from outside (Location headers, TXT records, SPF and DMARC text, zone files, stack values) made inert
in Markdown and HTML: one home for every renderer that writes either.

The threat is a fork pull request or a hostile server choosing text that a report then posts as a PR
comment: raw HTML, links and images (`[x](y)`, `![x](y)`, `<http://…>`), GitHub's extended autolinks
(`https://…`, `www.…`, `user@host`), `@mentions` that notify people, and `|` or line breaks that break a
table row. The rules relied on:

- CommonMark 0.31 §2.4: any ASCII punctuation may be backslash-escaped; §6.1: inside a code span nothing is
  parsed (no HTML, no links, no entities); a span opens and closes with backtick runs of the same length,
  and one space is stripped from each side when both are present.
- GFM spec §6.9 (autolinks extension): `www.` and `http(s)://` are linked in text, never in code spans; §4.10
  (tables): `|` must be escaped as `\\|` in a cell, even inside a code span.
- GitHub does not turn `@name` or `#123` inside code into mentions or references (GitHub Docs, "Basic writing
  and formatting syntax", read 2026-11).

So: every token that could become a link, a mention or a reference is shown as a code span (verbatim and
copyable, never live); all other text has its Markdown punctuation backslash-escaped and `&`, `<`, `>` as
entities. Authored text marks code with single backticks, which stay code spans.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, DEL and the bidirectional overrides (CVE-2021-42574, "Trojan Source"): shown as U+FFFD."""
LINE_BREAK = re.compile(r"\r\n|[\r\n\t]")
PUNCTUATION = re.compile(r"([\\`*~|]|\[(?![^\[\]]*\](?![(\[:]))|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
"""Markdown punctuation to backslash-escape. A `[` that could open a link, image or link definition
(followed by `](`, `][`, `]:` or no `]` in the word) is escaped, so `records[0]` stays as written; `_`
between letters or digits never emphasises (CommonMark §6.2, flanking rules): `security_header` stays."""
LEADING = re.compile(r"^(\s*)([#+=-]|\d+[.)])")
"""What would start a heading, list item or setext underline at the start of a line."""
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
LIVE_TOKEN = re.compile(r"://|@(?=\w)|(?:^|[(*_~])www\.|#\d|^[a-z][a-z0-9+.-]*:[^\s]", re.IGNORECASE)
"""A token GitHub could link or ping: a URL, `www.` (GFM §6.9: at a word start or after `(`, `*`, `_`, `~`),
an address or `@mention`, an issue reference, a `scheme:thing` such as mailto: or javascript:."""
TRAILING = ".,;:!?)]'\""
"""Punctuation that ends a sentence rather than a link (GFM §6.9 leaves it outside an autolink too)."""
AUTHORED_CODE = re.compile(r"`([^`]+)`")


def flat(text: str) -> str:
    """One line, no control characters: a table row or list item never breaks and no terminal escape survives."""
    return CONTROL.sub("\ufffd", LINE_BREAK.sub(" ", text))


def md_code(text: str, *, table: bool = False) -> str:
    """`text` as one code span, whatever backticks it holds (CommonMark §6.1)."""
    content = flat(text)
    if not content:
        return ""
    run = max((len(m) for m in re.findall(r"`+", content)), default=0)
    fence = "`" * (run + 1)
    if content[0] in "` " or content[-1] in "` ":
        content = f" {content} "
    if table:
        content = content.replace("|", "\\|")
    return f"{fence}{content}{fence}"


def escaped_word(word: str) -> str:
    text = PUNCTUATION.sub(r"\\\1", word)
    return "".join(ENTITIES.get(char, char) for char in text)


def md_word(word: str, table: bool) -> str:
    """One whitespace-free token: a live one as code (its trailing punctuation left outside), else escaped."""
    if not LIVE_TOKEN.search(word):
        return escaped_word(word)
    body = word.rstrip(TRAILING)  # str.rstrip, linear: a lazy regex split costs quadratic time on a long tail
    tail = word[len(body):]
    if not body:
        return escaped_word(word)
    return md_code(body, table=table) + escaped_word(tail)


def md_plain(text: str, *, table: bool = False) -> str:
    """Text with no Markdown meaning at all: no HTML, link, image, autolink, mention, emphasis or code."""
    words = "".join(md_word(part, table) if part.strip() else part for part in re.split(r"(\s+)", flat(text)))
    if table:
        return words  # a cell holds inline content only (GFM §4.10): no heading or list can start there
    return LEADING.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], words, count=1)


def md_text(text: str, *, table: bool = False) -> str:
    """Authored text that marks code with single backticks: those spans stay code, everything else is plain.
    In a table cell a line break (possible in TXT text) becomes `<br>`, the one HTML GFM cells need."""
    if table and "\n" in text:
        return "<br>".join(md_text(line, table=True) for line in text.replace("\r\n", "\n").split("\n"))
    parts = AUTHORED_CODE.split(text)
    return "".join(md_code(part, table=table) if index % 2 else md_plain(part, table=table)
                   for index, part in enumerate(parts))


def md_fence(text: str, info: str = "") -> list[str]:
    """A fenced code block that `text` cannot close: the fence is longer than any backtick run inside it
    (CommonMark §4.5)."""
    run = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (run + 1)
    return [f"{fence}{info}", CONTROL.sub("\ufffd", text), fence]


def html_text(text: str) -> str:
    """Text for an HTML element or a quoted attribute value: `& < > " '` as references, no control character."""
    import html  # only HTML reports need it

    return html.escape(CONTROL.sub("\ufffd", text), quote=True)


LINK_TEXT_PUNCTUATION = re.compile(r"([!-,/:-@\[-`{-~])")
"""ASCII punctuation but `.` and `-`, which mean nothing inside link text."""


def md_file_link(name: str) -> str:
    """A Markdown link to the file `name` beside the document, reading as the file name: the text with its
    ASCII punctuation backslash-escaped (CommonMark 0.31 §2.4), so no `]` ends it and nothing in it is a link,
    emphasis or HTML; the destination percent-encoded (RFC 3986 §2.1), since §6.3 ends a bare destination at a
    space and at an unbalanced parenthesis."""
    from urllib.parse import quote

    text = LINK_TEXT_PUNCTUATION.sub(r"\\\1", flat(name))
    return f"[{text}]({quote(name, safe='')})"
