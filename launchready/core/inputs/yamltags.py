"""YAML 1.2 core-schema tag resolution for plain scalars, as Pulumi's reader (Go's gopkg.in/yaml.v3) resolves
them, with AMBIGUOUS for the forms where YAML readers disagree (launchready.core.inputs.yamldoc refuses those)."""

from __future__ import annotations

import functools
import math
import re

STR, NULL, BOOL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
INT, FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
SEQ, MAP, MERGE = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:merge"
AMBIGUOUS = "tag:launchready,ambiguous"
CORE_TAGS = frozenset({STR, NULL, BOOL, INT, FLOAT, SEQ, MAP, MERGE, "!"})

CORE_SCHEMA = (  # YAML 1.2.2 §10.3.2, "Tag Resolution"
    (NULL, re.compile(r"^(?:~|null|Null|NULL|)$")),
    (BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (AMBIGUOUS, re.compile(r"^(?:[-+]?0[0-9]+|[-+]?[0-9]{19,}|[-+]?0[box][0-9a-fA-F]*+_[0-9a-fA-F_]*+|[-+]0[box].*"
                           r"|[-+]?0b[01]+|[-+]?[0-9]++_[0-9_.]*+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$")),
    (INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")),
    (FLOAT, re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
                       r"|\.(?:nan|NaN|NAN))$")),
    (MERGE, re.compile(r"^<<$")),
)
NOT_TEXT_STARTS = frozenset("nNtTfF")
"""First letters of the only core-schema words that are not text (null, true, false in their spellings);
every number, date and `<<` starts with a digit, a sign, a dot or `<`."""


def core_tag(value: str) -> str:
    return next((tag for tag, pattern in CORE_SCHEMA if pattern.match(value)), STR)


@functools.lru_cache(maxsize=8192)
def plain_tag(value: str) -> str:
    """The core-schema tag of a plain scalar, or AMBIGUOUS where yaml.v3 reads it otherwise: it drops
    every `_` before reading a number (`1_0.5`, `.2e_9`), and keeps a float that overflows as text
    (`1e999`). Both found by tests/inputs/test_pulumi_yaml_parity.py against yaml.v3 itself. A value that
    starts with any other letter is text without trying the six patterns (a stack file's keys and most
    of its values); keys repeat, so answers are kept."""
    if value[:1].isalpha() and value[0] not in NOT_TEXT_STARTS:
        return STR
    tag = core_tag(value)
    if tag == FLOAT and value[-1:].isdigit() and math.isinf(float(value)):
        return AMBIGUOUS
    if tag == STR and "_" in value and core_tag(value.replace("_", "")) in (INT, FLOAT, AMBIGUOUS):
        return AMBIGUOUS
    return tag
