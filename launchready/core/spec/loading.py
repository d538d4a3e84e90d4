"""Read a stack file once, at the edge, into a `DomainSpec`, or fail with every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from launchready.core.errors import InputError, Problem, SpecError
from launchready.core.spec.lines import duplicate_key
from launchready.core.spec.messages import structural_problems
from launchready.core.spec.models import DomainSpec
from launchready.core.spec.rules import spec_problems

DEFAULT_PROJECT = "launchready"
SPEC_KEY = "domain"


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
    try:
        return project_from((path.parent / "Pulumi.yaml").read_text())
    except OSError:
        return DEFAULT_PROJECT


def project_from(text: str | None) -> str:
    """The project name in a Pulumi.yaml's text; launchready's default when there is none."""
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return DEFAULT_PROJECT
    return str(data.get("name", DEFAULT_PROJECT)) if isinstance(data, dict) else DEFAULT_PROJECT


def stack_hint(directory: Path) -> str:
    """Which stacks exist beside a missing one, so a typo in --stack is one look away from the fix."""
    stacks = sorted(stack_name(p) for p in directory.glob("Pulumi.*.yaml"))
    if not stacks:
        return "create it or pass --stack-file"
    return f"the stacks beside it are {', '.join(stacks)} (--stack NAME), or pass --stack-file"


def read_text(path: Path) -> str:
    """A stack file's text; a missing or unreadable file is bad input that says what to do."""
    try:
        return path.read_text()
    except FileNotFoundError:
        raise InputError(f"{path}: no such stack file; {stack_hint(path.parent)}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None


def read_yaml(path: Path) -> Any:
    return parse_yaml(read_text(path), str(path))


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


def typed_spec(data: Any, source: str = "spec", key: str = f"{DEFAULT_PROJECT}:{SPEC_KEY}") -> DomainSpec:
    """The models alone: structure and types, names normalised; every structural problem in one SpecError."""
    try:
        return DomainSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(source, structural_problems(exc.errors()), key, structural=True) from None


def parse_spec(data: Any, source: str = "spec", key: str = f"{DEFAULT_PROJECT}:{SPEC_KEY}") -> DomainSpec:
    """The models, then the rules that read the spec alone; every problem in one SpecError. The rules over
    planned records run on the plan: launchready.core.stack.accept runs all of them."""
    spec = typed_spec(data, source, key)
    problems = spec_problems(spec)
    if problems:
        raise SpecError(source, problems, key)
    return spec
