"""How far a YAML node graph may go, checked on the graph before any value is built from it.

Aliases share their anchor's node, so an alias bomb (10^9 values once expanded) is a small graph: what
its aliases add is counted on the shared nodes. Values written out are bounded as they are composed
(MAX_VALUES, in launchready.core.inputs.yamldoc), so the two limits say different things: a file that is
simply large is not an alias bomb.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, SequenceNode

from launchready.core.errors import InputError

MAX_ALIAS_VALUES = 250_000
"""Values aliases may add once expanded, beyond those written out: an alias bomb's 10^9 is refused on its
small graph, while a large file without aliases is bounded by its size limit and MAX_VALUES."""
MAX_VALUES = 1_000_000
"""Values written out (keys included), counted as they are composed: a 4 MiB stack file of records holds
about 600,000, a file of bare `[0,0,...]` up to 2 million, which would take seconds and gigabytes to read."""


def require_bounded(root: Node, source: str) -> None:
    """Refuse a graph whose aliases add more than MAX_ALIAS_VALUES values once expanded, counting on the
    shared nodes (no expansion): the expanded size less the distinct nodes, each of which is written out
    once in the file (and bounded by MAX_VALUES as it was composed)."""
    sizes: dict[int, int] = {}
    cap = MAX_VALUES + MAX_ALIAS_VALUES + 1  # keeps a bomb's numbers small; above any file's written count

    def size(node: Node) -> int:
        if id(node) not in sizes:
            children = node.value if isinstance(node, SequenceNode) else (
                [part for pair in node.value for part in pair] if isinstance(node, MappingNode) else [])
            sizes[id(node)] = min(1 + sum(size(child) for child in children), cap)
        return sizes[id(node)]

    expanded = size(root)
    if expanded - len(sizes) > MAX_ALIAS_VALUES:
        raise InputError(f"{source}: its aliases expand to more than {MAX_ALIAS_VALUES:,} values beyond the "
                         f"{len(sizes):,} written out (an alias bomb?); write the values out instead of nesting "
                         "aliases")
