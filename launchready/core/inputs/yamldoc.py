"""YAML read the way `pulumi up` reads the same file, in one pass, with its limits checked before anything
expands.

Pulumi reads stack files with Go's gopkg.in/yaml.v3 into plain values, which resolves plain scalars by
the YAML 1.2 core schema (YAML 1.2.2 §10.3.2): `yes`, `no`, `on`, `off` and `5:00` are text, `~` is null,
and there is no sexagesimal. PyYAML's own resolvers are YAML 1.1, so they are replaced here. Where yaml.v3
still departs from the core schema (`0777` as octal, `1_000`, `0b1`, `-0x1f`, timestamps such as
`2026-11-30`, integers past 64 bits) the two readings would differ, so those plain scalars are refused with
a message saying to quote them; so are keys that are not text (`true:`, `~:`, `1:`).

One compose pass (libyaml's event parser when PyYAML has it, PyYAML's composer on top, so depth and
aliases are counted as nodes are made) yields a node graph that keeps every line; the values are then
built from that graph. Aliases share their anchor's node, so an alias bomb is a small graph: its expanded
size is counted on the graph, and refused, before any value is built from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from launchready.core.errors import InputError
from launchready.core.inputs import unsafe_character
from launchready.core.inputs.yamlbounds import MAX_VALUES, require_bounded
from launchready.core.inputs.yamlsyntax import syntax_message
from launchready.core.inputs.yamltags import (
    AMBIGUOUS,
    BOOL,
    CORE_TAGS,
    FLOAT,
    INT,
    MAP,
    MERGE,
    NULL,
    SEQ,
    STR,
    plain_tag,
)

try:
    from yaml.cyaml import CParser as EventParser  # type: ignore[attr-defined]  # libyaml: about 6x faster than PyYAML's scanner
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class EventParser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


MAX_DEPTH = 64
"""Nesting levels; a stack file needs fewer than ten."""
MAX_LISTED = 20
"""Problems listed in one message; the count says how many more there are."""

AMBIGUOUS_WHY = "YAML readers disagree on it (Pulumi's reads it as a number or a date)"
KEY_KINDS = {NULL: "no key at all (null)", BOOL: "a boolean", INT: "a number", FLOAT: "a number"}


@dataclass(frozen=True)
class YamlDocument:
    """The values, and the node graph they were built from (for the line of any key path)."""

    data: Any
    root: Node | None


def load_yaml(text: str, source: str, ambiguous: bool = False) -> YamlDocument:
    """Compose once with the limits, then build the values; every problem is an InputError with a line.
    `ambiguous=True` reads the forms readers disagree on as text instead of refusing them (Pulumi.yaml,
    where only `name` is used)."""
    composer = StrictComposer(text, source, ambiguous)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError as exc:
        raise InputError(syntax_message(exc, source, text)) from None
    except UnicodeEncodeError as exc:  # a str not decoded from UTF-8 bytes (git output is): a lone surrogate
        raise InputError(f"{source}: character {exc.start} is a lone surrogate, not text; save it as UTF-8") from None
    composer.refuse_found()
    if root is not None:
        require_bounded(root, source)
    return YamlDocument(Builder(source).value(root) if root is not None else None, root)


def at(source: str, node: Node | Any) -> str:
    mark = node.start_mark
    return f"{source}: line {mark.line + 1}, column {mark.column + 1}"


class StrictComposer(Composer, EventParser):
    """PyYAML's composer over libyaml's events (both are mixins of one Loader in PyYAML itself), counting
    depth and refusing recursive aliases as it goes (PyYAML would build a cycle, and a deep file would
    exhaust Python's stack)."""

    def __init__(self, text: str, source: str, ambiguous: bool = False) -> None:
        EventParser.__init__(self, text)
        Composer.__init__(self)
        self.source, self.depth, self.open_anchors = source, 0, set[str]()
        self.ambiguous, self.values = ambiguous, 0
        self.found: list[str] = []

    def found_at(self, node: Node, problem: str, column: bool = True) -> None:
        """A problem that leaves the document readable: kept, and all of them refused together at the end."""
        mark = node.start_mark
        self.found.append(f"line {mark.line + 1}{f', column {mark.column + 1}' if column else ''}: {problem}")

    def refuse_found(self) -> None:
        """Every kept problem at once (the first MAX_LISTED), so one run shows every value to fix."""
        if len(self.found) == 1:
            raise InputError(f"{self.source}: {self.found[0]}")
        if self.found:
            listed = "".join(f"\n  - {problem}" for problem in self.found[:MAX_LISTED])
            more = f"\n  … and {len(self.found) - MAX_LISTED} more" if len(self.found) > MAX_LISTED else ""
            raise InputError(f"{self.source}: {len(self.found)} problems in the YAML{listed}{more}")

    def descend_resolver(self, parent: Any, index: Any) -> None:
        """No path-based resolvers: the core schema resolves a scalar by its text alone."""

    def ascend_resolver(self) -> None:
        """See descend_resolver."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode:
            return SEQ if kind is SequenceNode else MAP
        if not implicit[0]:  # quoted, or a block scalar: always text
            return STR
        return plain_tag(value)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            if event.anchor in self.open_anchors:
                raise InputError(f"{at(self.source, event)}: the alias *{event.anchor} is inside its own "
                                 f"anchor &{event.anchor}, a loop with no end; repeat the value instead")
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise InputError(f"{at(self.source, event)}: nested more than {MAX_DEPTH} levels deep; a stack file "
                             "needs fewer than ten, so this is not one")
        self.values += 1
        if self.values > MAX_VALUES:
            raise InputError(f"{at(self.source, event)}: more than {MAX_VALUES:,} values are written out by here "
                             "(keys included, no alias counted); a stack file of 50,000 records holds fewer. Is "
                             "it the right file? Split the records over several stacks if it is")
        anchor = getattr(event, "anchor", None)
        self.depth += 1
        if anchor:
            self.open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
            self.open_anchors.discard(anchor)

    def compose_scalar_node(self, anchor: Any) -> ScalarNode:
        node: ScalarNode = super().compose_scalar_node(anchor)
        unsafe = unsafe_character(node.value)
        if unsafe:
            raise InputError(f"{at(self.source, node)}: the value holds {unsafe}; DNS names, record text and "
                             "settings take printable text only (it would also reach a terminal raw); remove it")
        if node.tag == AMBIGUOUS and self.ambiguous:
            node.tag = STR
        if node.tag == AMBIGUOUS:
            self.found_at(node, f"this unquoted value is ambiguous: {AMBIGUOUS_WHY}; quote it if you mean text, or "
                                "write the number plainly (no leading zero, no _)")
            node.tag = STR
        if node.tag not in CORE_TAGS:
            raise InputError(f"{at(self.source, node)}: the tag {node.tag} is not one of YAML's core schema; "
                             "drop it")
        return node

    def compose_sequence_node(self, anchor: Any) -> SequenceNode:
        node: SequenceNode = super().compose_sequence_node(anchor)
        if node.tag != SEQ:
            raise InputError(f"{at(self.source, node)}: the tag {node.tag} is not one of YAML's core schema; drop it")
        return node

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        node: MappingNode = super().compose_mapping_node(anchor)
        if node.tag != MAP:  # !!set, !!omap: Pulumi's reader makes something else of them
            raise InputError(f"{at(self.source, node)}: the tag {node.tag} is not one of YAML's core schema; drop it")
        seen: dict[str, int] = {}
        for key, _ in node.value:
            name = key_text(key, self.source)
            if name in seen:
                self.found_at(key, f'the key "{name}" is already given on line {seen[name]} of the same mapping; '
                                   "merge the two", column=False)
            seen[name] = key.start_mark.line + 1
        return node


def key_text(key: Node, source: str) -> str:
    """A mapping key as text; a key that is not text (a boolean, a number, null, a list) is refused,
    because readers turn it into text differently."""
    if not isinstance(key, ScalarNode):
        raise InputError(f"{at(source, key)}: a key must be text, not a list or a mapping")
    if key.tag in KEY_KINDS:
        shown = key.value if len(key.value) <= 40 else f"{key.value[:37]}..."
        raise InputError(f'{at(source, key)}: the key "{shown}" reads as {KEY_KINDS[key.tag]}; quote it '
                         f"(\"{shown}\") if it is a name")
    return str(key.value)


class Builder:
    """Python values from a checked node graph; an alias gives the same value as its anchor."""

    def __init__(self, source: str) -> None:
        self.source, self.built = source, dict[int, Any]()

    def value(self, node: Node) -> Any:
        if id(node) not in self.built:
            if isinstance(node, ScalarNode):
                self.built[id(node)] = self.scalar(node)
            elif isinstance(node, SequenceNode):
                self.built[id(node)] = [self.value(child) for child in node.value]
            elif isinstance(node, MappingNode):
                self.built[id(node)] = self.mapping(node)
        return self.built[id(node)]

    def mapping(self, node: MappingNode) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        own: dict[str, Any] = {}
        for key, value in node.value:
            if key.tag == MERGE:  # `<<: *defaults` (yaml.v3 reads merge keys too); keys written here win, and
                # of merged mappings the earlier wins (yaml.org/type/merge.html, as yaml.v3 does)
                for source in reversed(value.value if isinstance(value, SequenceNode) else [value]):
                    merged.update(self.merge_source(source))
            else:
                own[str(key.value)] = self.value(value)
        return {**merged, **own}

    def merge_source(self, node: Node) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise InputError(f"{at(self.source, node)}: `<<` merges a mapping (or a list of them) only")
        found: dict[str, Any] = self.value(node)
        return found

    def scalar(self, node: ScalarNode) -> Any:
        text, tag = node.value, node.tag
        try:
            return scalar_value(text, tag)
        except ValueError:
            raise InputError(f"{at(self.source, node)}: {text!r} is not a valid {tag.rsplit(':', 1)[-1]}") from None


def scalar_value(text: str, tag: str) -> Any:
    if tag == NULL:
        if text not in ("", "~", "null", "Null", "NULL"):
            raise ValueError(text)
        return None
    if tag == BOOL:
        if text.lower() not in ("true", "false"):
            raise ValueError(text)
        return text.lower() == "true"
    if tag == INT:
        if len(text) > 20:
            raise ValueError(text)
        return int(text, 8) if text.startswith("0o") else int(text, 16) if text.startswith("0x") else int(text)
    if tag == FLOAT:
        return special_float(text) if "." in text and text.lstrip("+-.")[:1].isalpha() else float(text)
    return text


def special_float(text: str) -> float:
    if text.lower().endswith("nan"):
        return math.nan
    return -math.inf if text.startswith("-") else math.inf
