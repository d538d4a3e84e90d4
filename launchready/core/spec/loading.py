"""Read a stack file once, at the edge, into a `DomainSpec`, or fail with every problem at once."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from launchready.core.errors import InputError, Problem, SpecError
from launchready.core.inputs import STACK_FILE, read_text
from launchready.core.inputs.yamldoc import YamlDocument, load_yaml
from launchready.core.project import DEFAULT_PROJECT, project_in, project_of_stack_file
from launchready.core.spec.messages import structural_problems
from launchready.core.spec.models import DomainSpec
from launchready.core.spec.rules import spec_problems
from launchready.core.stack_names import name_of_file, require_stack_name, stack_files

SPEC_KEY = "domain"


def stack_path(stack: str | None, stack_file: Path | None, project_dir: Path | None = None) -> Path:
    """Resolve `--stack NAME` (the file Pulumi reads for it: Pulumi.NAME.yaml in the project, or where its
    Pulumi.yaml says, launchready.core.project) or `--stack-file PATH`, never both."""
    if stack_file is not None and stack:
        raise InputError(f"give --stack {stack} or --stack-file {stack_file}, not both: they could name "
                         "different stacks")
    if stack_file is not None:
        return stack_file
    if not stack:
        raise InputError("name a stack with --stack NAME (reads Pulumi.NAME.yaml) or --stack-file PATH")
    folder = project_dir or Path.cwd()
    return folder / project_in(folder).stack_file(require_stack_name(stack))


def stack_name(path: Path) -> str:
    """The stack a file holds: NAME of Pulumi.NAME.yaml, else (a --stack-file named otherwise) its stem."""
    return name_of_file(path.name) or path.stem


def project_name(path: Path) -> str:
    """The Pulumi project name (the config namespace) of the project the stack file belongs to
    (launchready.core.project, the one reader of project files)."""
    return project_of_stack_file(path).name


def stack_hint(missing: Path) -> str:
    """Which stacks exist beside a missing one, so a typo in --stack is one look away from the fix; a
    link whose target is gone says so, and is never listed as a stack that exists."""
    if missing.is_symlink():
        return (f"it is a symbolic link to {missing.readlink()}, which does not exist: point it at a stack file "
                "or remove it")
    stacks = [name for name, path in stack_files(missing.parent, missing.suffix) if path.exists()]
    if not stacks:
        return "create it or pass --stack-file"
    return f"the stacks beside it are {', '.join(stacks)} (--stack NAME), or pass --stack-file"


def read_stack_document(path: Path) -> YamlDocument:
    """A stack file read as Pulumi reads it (see launchready.core.inputs.yamldoc), values and lines."""
    kind = STACK_FILE if path.exists() else replace(STACK_FILE, missing_hint=stack_hint(path))
    return load_yaml(read_text(path, kind), str(path))


def read_yaml(path: Path) -> Any:
    return read_stack_document(path).data


def raw_spec(path: Path, document: Any, key: str) -> Any:
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, dict) or key not in config:
        raise SpecError(str(path), [Problem("", f"the stack file has no config key {key}; "
                                            f"{missing_key_fix(config, key)}")], key)
    return config[key]


def missing_key_fix(config: Any, key: str) -> str:
    """The likely fix for a missing spec key: a near spelling, or the same key under another project's
    name (Pulumi namespaces config by the `name:` of Pulumi.yaml), else where the keys are listed."""
    from launchready.core.redact import shown_key

    keys = [k for k in config if isinstance(k, str)] if isinstance(config, dict) else []
    suffix = ":" + key.split(":", 1)[-1]
    near = difflib.get_close_matches(key, keys, n=1, cutoff=0.75) or [k for k in keys if k.endswith(suffix)]
    if near:
        return (f"it has {shown_key(near[0])}: rename it to {key} (the part before ':' is the `name:` of Pulumi.yaml "
                "beside it)")
    return "add one (docs/config.md lists every key)"


def typed_spec(data: Any, source: str = "spec", key: str = f"{DEFAULT_PROJECT}:{SPEC_KEY}") -> DomainSpec:
    """The models alone: structure and types, names normalised; every structural problem in one SpecError,
    with any value that could be a credential masked."""
    from launchready.core.spec.host_keys import host_key_problems
    from launchready.core.spec.safe_values import unsafe_values

    unsafe = list(unsafe_values(data))
    if unsafe:
        raise SpecError(source, redacted(unsafe, data), key, structural=True)
    problems, usable = host_key_problems(data)
    try:
        spec = DomainSpec.model_validate(usable)
    except ValidationError as exc:
        problems += structural_problems(exc.errors())
    if problems:
        raise SpecError(source, redacted(problems, data), key, structural=True) from None
    return spec


def parse_spec(data: Any, source: str = "spec", key: str = f"{DEFAULT_PROJECT}:{SPEC_KEY}") -> DomainSpec:
    """The models, then the rules that read the spec alone; every problem in one SpecError. The rules over
    planned records run on the plan: launchready.core.stack.accept runs all of them."""
    spec = typed_spec(data, source, key)
    problems = spec_problems(spec)
    if problems:
        raise SpecError(source, redacted(problems, data), key)
    return spec


def redacted(problems: list[Problem], data: Any) -> list[Problem]:
    """The problems with any quoted value, and any key of their paths, that could be a credential shown by
    type and length: a token pasted under the wrong key, or as a key, must not reach a terminal, a CI log
    or a PR comment (launchready.core.redact). The path as written stays in `at`, to find the line."""
    from launchready.core.redact import masked_values, secret_shaped
    from launchready.core.spec.lines import shown_path

    secrets = secret_shaped(data)
    return [replace(p, path=shown_path(p.path), message=masked_values(p.message, secrets), at=p.at or p.path)
            for p in problems]
