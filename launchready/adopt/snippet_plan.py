"""The snippet planned as a whole: each entry passes the spec's rules on its own (snippet.declarable), but
the plan's rules compare records with each other (launchready.core.plan.checks: a CAA set that leaves out
Cloudflare's CAs, a DNS-only address beside a proxied one, a Cloudflare address as an origin, a CNAME beside
other data). Here the entries are added to the stack's spec and planned the way `launchready plan` plans
it; every entry the plan refuses is left out with the planner's reason, until the rest plans (N entries:
at most N rounds, each dropping one entry or more)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from launchready.adopt.model import ExistingRecord, PlanRefusal
from launchready.adopt.snippet import copied_comment, declarable, snippet_fields
from launchready.core.dnsname import relative
from launchready.core.errors import Problem, SpecError
from launchready.core.spec.models import DomainSpec

RECORD_PATH = re.compile(r"records\[(\d+)\]")
FIX = ("it stays as it is in Cloudflare; change or delete it in the dashboard (or change the spec) and run "
       "adopt again for its entry")


class Entries:
    """The snippet's candidate entries, as the spec's records after the `base` the spec declares."""

    def __init__(self, spec: DomainSpec, zone: str, records: Sequence[ExistingRecord], comment_limit: int) -> None:
        self.spec, self.zone, self.base = spec, zone, len(spec.records)
        self.records, self.comment_limit = list(records), comment_limit

    def fields(self) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = []
        for record in self.records:
            note, _ = copied_comment(record, f"records[{self.base + len(rows)}]", self.comment_limit)
            comment = [("comment", note)] if note else []
            rows.append(dict(snippet_fields(record, relative(record.name, self.zone)) + comment))
        return rows

    def problems(self, stack: str) -> list[Problem]:
        """What `plan` finds in the spec with these entries added (names masked as plan masks them)."""
        from launchready.core.plan import build_plan
        from launchready.core.plan.checks import plan_problems
        from launchready.core.spec.loading import redacted, typed_spec
        from launchready.core.spec.rules import spec_problems

        rows = self.fields()
        try:
            added = typed_spec({"zone": self.zone, "records": rows}).records
        except SpecError as error:  # each entry passed alone; together they are refused only by the rules
            return [replace(p, at=self.shifted(p.at or p.path)) for p in error.problems]  # masked already
        spec = self.spec.model_copy(update={"records": (*self.spec.records, *added)})
        problems = spec_problems(spec) + plan_problems(build_plan(spec, stack), spec)
        return redacted(problems, {"spec": self.spec.model_dump(mode="json"), "records": rows}) if problems else []

    def shifted(self, path: str) -> str:
        """A path of the snippet's entries read alone (`records[0]` first) as a path of the spec they join."""
        return RECORD_PATH.sub(lambda found: f"records[{self.base + int(found[1])}]", path, count=1)

    def named(self, text: str) -> str:
        """The message with each snippet entry's path replaced by the zone record it stands for."""
        def record(found: re.Match[str]) -> str:
            index = int(found[1]) - self.base
            if 0 <= index < len(self.records):
                entry = self.records[index]
                return f"the snippet's {relative(entry.name, self.zone)} {entry.type} entry"
            return found[0]
        return RECORD_PATH.sub(record, text)

    def blamed(self, problem: Problem) -> list[int]:
        """The entries a problem is about: the one at its path, else those its message names, else those at
        a name it names, else every entry (the round still ends with the rest planning or empty)."""
        at = self.index(RECORD_PATH.match(problem.at or problem.path))
        if at is not None:
            return [at]
        cited = [i for found in RECORD_PATH.finditer(problem.message) if (i := self.index(found)) is not None]
        named = [i for i, r in enumerate(self.records) if re.search(rf"\b{re.escape(r.name)}\b", problem.message)]
        return cited or named or list(range(len(self.records)))

    def index(self, found: re.Match[str] | None) -> int | None:
        index = int(found[1]) - self.base if found else -1
        return index if 0 <= index < len(self.records) else None

    def reason(self, problem: Problem) -> str:
        where = RECORD_PATH.sub("", problem.at or problem.path, count=1).lstrip(".")
        message = self.named(problem.message)
        field = f"{where}: " if where and not where.startswith("[") and "records" not in where else ""
        return f"`plan` refuses it beside the spec and the rest of the snippet ({field}{message}); {FIX}"


def plan_refusals(spec: DomainSpec, stack: str, zone: str, undeclared: Iterable[ExistingRecord],
                  comment_limit: int) -> tuple[PlanRefusal, ...]:
    """Every declarable undeclared record the plan refuses once the snippet is in the spec, with why."""
    entries = Entries(spec, zone, [r for r in undeclared if declarable(r, zone)], comment_limit)
    refused: list[PlanRefusal] = []
    for _ in range(len(entries.records)):
        problems = entries.problems(stack) if entries.records else []
        if not problems:
            break
        blame: dict[int, str] = {}
        for problem in problems:
            for index in entries.blamed(problem):
                blame.setdefault(index, entries.reason(problem))
        refused += [PlanRefusal(record=entries.records[i], reason=why) for i, why in sorted(blame.items())]
        entries.records = [r for i, r in enumerate(entries.records) if i not in blame]
    return tuple(refused)
