"""The plan's text table is laid out without rich when it fits: the bytes must equal rich's own layout,
and anything that would wrap must still go through rich."""

from __future__ import annotations

import pytest

from launchready.core.plan import DomainPlan, build_plan
from launchready.core.spec.loading import parse_spec
from launchready.render.plan import plain_tables, render_text, rich_tables
from tests.email.keys import rsa_record


def plan_with(records: list[dict[str, object]]) -> DomainPlan:
    spec = parse_spec({"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]}, "records": records})
    return build_plan(spec, "layout")


@pytest.mark.parametrize("name", ["prod", "staging"])
def test_example_stacks_lay_out_exactly_as_rich_does(name: str, request: pytest.FixtureRequest) -> None:
    plan = request.getfixturevalue(f"{name}_plan")
    assert plain_tables(plan, 170) == rich_tables(plan, 170)


def test_elided_content_and_many_records_match_rich() -> None:
    long_text = rsa_record()
    records = [{"name": "sel._domainkey", "type": "TXT", "content": long_text}]
    records += [{"name": f"host{i}", "type": "A", "content": f"192.0.2.{i + 1}"} for i in range(60)]
    plan = plan_with(records)
    fast = plain_tables(plan, 170)
    assert fast is not None and "…" in fast
    assert fast == rich_tables(plan, 170)


def test_a_table_too_wide_for_the_width_is_left_to_rich(prod_plan: DomainPlan) -> None:
    assert plain_tables(prod_plan, 60) is None
    assert render_text(prod_plan, 60) == rich_tables(prod_plan, 60)
