"""The one input reader: special files, size limits, UTF-8 and BOMs, and the YAML 1.2 reading Pulumi uses,
with depth and alias limits checked before anything expands."""

from __future__ import annotations

import codecs
import os
import re
import time
from pathlib import Path

import pytest

from launchready.core.errors import InputError
from launchready.core.inputs import STACK_FILE, InputKind, decode, read_bytes, read_text, yamldoc
from launchready.core.inputs.jsondoc import load_json
from launchready.core.inputs.yamldoc import load_yaml

SMALL = InputKind("stack file", 1024)


def refused(path: Path, kind: InputKind = STACK_FILE) -> str:
    with pytest.raises(InputError) as caught:
        read_bytes(path, kind)
    return str(caught.value)


def test_special_files_are_named_and_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    assert "a named pipe (FIFO)" in refused(fifo)  # no writer: a plain open would wait forever
    assert time.monotonic() - started < 2
    assert "a character device" in refused(Path("/dev/zero"))
    assert "a directory" in refused(tmp_path)
    assert "no such stack file" in refused(tmp_path / "missing.yaml")


def test_a_file_over_its_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 1025)
    assert "larger than" in refused(path, SMALL) and "limit for a stack file" in refused(path, SMALL)
    path.write_bytes(b"#" * 1024)
    assert read_bytes(path, SMALL) == b"#" * 1024


def test_a_bad_byte_is_named_by_line_column_and_offset() -> None:
    with pytest.raises(InputError, match=r"line 3, column 5: the byte 0xff \(byte offset 14\)"):
        decode(b"a: 1\nb: 2\n# c \xff comment\n", "f.yaml")


@pytest.mark.parametrize(("bom", "name"), [(codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
                                           (codecs.BOM_UTF32_LE, "UTF-32")])
def test_utf16_and_utf32_are_named(bom: bytes, name: str) -> None:
    with pytest.raises(InputError, match=f"saved as {name}"):
        decode(bom + "a: 1".encode("utf-16-le"), "f.yaml")


def test_a_utf8_bom_is_dropped_and_remembered_with_the_line_ending() -> None:
    text = decode(codecs.BOM_UTF8 + b"a: 1\r\nb: 2\r\n", "f.yaml")
    assert text.text == "a: 1\r\nb: 2\r\n" and text.bom and text.newline == "\r\n"
    assert load_yaml(text.text, "f.yaml").data == {"a": 1, "b": 2}


def test_yaml_reads_as_yaml_1_2_core_like_pulumi() -> None:
    data = load_yaml("a: yes\nb: off\nc: 5:00\nd: ~\ne: 0x1F\nf: 0o17\ng: 1.5\nh: .inf\ni: TRUE\nj: on\n", "f").data
    assert data == {"a": "yes", "b": "off", "c": "5:00", "d": None, "e": 31, "f": 15, "g": 1.5,
                    "h": float("inf"), "i": True, "j": "on"}


@pytest.mark.parametrize("value", ["0777", "1_000", "0b101", "-0x1f", "2026-11-30", "2026-11-30T10:00:00Z",
                                   "1" * 25])
def test_forms_yaml_readers_disagree_on_are_refused_with_a_quote_hint(value: str) -> None:
    with pytest.raises(InputError, match="line 1, column 4: this unquoted value is ambiguous.*quote"):
        load_yaml(f"a: {value}\n", "f")
    assert load_yaml(f'a: "{value}"\n', "f").data == {"a": value}


@pytest.mark.parametrize(("key", "kind"), [("~", "null"), ("null", "null"), ("true", "a boolean"), ("1", "a number")])
def test_keys_that_are_not_text_are_refused(key: str, kind: str) -> None:
    with pytest.raises(InputError, match=f'the key "{key}" reads as .*{kind}'):
        load_yaml(f"{key}: 1\n", "f")
    assert load_yaml(f'"{key}": 1\n', "f").data == {key: 1}


def test_a_duplicate_key_names_both_lines() -> None:
    with pytest.raises(InputError, match='line 3: the key "a" is already given on line 1'):
        load_yaml("a: 1\nb: 2\na: 3\n", "f")


def test_every_ambiguous_value_and_duplicate_key_is_listed_in_one_run() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml("a: 0777\nb: ok\nc: 2026-11-30\nb: 1_000\n", "f")
    assert str(caught.value).splitlines() == [
        "f: 4 problems in the YAML",
        "  - line 1, column 4: this unquoted value is ambiguous: YAML readers disagree on it (Pulumi's reads it as "
        "a number or a date); quote it if you mean text, or write the number plainly (no leading zero, no _)",
        "  - line 3, column 4: this unquoted value is ambiguous: YAML readers disagree on it (Pulumi's reads it as "
        "a number or a date); quote it if you mean text, or write the number plainly (no leading zero, no _)",
        "  - line 4, column 4: this unquoted value is ambiguous: YAML readers disagree on it (Pulumi's reads it as "
        "a number or a date); quote it if you mean text, or write the number plainly (no leading zero, no _)",
        '  - line 4: the key "b" is already given on line 2 of the same mapping; merge the two',
    ]


def test_a_long_list_of_problems_is_cut_with_a_count() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml("".join(f"k{i}: 0{i + 10}\n" for i in range(30)), "f")
    lines = str(caught.value).splitlines()
    assert lines[0] == "f: 30 problems in the YAML" and len(lines) == 1 + yamldoc.MAX_LISTED + 1
    assert lines[-1] == f"  … and {30 - yamldoc.MAX_LISTED} more"


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(InputError, match=r"the alias \*a is inside its own anchor"):
        load_yaml("x: &a [1, *a]\n", "f")


def test_an_alias_bomb_is_refused_in_bounded_time() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(9)]
    started = time.monotonic()
    with pytest.raises(InputError, match="aliases expand to more than"):
        load_yaml("\n".join(lines) + "\n", "f")
    assert time.monotonic() - started < 1.0


BASE = "config:\n  launchready:domain:\n    zone: example.com\n    origin:\n      ipv4: [192.0.2.1]\n    records:\n"


def records(count: int) -> str:
    return "".join(f"      - {{type: TXT, name: t{i}, content: abc}}\n" for i in range(count))


def test_a_large_file_without_aliases_is_no_alias_bomb() -> None:
    """40,000 records (1.9 MB, under the 4 MiB limit) are 280,001 values, none of them through an alias."""
    text = BASE + records(40_000)
    assert len(text.encode()) < STACK_FILE.limit
    data = load_yaml(text, "f").data
    assert len(data["config"]["launchready:domain"]["records"]) == 40_000


def test_aliases_in_a_large_file_count_only_what_they_add() -> None:
    """36,000 records and 1,000 copies of a 10-item list: 263,001 values expanded, 11,000 of them from aliases."""
    shared = "    shared: &s [x, x, x, x, x, x, x, x, x, x]\n"
    copies = "    copies: [" + ", ".join(["*s"] * 1_000) + "]\n"
    data = load_yaml(BASE + records(36_000) + shared + copies, "f").data["config"]["launchready:domain"]
    assert len(data["copies"]) == 1_000 and data["copies"][999] == ["x"] * 10
    bomb = "    copies: [" + ", ".join(["*s"] * 30_000) + "]\n"
    with pytest.raises(InputError, match="aliases expand to more than 250,000 values beyond the 7"):
        load_yaml(BASE + records(100) + shared + bomb, "f")


def test_a_huge_count_of_written_values_is_not_called_an_alias_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamldoc, "MAX_VALUES", 10_000)
    with pytest.raises(InputError) as caught:
        load_yaml("x: [" + ",".join(["0"] * 15_000) + "]\n", "f")
    message = str(caught.value)
    assert re.search(r"^f: line 1, column \d+: more than 10,000 values are written out", message), message
    assert "alias bomb" not in message and "Is it the right file?" in message


def test_deep_nesting_is_refused_before_python_recursion_runs_out() -> None:
    with pytest.raises(InputError, match="nested more than 64 levels"):
        load_yaml("a: " + "[" * 600 + "]" * 600 + "\n", "f")
    with pytest.raises(InputError, match="nested more than 128 levels"):
        load_json("[" * 100_000 + "]" * 100_000, "f", "give X")


def test_control_characters_and_lone_surrogates_are_named() -> None:
    with pytest.raises(InputError, match=r"control character \(U\+001B\)"):
        load_yaml('a: "\\e[31m"\n', "f")
    with pytest.raises(InputError, match="line 1"):
        load_yaml("a: \x1b[31m\n", "f")
    with pytest.raises(InputError, match="invalid Unicode character escape"):
        load_yaml('a: "\\ud800"\n', "f")
    with pytest.raises(InputError, match=r"lone surrogate \(U\+D800\)"):
        load_json('{"a": "\\ud800"}', "f", "give X")
    assert load_json('{"a": "\\ud83d\\ude00"}', "f", "give X") == {"a": "\U0001F600"}


def test_a_huge_json_number_is_refused_before_python_builds_it() -> None:
    with pytest.raises(InputError, match="a number of 5000 digits"):
        load_json("[" + "1" * 5000 + "]", "f", "give X")


@pytest.mark.parametrize(("text", "said"), [
    ('{"a": [1, NaN]}', "line 1, column 11: NaN is not a JSON value"),
    ('{"a": "NaN Infinity",\n "b": Infinity}', "line 2, column 7: Infinity is not a JSON value"),
    ("[-Infinity]", "line 1, column 2: -Infinity is not a JSON value"),
    ('{"n":\n\n   1e99999}', "line 3, column 4: the number 1e99999 is beyond the range of a 64-bit float"),
    ("[-1.5E+400]", "line 1, column 2: the number -1.5E+400 is beyond"),
])
def test_json_values_rfc_8259_does_not_have_are_refused_where_they_stand(text: str, said: str) -> None:
    with pytest.raises(InputError) as caught:
        load_json(text, "f", "give X")
    assert str(caught.value).startswith(f"f: not JSON ({said}") and str(caught.value).endswith("); give X")


def test_tiny_and_ordinary_json_numbers_are_read() -> None:
    assert load_json("[1e-99999, 1.5e3, -0, 12345678901234567890]", "f", "X") == [0.0, 1500.0, 0, 12345678901234567890]


def test_merge_keys_read_as_yaml_v3_reads_them() -> None:
    assert load_yaml("b: &b {x: 1, y: 2}\nm: {<<: *b, y: 3}\n", "f").data["m"] == {"x": 1, "y": 3}


def test_of_several_merged_mappings_the_earlier_wins() -> None:
    """yaml.org/type/merge.html, and yaml.v3 (checked against it in test_pulumi_yaml_parity.py)."""
    data = load_yaml("a: &a {x: 1}\nb: &b {x: 2, z: 2}\nm: {<<: [*a, *b], w: 0}\n", "f").data
    assert data["m"] == {"x": 1, "z": 2, "w": 0}


@pytest.mark.parametrize(("text", "said"), [
    ("config:\n\tlaunchready:domain: {}\n", "line 2, column 1: found character that cannot start any token; that "
     "is a tab: YAML indents with spaces only"),
    ("config: {}\n---\nother: 1\n", "the file holds a second YAML document (a second `---`)"),
    ("config:\n  a: 1\n  b\n  c: 2\n", "check this line and the one above for a missing colon"),
    ("config: [1,\n", "fix the YAML syntax"),
])
def test_a_syntax_error_names_its_likely_cause(text: str, said: str) -> None:
    with pytest.raises(InputError, match=re.escape(said)):
        load_yaml(text, "Pulumi.t.yaml")


def test_a_file_saved_as_utf16_without_a_mark_says_so(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.t.yaml"
    path.write_bytes("config:\n  launchready:domain: {}\n".encode("utf-16-le"))
    with pytest.raises(InputError, match="looks saved as UTF-16 .* save it as UTF-8"):
        load_yaml(read_text(path, STACK_FILE), str(path))


@pytest.mark.parametrize("code", [0x202E, 0x2066, 0x202A])
def test_a_bidirectional_control_in_a_value_is_refused(code: int) -> None:
    text = f'records:\n  - {{type: TXT, name: t, content: "v=spf1 {chr(code)}-all"}}\n'
    said = f"line 2, column 35: the value holds a bidirectional control (U+{code:04X})"
    with pytest.raises(InputError, match=re.escape(said)):
        load_yaml(text, "Pulumi.t.yaml")
