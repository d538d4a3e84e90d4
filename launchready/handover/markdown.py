"""The handover document as GitHub-flavoured Markdown (tables, numbered steps, fenced code)."""

from __future__ import annotations

from launchready.handover.document import Block, Bullets, Handover, Paragraph, Steps, Table


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def block_lines(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Table):
        head = ["| " + " | ".join(block.columns) + " |", "|" + "---|" * len(block.columns)]
        return head + ["| " + " | ".join(cell(c) for c in row) + " |" for row in block.rows]
    if isinstance(block, Steps):
        return [f"{i}. {item}" for i, item in enumerate(block.items, 1)]
    if isinstance(block, Bullets):
        return [f"- {item}" for item in block.items]
    return [f"```{block.language}", block.text, "```"]


def render_markdown(document: Handover) -> str:
    lines = [f"# {document.title}", "", f"_{document.subtitle}_"]
    for section in document.sections:
        lines += ["", f"## {section.title}"]
        for block in section.blocks:
            lines += ["", *block_lines(block)]
    return "\n".join(lines) + "\n"
