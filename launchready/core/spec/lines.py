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


def line_of(root: yaml.Node | None, parts: list[str | int]) -> int | None:
    """1-based line of the deepest node on the path that exists (the key itself when it is unknown)."""
    node, line = root, None
    for part in parts:
        nxt = child(node, part) if node is not None else None
        if nxt is None:
            break
        node, line = nxt, nxt.start_mark.line + 1
    return line


def duplicate_key(root: yaml.Node | None) -> tuple[str, int, int] | None:
    """The first key given twice in one mapping: (key, its first line, the repeat's line)."""
    pending, visited = ([root] if root is not None else []), set()
    while pending:
        node = pending.pop()
        if id(node) in visited:  # an alias shares its anchor's node, and may even contain it
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = str(getattr(key, "value", ""))
                if name in seen:
                    return name, seen[name], key.start_mark.line + 1
                seen[name] = key.start_mark.line + 1
                pending.append(value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return None


def with_lines(error: SpecError, text: str) -> SpecError:
    """The same SpecError with each problem's key path resolved to a line of the stack file."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return error
    base: list[str | int] = ["config", error.key]
    problems = [
        Problem(p.path, p.message, line_of(root, base + path_parts(p.path)) if p.path else None)
        for p in error.problems
    ]
    problems.sort(key=lambda p: p.line or 0)  # read top to bottom, like the file
    return SpecError(error.source, problems, error.key, structural=error.structural)
