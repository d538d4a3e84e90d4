"""Pydantic's validation errors as Problems a founder can act on: the key path as written in the stack
file, plain words instead of regular expressions and Python type names, and a "did you mean" for typos.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from functools import cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from launchready.core.errors import Problem
from launchready.core.redact import is_plain, masked_in, quoted
from launchready.core.spec.models import DomainSpec

PATTERN_MEANINGS = {
    r"^[0-9a-f]{32}$": "a 32-character lowercase hex id, as the Cloudflare dashboard shows it",
    r"^(mailto:|https?://)\S+$": "a mailto: or https:// address",
    r"^[a-z0-9]{1,10}$": "a file extension without the dot (css, woff2)",
    r"^/\S*$": 'a path starting with "/"',
    r"^/[^\s\"\\]*$": 'a path starting with "/", without spaces or quotes',
    r"^[1-5]([0-9]{2}|xx)$": 'an HTTP status code ("200") or class ("2xx")',
    r"^https://\S+$": "an https:// URL",
    r"^[a-z]{2}(-[a-z]+)+-\d$": "an AWS region such as us-east-1",
    r"^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$": "a DKIM selector (lowercase letters, digits, _ . -)",
    r"^[a-z0-9]{16,64}$": "an SES DKIM token (16 to 64 lowercase letters and digits)",
    r"^[a-z0-9][a-z0-9-]*$": "a lowercase name (letters, digits and -)",
    r"^[a-z0-9]{1,4}$": "a short lowercase code (letters and digits)",
    r"^em[0-9]+$": "SendGrid's emNNNN subdomain",
    r"^[A-Za-z0-9_.:-]{1,128}$": "a rule ref (letters, digits, _ . : -, at most 128)",
    r"^[a-z_]{1,40}$": "a Cloudflare rule action such as redirect or set_cache_settings",
}
"""Every `pattern=` of the spec models in words; tests/spec/test_messages.py keeps this complete."""

WORDING = (
    (re.compile(r"a valid dictionary or instance of \w+"), "a mapping (key: value)"),
    (re.compile(r"a valid dictionary"), "a mapping (key: value)"),
    (re.compile(r"a valid tuple"), "a list"),
    (re.compile(r"^Tuple should"), "The list should"),
    (re.compile(r"a valid boolean, unable to interpret input"), "true or false"),
)
"""Python's names for YAML's shapes, in the words a stack file uses."""

BRANCH_WORDS = {"string_type": "text", "tuple_type": "a list", "dict_type": "a mapping (key: value)",
                "model_type": "a mapping (key: value)", "int_type": "a whole number", "bool_type": "true or false"}
"""What each branch of a union (`content: str | list`) accepts, for a merged message."""
BRANCH_MODEL_WORDS = {"SecureValue": "a Pulumi secret ({secure: …}, as `pulumi config set --secret --path` writes it)"}


def key_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def shown(value: Any) -> str:
    """A user's value for an error message: itself only in a shape no credential has (launchready.core.redact)."""
    from launchready.core.redact import shown as redacted

    return redacted(value)


def is_branch(part: int | str) -> bool:
    """A union branch pydantic adds to the location (`str`, `tuple[str, ...]`, `constrained-str` for a str with
    a pattern, a model's class name such as `SecureValue`), not a key the user wrote."""
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "bool", "float") or
                                      part.startswith("constrained-") or part in model_names())


@cache
def model_names() -> frozenset[str]:
    """The class names of every model the spec holds (keys of the stack file are never capitalised so)."""
    found: set[str] = set()
    pending: list[type[BaseModel]] = [DomainSpec]
    while pending:
        model = pending.pop()
        if model.__name__ not in found:
            found.add(model.__name__)
            pending += [m for field in model.model_fields.values() for m in nested_models(field.annotation)]
    return frozenset(found)


def structural_problems(errors: list[ErrorDetails]) -> list[Problem]:
    """One Problem per mistake: the errors of a union's branches at one key are merged into one."""
    unions: dict[tuple[int | str, ...], list[ErrorDetails]] = defaultdict(list)
    problems = []
    for error in errors:
        at = next((i for i, part in enumerate(error["loc"]) if is_branch(part)), None)
        if at is None:
            problems.append(pydantic_problem(error))
        else:
            unions[error["loc"][:at]].append(error)
    for owner, group in unions.items():
        problems += union_problems(owner, group)
    return problems


def union_problems(owner: tuple[int | str, ...], group: list[ErrorDetails]) -> list[Problem]:
    """Errors inside one branch (a list item's unknown key) show which shape the user chose: report
    those. Otherwise the value fits no shape: say which shapes would do."""
    deep = [error for error in group if len(error["loc"]) > len(owner) + 1]
    if deep:
        return [pydantic_problem(error) for error in deep]
    checked = [error for error in group if error["type"] == "value_error"]
    if checked:  # the value has a branch's shape, and that branch's own check says what is wrong with it
        return [pydantic_problem(checked[0])]
    value = group[0].get("input")
    choices = [branch_words(error) for error in group]
    quote = "; put it in quotes" if isinstance(value, int | float) and "text" in choices else ""
    return [Problem(key_path(owner), f"should be {', or '.join(choices)} (got {shown(value)}){quote}")]


def branch_words(error: ErrorDetails) -> str:
    """What one branch of a union accepts, in the words of the stack file."""
    ctx = error.get("ctx") or {}
    if error["loc"] and error["loc"][-1] in BRANCH_MODEL_WORDS:
        return BRANCH_MODEL_WORDS[str(error["loc"][-1])]
    if error["type"] == "string_pattern_mismatch" and str(ctx.get("pattern")) in PATTERN_MEANINGS:
        return PATTERN_MEANINGS[str(ctx["pattern"])]
    return str(ctx.get("expected") or BRANCH_WORDS.get(error["type"], error["msg"]))


def pydantic_problem(error: ErrorDetails) -> Problem:
    loc, _ = walk(tuple(error["loc"]))
    path, ctx = key_path(loc), error.get("ctx") or {}
    if error["type"] == "extra_forbidden":
        return Problem(path, "is not a known key" + suggestion(tuple(error["loc"])))
    if error["type"] == "missing":
        return Problem(path, "is required")
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return Problem(path, tag_message(ctx, error.get("input")))
    meaning = PATTERN_MEANINGS.get(str(ctx.get("pattern"))) if error["type"] == "string_pattern_mismatch" else None
    message = f"should be {meaning}" if meaning else plain_words(str(error["msg"]).removeprefix("Value error, "))
    message += case_hint(error)
    message = masked_in(message, error.get("input"))
    value = shown(error.get("input"))
    echoed = len(value) > 3 and value.strip("'") in message
    return Problem(path, message if echoed else f"{message} (got {value})")


def case_hint(error: ErrorDetails) -> str:
    """`-ALL` for `-all`: the choices are lowercase, and saying so is the whole fix."""
    value, expected = error.get("input"), str((error.get("ctx") or {}).get("expected", ""))
    choices = re.findall(r"'([^']*)'", expected) if error["type"] == "literal_error" else []
    lower = value.lower() if isinstance(value, str) else None
    return f"; write it in lowercase: {lower}" if lower in choices and lower != value else ""


def plain_words(message: str) -> str:
    for pattern, words in WORDING:
        message = pattern.sub(words, message)
    return message


def tag_message(ctx: dict[str, Any], value: Any = None) -> str:
    """A discriminated union (email.send) with an unknown or missing `provider`; a missing one written
    with a typo (`provder`) is named."""
    key = str(ctx.get("discriminator", "")).strip("'")
    if "tag" not in ctx:
        keys = [k for k in value if isinstance(k, str)] if isinstance(value, dict) else []
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.75)
        hint = f'did you mean "{key}" for {quoted(close[0])}?' if close else f"add {key}: NAME"
        return f"has no {key}; {hint}"
    tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
    close = difflib.get_close_matches(str(ctx["tag"]), tags, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else "."
    tag = str(ctx["tag"])
    named = f'"{tag}"' if is_plain(tag) else shown(tag)
    return f'{key} {named} is not known{hint} Use one of: {", ".join(tags)}'


def suggestion(loc: tuple[int | str, ...]) -> str:
    fields = known_fields(loc[:-1])
    if not fields:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else "."
    return f"{hint} Known keys here: {', '.join(sorted(fields))}"


def known_fields(loc: tuple[int | str, ...]) -> list[str]:
    """The keys accepted at `loc` (walking nested models, lists, host mappings and union members)."""
    _, models = walk(loc)
    return [field.alias or name for model in models[:1] for name, field in model.model_fields.items()]


def walk(loc: tuple[int | str, ...]) -> tuple[tuple[int | str, ...], list[type[BaseModel]]]:
    """The key path as the user wrote it, and the models that take keys at its end. Pydantic puts union
    branches (`str`) and the tag of a discriminated union (`ses` in email.send[0].ses.region) into the
    location; neither is a key of the stack file."""
    kept: list[int | str] = []
    models: list[type[BaseModel]] = [DomainSpec]
    for part in loc:
        if isinstance(part, int) or is_branch(part):
            kept += [part] if isinstance(part, int) else []
            continue
        owner = next((model for model in models if part in model.model_fields), None)
        tagged = [model for model in models if part in literal_values(model)] if len(models) > 1 else []
        if owner is None and tagged:
            models = tagged[:1]
            continue
        kept.append(part)
        models = nested_models(owner.model_fields[part].annotation) if owner else (
            [] if DomainSpec in models else models)  # a mapping key (a host label) keeps its model
    return tuple(kept), models


def literal_values(model: type[BaseModel]) -> set[Any]:
    return {value for field in model.model_fields.values() if get_origin(field.annotation) is Literal
            for value in get_args(field.annotation)}


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """Every model an annotation can hold (`tuple[Provider, ...]` holds each provider)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in nested_models(arg)]


def nested_model(annotation: Any) -> type[BaseModel] | None:
    found = nested_models(annotation)
    return found[0] if found else None
