"""Line numbers for spec key paths, so an error points at the line to edit in the stack file."""

from __future__ import annotations

import json
import re

import yaml

from launchready.core.errors import Problem, SpecError
from launchready.core.redact import secret_like, shown_key

_PART = re.compile(r'\[("(?:[^"\\]|\\.)*")\]|([^.\[\]]+)|\[(\d+)\]')
_PLAIN_KEY = re.compile(r"^[\w-]+$")


def path_parts(path: str) -> list[str | int]:
    """A key path's parts: `hosts.api.ttl`, `records[0].name`, and `hosts["eu.api"]` for a key holding a dot
    (the bracket form `pulumi config set --path` takes)."""
    return [json.loads(quoted) if quoted else (int(index) if index else name)
            for quoted, name, index in _PART.findall(path)]


def key_segment(key: str | int) -> str:
    """One part of a key path, as path_parts reads it back."""
    if isinstance(key, int):
        return f"[{key}]"
    return f".{key}" if _PLAIN_KEY.match(key) else f"[{json.dumps(key, ensure_ascii=False)}]"


def shown_path(path: str) -> str:
    """A key path as a message shows it: each key that could be a credential (a token pasted as a key) by
    its length instead (launchready.core.redact.shown_key), the rest as written."""
    parts = path_parts(path)
    if not any(isinstance(part, str) and secret_like(part) for part in parts):
        return path
    shown = (f".{shown_key(part)}" if isinstance(part, str) and secret_like(part) else key_segment(part)
             for part in parts)
    return "".join(shown).lstrip(".")


def same_key(written: object, part: str, parent: str | int | None, zone: str | None) -> bool:
    """A mapping key matches a path part as written, or, under `hosts`, as the label it normalises to
    (`Shop`, `bücher`, `@` are reported as `shop`, `xn--bcher-kva`, `apex` by the rules)."""
    if parent != "hosts" or not isinstance(written, str):
        return False
    from launchready.core.dnsname import host_label

    try:
        return host_label(written, zone) == part
    except ValueError:
        return False


def child(node: yaml.Node, part: str | int, parent: str | int | None = None,
          zone: str | None = None) -> tuple[yaml.Node, str | int, int] | None:
    """The node at `part` below `node`, the key as the file writes it, and the entry's 1-based line: its
    key's in a mapping (`api:`, not the first line of what it holds), the item's in a list."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        entries = [(key, value) for key, value in node.value]
        found = next(((k, v) for k, v in entries if getattr(k, "value", None) == part), None) or next(
            ((k, v) for k, v in entries if same_key(getattr(k, "value", None), part, parent, zone)), None)
        return (found[1], found[0].value, found[0].start_mark.line + 1) if found else None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item: yaml.Node = node.value[part]
        return item, part, item.start_mark.line + 1
    return None


def step(node: yaml.Node, parts: list[str | int], parent: str | int | None,
         zone: str | None) -> tuple[yaml.Node, str | int, int, int] | None:
    """The next node, its key as written, its line and how many parts it took: a key with a dot (`eu.api`) is split
    into several parts by a dotted path, so the longest run of parts that names a key wins."""
    for size in range(len(parts), 0, -1):
        run = parts[:size]
        part = ".".join(str(p) for p in run) if size > 1 and all(isinstance(p, str) for p in run) else run[0]
        if size > 1 and part == run[0]:
            continue
        found = child(node, part, parent, zone)
        if found is not None:
            return found[0], found[1], found[2], size
    return None


def resolve(root: yaml.Node | None, parts: list[str | int], zone: str | None = None) -> tuple[int | None, str]:
    """1-based line of the deepest node on the path that exists (the key itself when it is unknown), and
    the path with each key as the file writes it."""
    node, line, written, parent, index = root, None, "", None, 0
    while node is not None and index < len(parts):
        found = step(node, parts[index:], parent, zone)
        if found is None:
            break
        node, key, line, size = found
        written, parent, index = written + key_segment(key), key, index + size
    return line, written + "".join(key_segment(part) for part in parts[index:])


def line_of(root: yaml.Node | None, parts: list[str | int]) -> int | None:
    return resolve(root, parts)[0]


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
    problems = [located(p, root, base, zone_in_file(root, base)) for p in error.problems]
    problems.sort(key=lambda p: p.line or 0)  # read top to bottom, like the file
    return SpecError(error.source, problems, error.key, structural=error.structural)


def located(problem: Problem, root: yaml.Node | None, base: list[str | int], zone: str | None) -> Problem:
    """The problem with its line, and its key path as written in the file."""
    if not problem.path:
        return problem
    line, written = resolve(root, base + path_parts(problem.at or problem.path), zone)
    prefix = "".join(key_segment(part) for part in base)
    path = written.removeprefix(prefix).lstrip(".") if written.startswith(prefix) else problem.path
    return Problem(shown_path(path), problem.message, line)


def zone_in_file(root: yaml.Node | None, base: list[str | int]) -> str | None:
    """The zone as the file names it (`zone: X` or `zone: {name: X}`), to read absolute host keys."""
    from launchready.core.dnsname import written_zone

    node = root
    for part in [*base, "zone"]:
        found = child(node, part) if node is not None else None
        node = found[0] if found else None
    if isinstance(node, yaml.MappingNode):
        node = next((value for key, value in node.value if getattr(key, "value", None) == "name"), None)
    return written_zone(node.value) if isinstance(node, yaml.ScalarNode) else None
