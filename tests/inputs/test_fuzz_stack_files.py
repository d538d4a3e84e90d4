"""Stack files from hypothesis, as structures and as raw bytes, through the loader and the planner in
process (what every command does first): each one plans or is refused as bad input (InputError, exit 2),
never another exception, within a time and memory bound. At least 1,000 examples each under CI=true
(run by .ci/run), 200 otherwise."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchready.core.errors import InputError
from launchready.core.stack import load_plan
from tests.conftest import ON_CI

EXAMPLES = 1000 if ON_CI else 200
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SECONDS, BYTES = 2.0, 64 * 1024 * 1024
TEMPLATE = ("config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"
            "    hosts: {www: {}, api: {cname: api.example.net}}\n"
            "    records: [{name: t, type: TXT, content: \"v=spf1 -all\"}]\n")

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(["yes", "off", "~", "5:00", "0777", "1_000", "2026-11-30", "@", "*",
                                           "example.com", "fe80::1%eth0", "192.0.2.1", "\x1b[2J", "\ud800"]),
)
KEYS = st.sampled_from(["zone", "name", "hosts", "www", "api", "records", "type", "content", "ttl", "proxied",
                        "origin", "ipv4", "ipv6", "cname", "email", "send", "tls", "ssl", "redirects", "from",
                        "to", "caa", "cache", "plan", "monitoring", "rate_limits", "<<", "~"]) | st.text(max_size=8)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                      max_leaves=30)


def plans_or_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "Pulumi.fuzz.yaml"
    path.write_bytes(data)
    tracemalloc.start()
    started = time.monotonic()
    try:
        load_plan(None, path, tmp_path)
    except InputError:
        pass  # SpecError is an InputError: exit 2 with a message
    finally:
        elapsed, peak = time.monotonic() - started, tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < SECONDS, f"{elapsed:.1f}s for {len(data)} bytes"
    assert peak < BYTES, f"{peak / 1e6:.0f} MB for {len(data)} bytes"


def dumped(spec: Any) -> bytes:
    document = {"config": {"launchready:domain": spec}}
    return yaml.safe_dump(document, allow_unicode=True).encode("utf-8", "surrogatepass")


@FUZZ
@given(spec=st.dictionaries(KEYS, VALUES, max_size=6))
def test_random_structures(tmp_path_factory: Any, spec: dict[str, Any]) -> None:
    plans_or_is_refused(tmp_path_factory.mktemp("s"), dumped(spec))


@FUZZ
@given(position=st.integers(0, len(TEMPLATE)), noise=st.binary(max_size=24))
def test_random_bytes_in_a_valid_stack_file(tmp_path_factory: Any, position: int, noise: bytes) -> None:
    data = TEMPLATE.encode()
    plans_or_is_refused(tmp_path_factory.mktemp("b"), data[:position] + noise + data[position:])


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("[]{}&*!|>-:?,'\"#%@` \n\tab1~.")), max_size=300))
def test_random_yaml_syntax(tmp_path_factory: Any, text: str) -> None:
    plans_or_is_refused(tmp_path_factory.mktemp("y"), ("config:\n  launchready:domain:\n    " + text).encode())


def test_an_infinite_number_where_a_mapping_belongs_is_bad_input(tmp_path: Path) -> None:
    """Found by test_random_structures: `zone: .inf` crashed the message (int(inf))."""
    plans_or_is_refused(tmp_path, dumped({"zone": float("inf")}))
