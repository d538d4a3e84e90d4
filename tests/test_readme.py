"""The README's stack-file sample is a valid spec: a founder copies it first."""

from __future__ import annotations

import re

import yaml

from launchready.plan import build_plan
from launchready.spec import parse_spec
from tests.conftest import ROOT

SAMPLE = re.compile(r"```yaml\n(config:\n  launchready:domain:\n.*?)```", re.DOTALL)


def test_the_readme_stack_sample_plans() -> None:
    samples = SAMPLE.findall((ROOT / "README.md").read_text())
    assert samples, "README.md shows a launchready:domain sample"
    for sample in samples:
        spec = parse_spec(yaml.safe_load(sample)["config"]["launchready:domain"], source="README.md")
        plan = build_plan(spec, "readme")
        names = {record.name for record in plan.records}
        assert {"example.com", "www.example.com", "api.example.com", "_dmarc.example.com"} <= names
