"""The handover document as GitHub-flavoured Markdown (tables, numbered steps, fenced code)."""

from __future__ import annotations

from launchready.handover.document import Block, Bullets, Handover, Paragraph, Steps, Table
from launchready.render.escape import md_fence, md_text


def cell(text: str) -> str:
    """Inert (launchready.render.escape): cells and text carry spec values and validation messages."""
    return md_text(text, table=True) or " "


def block_lines(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [md_text(block.text)]
    if isinstance(block, Table):
        head = ["| " + " | ".join(cell(c) for c in block.columns) + " |", "|" + "---|" * len(block.columns)]
        return head + ["| " + " | ".join(cell(c) for c in row) + " |" for row in block.rows]
    if isinstance(block, Steps):
        return [f"{i}. {md_text(item)}" for i, item in enumerate(block.items, 1)]
    if isinstance(block, Bullets):
        return [f"- {md_text(item)}" for item in block.items]
    return md_fence(block.text, block.language)


def render_markdown(document: Handover) -> str:
    lines = [f"# {md_text(document.title)}", "", f"_{md_text(document.subtitle)}_"]
    for section in document.sections:
        lines += ["", f"## {md_text(section.title)}"]
        for block in section.blocks:
            lines += ["", *block_lines(block)]
    return "\n".join(lines) + "\n"
