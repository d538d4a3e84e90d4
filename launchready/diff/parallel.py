"""Both ends of a big diff planned at once: the base revision in a forked child while this process plans
the head, so a diff of a large stack costs about one plan (two cores), not two.

Used only where fork is cheap and safe (Linux: the child starts with every module already imported; the
CLI has no other thread at this point) and for stack files over BIG bytes: below that, the child's start
(~20 ms) and sending the plan back cost more than they save. Any failure of the child itself falls back
to planning the base here; bad input in the base is raised here with the same message.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from launchready.core.errors import InputError
from launchready.diff.revisions import Revision, at_revision, in_working_tree

BIG = 256 * 1024
"""Bytes of stack file (about 4,000 records) from which the base revision is planned in parallel."""


def base_in_child(rev: str, stack: str, project_dir: Path) -> Revision | str:
    """at_revision, with bad input returned as its message (exceptions with extra fields do not pickle)."""
    try:
        return at_revision(rev, stack, project_dir)
    except InputError as exc:
        return str(exc)


def parallel_worthwhile(stack: str, project_dir: Path) -> bool:
    path = project_dir / f"Pulumi.{stack}.yaml"
    return sys.platform == "linux" and path.exists() and path.stat().st_size >= BIG


def both_ends(base: str, head: str | None, stack: str, project_dir: Path) -> tuple[Revision, Revision]:
    """(base, head) revisions of the stack, planned at once when the stack is big."""
    def head_side() -> Revision:
        return at_revision(head, stack, project_dir) if head else in_working_tree(stack, project_dir)

    if not parallel_worthwhile(stack, project_dir):
        return at_revision(base, stack, project_dir), head_side()
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(base_in_child, base, stack, project_dir)
            new = head_side()
            old = future.result()
    except (BrokenProcessPool, OSError):
        old = at_revision(base, stack, project_dir)
    if isinstance(old, str):
        raise InputError(old)
    return old, new
