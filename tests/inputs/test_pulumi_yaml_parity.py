"""Plan and apply read the same values: every plain scalar launchready accepts is read exactly as Pulumi
reads it, by gopkg.in/yaml.v3 itself (tests/inputs/yamlv3/main.go, built with Debian's golang-go and
golang-gopkg-yaml.v3-dev). A scalar launchready refuses as ambiguous is left out: that refusal is the
point. Thousands of scalars from a grammar of the characters that matter (digits, signs, `.`, `_`, `:`,
`0x`/`0o`/`0b`, the YAML 1.1 and 1.2 words), compared in one run of the Go reader."""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchready.core.errors import InputError
from launchready.core.inputs.yamldoc import load_yaml
from tests.conftest import ON_CI, missing_tool

GOPATH = Path("/usr/share/gocode")
SOURCE = Path(__file__).parent / "yamlv3" / "main.go"
WORDS = ["yes", "no", "on", "off", "y", "n", "true", "True", "TRUE", "false", "FALSE", "null", "Null", "NULL", "~",
         ".inf", "-.inf", "+.INF", ".nan", ".NaN", "<<", "=", "0x", "0o", "0b", "1e3", "1E-2", "5:00", "1:30:00"]
PIECES = list("0123456789") + ["0", "0", "1", "-", "+", ".", "_", ":", "e", "E", "x", "o", "b", "a", "f", "T", "Z"]


@pytest.fixture(scope="module")
def yaml_v3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("go") is None or not (GOPATH / "src" / "gopkg.in" / "yaml.v3").is_dir():
        missing_tool("needs Go and gopkg.in/yaml.v3: apt-get install golang-go golang-gopkg-yaml.v3-dev "
                     "(.ci/run does it)")
    folder = tmp_path_factory.mktemp("yamlv3")
    binary = folder / "yamlv3"
    env = {**os.environ, "GO111MODULE": "off", "GOPATH": str(GOPATH), "GOCACHE": str(folder / "cache")}
    subprocess.run(["go", "build", "-o", str(binary), str(SOURCE)], env=env, check=True, timeout=120)
    return binary


def scalars(count: int = 20000) -> list[str]:
    chance = random.Random(20261130)
    made = {"".join(chance.choice(PIECES) for _ in range(chance.randint(1, 8))) for _ in range(count)}
    made |= {f"{sign}{word}" for word in WORDS for sign in ("", "-", "+")}
    made |= {f"{a}{b}" for a in ("0", "1", "-1", "+0", "00") for b in ("", "7", "8", "x1F", "o17", "b101", ".5",
                                                                         "_000", "e5", ":30")}
    return sorted(made)


def launchready_value(text: str) -> tuple[bool, Any]:
    try:
        return True, load_yaml(f"v: {text}\n", "scalar").data["v"]
    except InputError:
        return False, None


def same(ours: Any, theirs: dict[str, str]) -> bool:
    kind, text = theirs.get("type"), theirs.get("text", "")
    if ours is None:
        return kind == "<nil>"
    if isinstance(ours, bool):
        return kind == "bool" and text == str(ours).lower()
    if isinstance(ours, int):
        return kind in ("int", "int64", "uint64") and text == str(ours)
    if isinstance(ours, float):
        go = float(text.replace("+Inf", "inf").replace("-Inf", "-inf"))
        return kind == "float64" and (ours == go or (math.isnan(ours) and math.isnan(go)))
    return kind == "string" and text == ours


@pytest.mark.debian
def test_every_accepted_plain_scalar_reads_as_pulumi_reads_it(yaml_v3: Path) -> None:
    texts = scalars()
    answer = subprocess.run([str(yaml_v3)], input="\n".join(texts) + "\n", capture_output=True, text=True,
                            check=True, timeout=60)
    theirs = [json.loads(line) for line in answer.stdout.splitlines()]
    assert len(theirs) == len(texts)
    accepted, differ = 0, []
    for text, go in zip(texts, theirs, strict=True):
        ok, ours = launchready_value(text)
        if not ok:
            continue
        accepted += 1
        if "error" in go or not same(ours, go):
            differ.append((text, ours, go))
    assert not differ, differ[:20]
    assert accepted > len(texts) // 2  # most scalars are read, not refused


def floats(pairs: dict[str, Any]) -> Any:
    """{"float": "1e+16"} from the Go reader is the float 1e16."""
    return float(pairs["float"].replace("Inf", "inf")) if set(pairs) == {"float"} else pairs


def same_tree(ours: Any, theirs: Any) -> bool:
    """Equal values of equal types (True is not 1, 1.0 is not 1)."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict):
        return ours.keys() == theirs.keys() and all(same_tree(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, list):
        return len(ours) == len(theirs) and all(same_tree(a, b) for a, b in zip(ours, theirs, strict=True))
    return bool(ours == theirs)


DOCUMENTS = [
    "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nm:\n  <<: [*a, *b]\n  w: 0\nn:\n  x: 9\n  <<: *a\n",
    "yes: on\nno: off\n'true': y\nn: ~\nempty:\nlist: [a, ~, '', \"x\"]\n",
    "text: |\n  line one\n  line two\nfolded: >\n  one\n  two\n\nkept: |+\n  x\n\nend: 1\n",
    'quoted: "tab\\there, \\u00e9, \\U0001F600, \\x41"\nsingle: \'it\'\'s\'\n',
    "config:\n  launchready:domain:\n    zone: example.com\n    hosts: {www: {ttl: 300, proxied: false}}\n"
    "    records:\n      - {name: '@', type: TXT, content: v=spf1 -all}\n      - name: x\n        type: A\n",
    "nested: [[1, [2, [3, {a: [4]}]]], {b: {c: {d: e}}}]\nnum: [0, -1, +2, 1.5, -0.0, 1e3, 0x10, 0o10]\n",
    "? complex key written plainly\n: value\nanchor: &s shared\nalias: *s\n",
]


@pytest.mark.debian
def test_whole_documents_read_as_pulumi_reads_them(yaml_v3: Path) -> None:
    answer = subprocess.run([str(yaml_v3), "documents"], input="---\n".join(DOCUMENTS), capture_output=True,
                            text=True, check=True, timeout=60)
    theirs = [json.loads(line, object_hook=floats) for line in answer.stdout.splitlines()]
    ours = [load_yaml(text, f"document {i}").data for i, text in enumerate(DOCUMENTS)]
    assert all(same_tree(a, b) for a, b in zip(ours, theirs, strict=True)), (ours, theirs)


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12) | st.sampled_from(WORDS)
LEAVES = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TEXT | st.floats(allow_nan=False,
                                                                                           allow_infinity=False)
TREES = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                     max_leaves=20)


@pytest.mark.debian
@settings(max_examples=1000 if ON_CI else 200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=st.dictionaries(TEXT, TREES, min_size=1, max_size=5),
       style=st.sampled_from([None, True, False]))
def test_generated_documents_read_as_pulumi_reads_them(yaml_v3: Path, tree: dict[str, Any], style: bool | None) -> None:
    text = yaml.safe_dump(tree, default_flow_style=style, allow_unicode=True)
    try:
        ours = load_yaml(text, "generated").data
    except InputError:
        return  # refused (an ambiguous form, a non-text key): Pulumi never sees a different value
    answer = subprocess.run([str(yaml_v3), "documents"], input=text, capture_output=True, text=True, check=True,
                            timeout=30)
    theirs = json.loads(answer.stdout, object_hook=floats)
    assert same_tree(ours, theirs), text
