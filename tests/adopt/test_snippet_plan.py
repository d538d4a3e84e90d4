"""adopt's snippet plans as a whole, not only entry by entry: entries the plan's rules refuse beside each
other or beside the spec (a CAA set without Cloudflare's CAs, a DNS-only address beside a proxied one, a
Cloudflare address as an origin, a CNAME beside other data) are left out with the planner's reason, in every
format, and the rest, pasted into the spec, plans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from launchready.adopt.model import ExistingRecord
from launchready.adopt.snippet_plan import plan_refusals
from launchready.cli import app
from launchready.core.stack import accept
from tests.adopt.conftest import SPEC, write_project
from tests.adopt.test_adopt_rules import apply_snippet
from tests.adopt.test_overwrites import HEAD

runner = CliRunner()
GOOD = {
    "good A 192.0.2.70": "good IN A 192.0.2.70\n",
    "notes TXT": 'notes IN TXT "hello"\n',
    "blog TXT": 'blog IN TXT "blog-verification=1"\n',
    "mixed A 192.0.2.61": "mixed 1 IN A 192.0.2.61 ; cf_tags=cf-proxied:true\n",
}
BAD = {
    "shop CAA": ('shop IN CAA 0 issue "digicert.com"\n', "leaves out letsencrypt.org"),
    "mixed A 192.0.2.62": ("mixed IN A 192.0.2.62\n", "would be proxied anyway"),
    "edge A 104.16.0.1": ("edge IN A 104.16.0.1\n", "is a Cloudflare address"),
    "blog CNAME": ("blog IN CNAME blog.example.org.\n", "cannot share the name"),
    "app TXT": ('app IN TXT "app-verification=2"\n', "cannot share the name"),
}
ZONE = "".join(GOOD.values()) + "".join(line for line, _ in BAD.values())


def adopt(tmp_path: Path, project: Path, fmt: str) -> tuple[int, str]:
    zone = tmp_path / "existing.zone"
    zone.write_text(HEAD + ZONE)
    result = runner.invoke(app, ["adopt", "--stack", "staging", "--project-dir", str(project), "--zone-file",
                                 str(zone), "--format", fmt])
    return result.exit_code, result.stdout


def test_the_snippet_pasted_into_the_spec_plans(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", SPEC)
    code, out = adopt(tmp_path, project, "json")
    doc: dict[str, Any] = json.loads(out)
    assert code == 0, out
    snippet = doc["spec_snippet"]
    assert all(f'"{label.split()[0]}"' in snippet for label in GOOD)
    assert '"digicert.com"' not in snippet and '"104.16.0.1"' not in snippet and '"192.0.2.62"' not in snippet
    assert '"blog.example.org"' not in snippet and '"app-verification=2"' not in snippet
    apply_snippet(project, snippet)
    result = runner.invoke(app, ["plan", "--stack", "staging", "--project-dir", str(project)])
    assert result.exit_code == 0, result.stdout + result.stderr
    _, out = adopt(tmp_path, project, "json")  # exit 1 now: the DNS-only address left out splits mixed's set
    assert json.loads(out)["spec_snippet"] == "", "nothing is left to add"


def test_each_refused_entry_is_listed_with_the_planners_reason_in_every_format(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", SPEC)
    for fmt in ("text", "markdown", "json"):
        _, out = adopt(tmp_path, project, fmt)
        left = out[out.index("Not in the snippet"):] if fmt != "json" else "\n".join(json.loads(out)["notes"])
        for label, (_, reason) in BAD.items():
            name, rtype = label.split()[:2]
            lines = [line for line in left.splitlines() if f"{name} {rtype}" in line and reason in line]
            assert lines and all("run adopt again" in line for line in lines), (fmt, label, left)
        listed = [line.strip(" -`").removeprefix("left out of spec_snippet: ") for line in left.splitlines()]
        assert not any(line.startswith(label) for line in listed for label in GOOD), (fmt, left)




def test_what_one_round_leaves_is_planned_again_until_it_plans() -> None:
    """Two CNAMEs and a TXT at one name (a zone file holds one CNAME a name, the API may hold more): the plan
    blames one CNAME a round; both go, the TXT stays."""
    spec, plan = accept(SPEC, stack="staging")
    records = [ExistingRecord(name="dup.example.net", type=rtype, content=content, ttl=300)
               for rtype, content in (("CNAME", "one.example.org"), ("CNAME", "two.example.org"), ("TXT", "kept"))]
    refused = plan_refusals(spec, plan.stack, plan.zone, records, 100)
    assert [r.record.content for r in refused] == ["one.example.org", "two.example.org"], refused
    assert all("cannot share the name" in r.reason and "run adopt again" in r.reason for r in refused)
