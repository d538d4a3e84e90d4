"""Read a stack file once, at the edge, into a `DomainSpec`, or fail with every problem at once."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from launchready.errors import InputError, Problem, SpecError
from launchready.spec.lines import with_lines
from launchready.spec.models import DomainSpec
from launchready.spec.rules import spec_problems

DEFAULT_PROJECT = "launchready"
SPEC_KEY = "domain"


@dataclass(frozen=True)
class Stack:
    """A parsed stack: its name, where it came from, and the validated spec."""

    name: str
    path: Path
    spec: DomainSpec


def stack_path(stack: str | None, stack_file: Path | None, project_dir: Path | None = None) -> Path:
    """Resolve `--stack NAME` (Pulumi.NAME.yaml in the project) or `--stack-file PATH`."""
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


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise InputError(f"{path}: no such stack file; create it or pass --stack-file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"{path}:{where}: {reason}; fix the YAML syntax") from None


def raw_spec(path: Path, document: Any, key: str) -> Any:
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, dict) or key not in config:
        raise SpecError(str(path), [Problem("", f"the stack file has no config key {key}; add one "
                                            "(see the config reference in the README)")], key)
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
        raise SpecError(source, [pydantic_problem(error) for error in exc.errors()], key,
                        structural=True) from None
    problems = spec_problems(spec)
    if problems:
        raise SpecError(source, problems, key)
    return spec


def key_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def shown(value: Any) -> str:
    """A user's value for an error message; secure leaves are never echoed."""
    if isinstance(value, dict) and "secure" in value:
        return "[secret]"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def pydantic_problem(error: Any) -> Problem:
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and "[" in part))
    path = key_path(loc)
    if error["type"] == "extra_forbidden":
        return Problem(path, "is not a known key" + suggestion(loc))
    if error["type"] == "missing":
        return Problem(path, "is required")
    message = str(error["msg"]).removeprefix("Value error, ")
    return Problem(path, f"{message} (got {shown(error.get('input'))})")


def suggestion(loc: tuple[int | str, ...]) -> str:
    fields = known_fields(loc[:-1])
    if not fields:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    return f"{hint} Known keys here: {', '.join(sorted(fields))}"


def known_fields(loc: tuple[int | str, ...]) -> list[str]:
    """The keys the model accepts at `loc` (walking nested models, lists and host mappings)."""
    model: type[BaseModel] | None = DomainSpec
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        model = nested_model(field.annotation) if field else (model if model is not DomainSpec else None)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = nested_model(arg)
        if found:
            return found
    return None


def load_stack_text(text: str, source: str, project: str = DEFAULT_PROJECT) -> DomainSpec:
    """Parse and validate a stack file's text read from elsewhere (a git revision, for `launchready diff`);
    `source` names it in messages. Raises InputError or SpecError like load_stack."""
    key = f"{project}:{SPEC_KEY}"
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{source}:{where}: {getattr(exc, 'problem', None) or 'invalid YAML'}; "
                         "fix the YAML syntax") from None
    return parse_spec(raw_spec(Path(source), document, key), source=source, key=key)
