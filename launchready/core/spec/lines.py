"""Line numbers for spec key paths, so an error points at the line to edit in the stack file."""

from __future__ import annotations

import re

import yaml

from launchready.core.errors import Problem, SpecError

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_parts(path: str) -> list[str | int]:
    return [int(index) if index else name for name, index in _PART.findall(path)]


def child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        return next((value for key, value in node.value if getattr(key, "value", None) == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        found: yaml.Node = node.value[part]
        return found
    return None


def key_node(node: yaml.Node, part: str | int) -> yaml.Node | None:
    """The key of a mapping entry (the line a user reads the entry at), else the item itself."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        return next((key for key, _ in node.value if getattr(key, "value", None) == part), None)
    return child(node, part)


def line_of(root: yaml.Node | None, parts: list[str | int]) -> int | None:
    """1-based line of the deepest entry on the path that exists: its key's line in a mapping (`api:`,
    not the first line of what it holds), the item's in a list."""
    node, line = root, None
    for part in parts:
        nxt = child(node, part) if node is not None else None
        if nxt is None:
            break
        at = key_node(node, part) if node is not None else None
        node, line = nxt, (at or nxt).start_mark.line + 1
    return line


def with_lines(error: SpecError, stack: str | yaml.Node | None) -> SpecError:
    """The same SpecError with each problem's key path resolved to a line of the stack file (its node
    graph as read, or its text; text that does not read leaves the paths bare)."""
    from launchready.core.errors import InputError
    from launchready.core.inputs.yamldoc import load_yaml

    try:
        root = load_yaml(stack, error.source).root if isinstance(stack, str) else stack
    except InputError:
        return error
    base: list[str | int] = ["config", error.key]
    problems = [
        Problem(p.path, p.message, line_of(root, base + path_parts(p.path)) if p.path else None)
        for p in error.problems
    ]
    problems.sort(key=lambda p: p.line or 0)  # read top to bottom, like the file
    return SpecError(error.source, problems, error.key, structural=error.structural)
