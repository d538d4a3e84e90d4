"""What a YAML syntax error means, in the user's terms: libyaml names the parser's state ("expected
<block end>, but found '<scalar>'"), not the cause (a tab, a second document, a missing colon)."""

from __future__ import annotations

from typing import Any

import yaml
import yaml.reader


def syntax_message(exc: yaml.YAMLError, source: str, text: str) -> str:
    if isinstance(exc, yaml.reader.ReaderError):  # a raw control character: no mark, a position
        return control_character_message(exc, source, text)
    mark = getattr(exc, "problem_mark", None)
    where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
    reason = getattr(exc, "problem", None) or "invalid YAML"
    return f"{source}:{where} {reason}; {syntax_fix(reason, text, mark)}"


def control_character_message(exc: yaml.reader.ReaderError, source: str, text: str) -> str:
    if exc.character == 0 and text.count("\x00") * 3 > len(text):  # UTF-16 of ASCII: every other byte zero
        return f"{source}: the file looks saved as UTF-16 (every other byte is zero); save it as UTF-8"
    line = text.count("\n", 0, exc.position) + 1
    return (f"{source}: line {line}: the character U+{int(exc.character):04X} is a control character, which "
            "YAML does not allow; remove it")


def syntax_fix(reason: str, text: str, mark: Any) -> str:
    """What to do about libyaml's most common complaints, which name the parser's state, not the cause."""
    offset = getattr(mark, "index", None)
    if offset is not None and text[offset:offset + 1] == "\t":
        return "that is a tab: YAML indents with spaces only (YAML 1.2 §6.1); replace it with spaces"
    if "another document" in reason:
        return ("the file holds a second YAML document (a second `---`); a stack file is one document: remove "
                "the `---` line and what follows it, or merge the two")
    if "expected ':'" in reason:
        return ("each entry of a mapping is `key: value`: check this line and the one above for a missing colon "
                "or a wrong indent (a key must also fit in 1,024 characters, YAML 1.2's limit for an implicit key)")
    return "fix the YAML syntax"
