"""The handover document as values: sections of paragraphs, tables, lists and code.

Built once from the plan (launchready.handover.sections / runbook), rendered twice (Markdown and
HTML) by renderers that know nothing about domains. Text marks code with backticks, as Markdown does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Steps:
    """An ordered list: things to do in this order."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Code:
    text: str
    language: str = "sh"


Block = Paragraph | Table | Steps | Bullets | Code


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Handover:
    title: str
    subtitle: str
    sections: tuple[Section, ...]


def table(columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Table:
    return Table(columns=columns, rows=tuple(rows))
