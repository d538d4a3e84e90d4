"""Findings from typed subjects: a check builds one Subject and shares it; a misspelt field is an error."""

from __future__ import annotations

import ast
import dataclasses

import pytest

from launchready.core.findings import Finding, Severity, Subject, failed, passed
from tests.conftest import ROOT


def test_a_finding_carries_its_subject_and_its_own_values() -> None:
    subject = Subject(type="TXT", resolver="127.0.0.1:53", expected="v=spf1 -all")
    finding = failed("email.spf.record", "example.org", "two SPF records", subject, warning=True,
                     observed=["v=spf1 -all", "v=spf1 ~all"])
    assert finding == Finding(check="email.spf.record", severity=Severity.WARNING, name="example.org",
                              message="two SPF records", type="TXT", resolver="127.0.0.1:53",
                              expected="v=spf1 -all", observed=["v=spf1 -all", "v=spf1 ~all"])
    assert subject.observed is None


def test_but_replaces_only_the_named_fields() -> None:
    subject = Subject(url="https://www.example.net/", expected="max-age=31536000")
    changed = subject.but(observed="max-age=60")
    assert changed == Subject(url="https://www.example.net/", expected="max-age=31536000", observed="max-age=60")
    assert passed("http.hsts", "www.example.net", "ok", changed).model_dump() == {
        "check": "http.hsts", "severity": Severity.INFO, "name": "www.example.net", "message": "ok", "type": None,
        "resolver": None, "url": "https://www.example.net/", "expected": "max-age=31536000",
        "observed": "max-age=60", "location": None}


def test_a_subject_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Subject().url = "https://example.com/"  # type: ignore[misc]


def test_a_misspelt_field_is_refused_not_added() -> None:
    with pytest.raises(TypeError, match="observd"):
        passed("dns.answer", "example.com", "ok", Subject(type="A"), observd=["192.0.2.1"])  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="urll"):
        Subject(urll="https://example.com/")  # type: ignore[call-arg]


def spread_calls(path: str) -> list[str]:
    tree = ast.parse((ROOT / path).read_text())
    return [f"{path}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("passed", "failed")
            and any(keyword.arg is None for keyword in node.keywords)]


def test_checks_pass_subjects_not_spread_dicts() -> None:
    paths = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "validators").rglob("*.py"))
    assert [hit for path in paths for hit in spread_calls(path)] == []
