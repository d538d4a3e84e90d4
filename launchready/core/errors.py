"""The errors launchready raises, one tree for the whole package.

    LaunchreadyError
    └── InputError            bad flags, unreadable files: the CLI exits 2
        └── SpecError         a stack file that does not describe a valid domain (every problem at once)

A check that fails, or cannot run, is not an error: it is a finding (launchready.core.findings).

Each carries what the CLI needs to print a message that says what, where and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class LaunchreadyError(Exception):
    """Base of every error launchready raises on purpose."""


class InputError(LaunchreadyError):
    """The user gave input that cannot be used: the CLI prints the message and exits 2."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a stack file: the key path, what is wrong, and the fix. `path` is shown; `at` is
    the path as a rule wrote it, kept to find the line when `path` hides a key that could be a credential
    (launchready.core.spec.loading.redacted), and never shown."""

    path: str
    message: str
    line: int | None = None
    at: str = field(default="", repr=False, compare=False)

    def __str__(self) -> str:
        where = f"{self.path} (line {self.line})" if self.line else self.path
        return f"{where}: {self.message}" if self.path else self.message


class SpecError(InputError):
    """A stack file failed validation; `problems` lists every problem found, not only the first."""

    def __init__(self, source: str, problems: list[Problem], key: str = "launchready:domain",
                 structural: bool = False) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.key = key
        self.structural = structural
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{self.source}: {count} {noun} in {self.key}"]
        lines += [f"  - {problem}" for problem in self.problems]
        if self.structural:
            lines.append("  (checks that relate several keys, such as CNAME conflicts and redirect loops, "
                         "run once these are fixed)")
        return "\n".join(lines)
