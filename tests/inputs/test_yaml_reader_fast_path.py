"""plain_tag answers "text" for a plain scalar that starts with a letter other than n, t or f without
trying the core schema's patterns; this proves that none of them could have matched."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from launchready.core.inputs.yamltags import NOT_TEXT_STARTS, STR, core_tag, plain_tag

SCALARS = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=24)
NUMBERISH = st.from_regex(r"[A-Za-z][0-9_.eE+xob-]{0,12}", fullmatch=True)


@given(st.one_of(SCALARS, NUMBERISH))
def test_a_value_starting_with_another_letter_matches_no_pattern(value: str) -> None:
    assume(value[:1].isalpha() and value[0] not in NOT_TEXT_STARTS)
    assert core_tag(value) == STR and core_tag(value.replace("_", "")) == STR
    assert plain_tag(value) == STR


def test_the_words_that_are_not_text_still_take_the_patterns() -> None:
    assert [plain_tag(word) for word in ("null", "Null", "true", "False", "TRUE")] == [
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:bool"]
