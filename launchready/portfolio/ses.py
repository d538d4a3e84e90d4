"""`email ses` over several stacks: every stack file read and checked first, then one SES client sets up
each stack's identity in turn, and each stack's block prints as soon as it is done, then one line for the
run. The stacks need not plan yet (`email ses` runs before `launchready plan` can succeed), so each file is
read as the one-stack command reads it, not loaded as a plan.

A stack whose file is broken or unwritable, or whose zone another stack of the run also declares (an SES
identity is per domain), is refused before any SES call; one whose SES call or write-back fails is its own
block; each is exit code 2 while the others still run. Each file is written atomically on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from launchready.aws import ses as ses_api
from launchready.aws.ses_setup import NEXT_STEP, call_ses, done_lines, prepare, record, still_needs_work
from launchready.aws.stack_edit import StackEdit
from launchready.core.errors import InputError
from launchready.portfolio.load import shared_zones
from launchready.portfolio.render import headline, text_body, text_heading
from launchready.portfolio.section import Section, worst_exit
from launchready.portfolio.targets import StackTarget, Targets

TITLE = "launchready email ses"


@dataclass(frozen=True)
class Prepared:
    """A stack file opened for its edit, or the bad-input message that stopped it before any SES call."""

    target: StackTarget
    edit: StackEdit | None = None
    problem: str | None = None

    @property
    def zone(self) -> str | None:
        return self.edit.zone if self.edit is not None else None


def run_ses_setup(targets: Targets, region: str, endpoint_url: str | None, timeout: float,
                  echo: Callable[[str], Any]) -> int:
    """Set up every stack, echoing a block per stack as it is done and then the run's line; the worst
    exit code."""
    prepared = prepare_all(targets.stacks)
    try:
        client = ses_api.client(region, endpoint_url, timeout)  # one client (one connection pool) for all
    except ses_api.SesError as exc:
        raise InputError(str(exc)) from None
    sections = []
    for item in prepared:
        sections.append(set_up(client, region, item))
        echo(block(sections[-1]))
    echo(closing(sections))
    return worst_exit(sections)


def prepare_all(stacks: tuple[StackTarget, ...]) -> list[Prepared]:
    """Every file read and checked; two stacks declaring one zone are both refused."""
    prepared = [prepare_one(target) for target in stacks]
    problems = shared_zones([(item.target.path, item.zone) for item in prepared])
    return [Prepared(item.target, problem=problems[i]) if i in problems else item for i, item in enumerate(prepared)]


def prepare_one(target: StackTarget) -> Prepared:
    if target.problem:
        return Prepared(target, problem=target.problem)
    try:
        return Prepared(target, prepare(target.path))
    except InputError as exc:
        return Prepared(target, problem=f"error: {exc}")


def set_up(client: Any, region: str, item: Prepared) -> Section:
    """The stack's SES calls and write-back, as a section whose body is the one-stack command's lines."""
    key, path, edit = item.target.key, item.target.path, item.edit
    if edit is None:
        return Section(key, path, None, 2, problem=item.problem)
    try:
        identity = call_ses(client, edit)
        record(edit, region, identity)
    except (ses_api.SesError, InputError) as exc:
        return Section(key, path, edit.zone, 2, problem=f"error: {exc}")
    problem = still_needs_work(edit.path)
    body = "\n".join([*done_lines(edit, region, identity), problem or NEXT_STEP])
    return Section(key, path, edit.zone, 2 if problem else 0, document=identity, body=body,
                   gist=f"SES identity {'created' if identity.created else 'found'}")


def block(section: Section) -> str:
    """The stack's heading (key, zone, file), its lines, and a blank line before the next block."""
    return f"== {text_heading(section)} ==\n{text_body(section).rstrip()}\n"


def closing(sections: list[Section]) -> str:
    """The run's verdict, and how many stacks got their identity and tokens written (a stack written whose
    file still needs work counts as set up, and as bad input in the verdict)."""
    written = sum(section.document is not None for section in sections)
    return f"{headline(sections, TITLE)}; {written} stack(s) set up in SES, {len(sections) - written} failed"
