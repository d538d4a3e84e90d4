"""Read a stack file once, at the edge, into a `DomainSpec`, or fail with every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from launchready.core.errors import InputError, Problem, SpecError
from launchready.core.spec.lines import duplicate_key, with_lines
from launchready.core.spec.messages import structural_problems
from launchready.core.spec.models import DomainSpec
from launchready.core.spec.rules import spec_problems

DEFAULT_PROJECT = "launchready"
SPEC_KEY = "domain"


@dataclass(frozen=True)
class Stack:
    """A parsed stack: its name, where it came from, and the validated spec."""

    name: str
    path: Path
    spec: DomainSpec


def stack_path(stack: str | None, stack_file: Path | None, project_dir: Path | None = None) -> Path:
    """Resolve `--stack NAME` (Pulumi.NAME.yaml in the project) or `--stack-file PATH`, never both."""
    if stack_file is not None and stack:
        raise InputError(f"give --stack {stack} or --stack-file {stack_file}, not both: they could name "
                         "different stacks")
    if stack_file is not None:
        return stack_file
    if not stack:
        raise InputError("name a stack with --stack NAME (reads Pulumi.NAME.yaml) or --stack-file PATH")
    return (project_dir or Path.cwd()) / f"Pulumi.{stack}.yaml"


def stack_name(path: Path) -> str:
    parts = path.name.split(".")
    return parts[1] if len(parts) == 3 and parts[0] == "Pulumi" else path.stem


def project_name(path: Path) -> str:
    """The Pulumi project name (the config namespace), read from Pulumi.yaml beside the stack file."""
    project_file = path.parent / "Pulumi.yaml"
    try:
        data = yaml.safe_load(project_file.read_text())
    except (OSError, yaml.YAMLError):
        return DEFAULT_PROJECT
    return str(data.get("name", DEFAULT_PROJECT)) if isinstance(data, dict) else DEFAULT_PROJECT


def stack_hint(directory: Path) -> str:
    """Which stacks exist beside a missing one, so a typo in --stack is one look away from the fix."""
    stacks = sorted(stack_name(p) for p in directory.glob("Pulumi.*.yaml"))
    if not stacks:
        return "create it or pass --stack-file"
    return f"the stacks beside it are {', '.join(stacks)} (--stack NAME), or pass --stack-file"


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise InputError(f"{path}: no such stack file; {stack_hint(path.parent)}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    return parse_yaml(text, str(path))


def parse_yaml(text: str, source: str) -> Any:
    """A stack file's YAML, read as strictly as Pulumi reads it: a key given twice in one mapping is an
    error with both lines (PyYAML would keep the last silently; Pulumi's parser refuses the file)."""
    try:
        document = yaml.safe_load(text)
        twice = duplicate_key(yaml.compose(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"{source}:{where}: {reason}; fix the YAML syntax") from None
    if twice:
        key, first, again = twice
        raise InputError(f'{source}: line {again}: the key "{key}" is already given on line {first} of the '
                         "same mapping; merge the two") from None
    return document


def raw_spec(path: Path, document: Any, key: str) -> Any:
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, dict) or key not in config:
        raise SpecError(str(path), [Problem("", f"the stack file has no config key {key}; add one "
                                            "(docs/config.md lists every key)")], key)
    return config[key]


def load_stack(path: Path) -> Stack:
    """Parse and validate a stack file; raises InputError or SpecError (exit code 2 at the CLI)."""
    key = f"{project_name(path)}:{SPEC_KEY}"
    data = raw_spec(path, read_yaml(path), key)
    try:
        spec = parse_spec(data, source=str(path), key=key)
    except SpecError as error:
        raise with_lines(error, path.read_text()) from None
    return Stack(name=stack_name(path), path=path, spec=spec)


def parse_spec(data: Any, source: str = "spec", key: str = f"{DEFAULT_PROJECT}:{SPEC_KEY}") -> DomainSpec:
    """Structural validation by the models, then the cross-key rules; every problem in one SpecError."""
    try:
        spec = DomainSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(source, structural_problems(exc.errors()), key, structural=True) from None
    problems = spec_problems(spec)
    if problems:
        raise SpecError(source, problems, key)
    return spec


def load_stack_text(text: str, source: str, project: str = DEFAULT_PROJECT) -> DomainSpec:
    """Parse and validate a stack file's text read from elsewhere (a git revision, for `launchready diff`);
    `source` names it in messages. Raises InputError or SpecError like load_stack."""
    key = f"{project}:{SPEC_KEY}"
    document = parse_yaml(text, source)
    return parse_spec(raw_spec(Path(source), document, key), source=source, key=key)
