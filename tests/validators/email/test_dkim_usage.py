"""DKIM key records verifiers will not use for mail: h= without sha256 (RFC 8301 §3.1) and s= without
email or * are errors; t=y (testing, RFC 6376 §3.6.1) is a warning in prod. The spec refuses all three."""

from __future__ import annotations

from typing import Any

import pytest

from launchready.core.errors import SpecError
from launchready.core.findings import Finding
from launchready.core.stack import accept
from tests.email.keys import rsa_p
from tests.email.specs import domain, google
from tests.validators.email.crafted import findings_for, split, txt
from validators.email.expect import for_domain

D = "example.com"
KEY = rsa_p()


def key_finding(tags: str, prod: bool = True) -> Finding:
    record = txt(f"sel._domainkey.{D}", *split(f"v=DKIM1; {tags}; k=rsa; p={KEY}"))
    found = findings_for(record, for_domain(D, ("sel",), prod=prod))
    return next(f for f in found if f.check == "email.dkim.key")


@pytest.mark.parametrize(("tags", "words"), [
    ("h=sha1", "remove h= or set h=sha256"),
    ("s=foo", "remove s= or set s=email"),
    ("s=foo:bar", "set s=email"),
])
def test_keys_verifiers_refuse_are_errors(tags: str, words: str) -> None:
    found = key_finding(tags, prod=False)
    assert found.severity.value == "error" and words in found.message and f"{tags} " in found.message


@pytest.mark.parametrize("tags", ["h=sha1:sha256", "h=sha256", "s=email", "s=*", "s=email:other", "t=s"])
def test_usable_tags_pass(tags: str) -> None:
    assert key_finding(tags).severity.value == "info"


def test_testing_key_warns_in_prod_only() -> None:
    found = key_finding("t=y")
    assert found.severity.value == "warning" and "Remove t=y" in found.message
    assert key_finding("t=y:s", prod=False).severity.value == "info"
    assert key_finding("t=s:y").severity.value == "warning"


@pytest.mark.parametrize(("tags", "words"), [("h=sha1", "h=sha256"), ("s=foo", "s=email"), ("t=y", "remove t=y")])
def test_the_spec_refuses_such_a_dkim_key(tags: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        accept(domain({"send": [google(dkim_key=f"v=DKIM1; {tags}; k=rsa; p={KEY}")]}))
    (problem,) = [str(p) for p in caught.value.problems]
    assert problem.startswith("email.send[0].dkim_key: ") and words in problem


def test_the_spec_refuses_such_a_record_under_records() -> None:
    record: dict[str, Any] = {"name": "sel._domainkey", "type": "TXT", "content": f"v=DKIM1; h=sha1; p={KEY}"}
    with pytest.raises(SpecError) as caught:
        accept(domain(None, [record]))
    assert [str(p).split(":")[0] for p in caught.value.problems] == ["records[0].content"]
