"""records[].comment: sent as the record's Cloudflare comment, refused when it cannot be (exit 2)."""

from __future__ import annotations

from typing import Any

import pytest

from launchready.core.stack import accept
from tests.spec.test_errors import BASE, problems_of


def with_comment(comment: str, **changes: Any) -> dict[str, Any]:
    record = {"name": "help", "type": "CNAME", "content": "support.example.net", "comment": comment}
    return {**BASE, "records": [record], **changes}


def test_the_comment_is_planned_on_its_record_only() -> None:
    plan = accept(with_comment("Zendesk, owner: support team")).plan
    notes = {record.source: record.note for record in plan.records}
    assert notes["records[0]"] == "Zendesk, owner: support team"
    assert {note for source, note in notes.items() if source != "records[0]"} == {None}


def test_a_comment_over_the_free_plans_limit_is_refused_with_the_room_left() -> None:
    problems = problems_of(with_comment("x" * 70))
    assert problems == ['records[0].comment: is 70 characters; with launchready\'s marker "(managed by launchready, '
                        "records[0])\" it is over Cloudflare's 100-character comment limit on the free plan; "
                        "shorten it to 63 characters"]


@pytest.mark.parametrize(("length", "plan"), [(63, "free"), (400, "pro")])
def test_a_comment_within_the_plans_limit_is_accepted(length: int, plan: str) -> None:
    planned = accept(with_comment("x" * length, plan=plan)).plan
    assert {record.source: record.note for record in planned.records}["records[0]"] == "x" * length


def test_a_comment_with_a_line_break_is_refused() -> None:
    problems = problems_of(with_comment("Zendesk\nowner: support"))
    assert problems == ["records[0].comment: holds a line break, which a Cloudflare record comment cannot; "
                        "write it on one line"]
