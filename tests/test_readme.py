"""The README's stack-file sample is a valid spec: a founder copies it first."""

from __future__ import annotations

import re

import yaml

from launchready.core.plan import build_plan
from launchready.core.stack import accept
from tests.conftest import ROOT

SAMPLE = re.compile(r"```yaml\n(config:\n  launchready:domain:\n.*?)```", re.DOTALL)


def test_the_readme_stack_sample_plans() -> None:
    samples = SAMPLE.findall((ROOT / "README.md").read_text())
    assert samples, "README.md shows a launchready:domain sample"
    for sample in samples:
        spec = accept(yaml.safe_load(sample)["config"]["launchready:domain"], source="README.md").spec
        plan = build_plan(spec, "readme")
        names = {record.name for record in plan.records}
        assert {"example.com", "www.example.com", "api.example.com", "_dmarc.example.com"} <= names


BAD_STACK = """config:
  launchready:domain:
    zone: example.com
    origin: {ipv4: [192.0.2.10]}
    hosts:
      apex: {}
      www: {ttl: 300}
      api: {cname: api-origin.example.net}
    records:
      - {name: api, type: TXT, content: "verify=1"}
    redirects:
      - {from: /a, to: /b}
      - {from: /b, to: /a}
"""


def test_the_readme_error_sample_is_what_plan_prints(tmp_path, monkeypatch) -> None:
    from tests.clirun import invoke

    (tmp_path / "Pulumi.bad.yaml").write_text(BAD_STACK)
    monkeypatch.chdir(tmp_path)
    run = invoke("plan", "--stack-file", "Pulumi.bad.yaml")
    readme = (ROOT / "README.md").read_text()
    sample = readme.split("$ launchready plan --stack-file Pulumi.bad.yaml\n", 1)[1].split("```", 1)[0]
    assert run.code == 2
    assert run.stderr == sample
