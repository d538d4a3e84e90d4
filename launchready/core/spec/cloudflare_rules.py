"""Raw ruleset rules checked against the Cloudflare API's own rule types, as the official `cloudflare`
Python SDK ships them (TypedDicts generated from Cloudflare's OpenAPI spec).

The SDK's TypedDicts are `total=False` and pydantic ignores unknown keys, so on top of strict
validation (types, enums, required keys) every key is checked against the type's declared fields,
recursively: a misspelt key is refused as surely as a wrong status code. The SDK is imported only
when a spec has kept rules (it is the `cloudflare` extra, also part of the `pulumi` extra).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, TypeAdapter, ValidationError

RULE_PARAM_TYPES = {
    "redirect": ("redirect_rule_param", "RedirectRuleParam"),
    "set_cache_settings": ("set_cache_settings_rule_param", "SetCacheSettingsRuleParam"),
    "block": ("block_rule_param", "BlockRuleParam"),
    "managed_challenge": ("managed_challenge_rule_param", "ManagedChallengeRuleParam"),
    "log": ("log_rule_param", "LogRuleParam"),
}
"""action → (module, TypedDict) under cloudflare.types.rulesets."""
SDK_MISSING = ("rules.keep needs the Cloudflare SDK to check its rules: pip install 'launchready[cloudflare]' "
               "(the pulumi extra includes it)")


def fields_of(annotation: Any) -> dict[str, Any] | None:
    """Field name → annotation for a TypedDict or a pydantic model; None for anything else."""
    from typing_extensions import is_typeddict  # the SDK's TypedDicts come from typing_extensions

    if is_typeddict(annotation):
        return get_type_hints(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {name: field.annotation for name, field in annotation.model_fields.items()}
    return None


def unknown_keys(value: Any, annotation: Any, path: str = "") -> list[str]:
    """Key paths in `value` that `annotation` does not declare (an empty list when all are known)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return min((unknown_keys(value, member, path) for member in get_args(annotation)), key=len)
    if origin in (Literal, typing.Annotated) or annotation is Any:
        return []
    fields = fields_of(annotation)
    if fields is not None:
        if not isinstance(value, Mapping):
            return [f"{path or '.'} (not an object)"]
        return [problem for key, item in value.items()
                for problem in (unknown_keys(item, fields[key], f"{path}.{key}") if key in fields
                                else [f"{path}.{key}"])]
    args = get_args(annotation)
    if isinstance(value, Mapping) and len(args) == 2:
        return [p for key, item in value.items() for p in unknown_keys(item, args[1], f"{path}.{key}")]
    if isinstance(value, list) and args:
        return [p for i, item in enumerate(value) for p in unknown_keys(item, args[0], f"{path}[{i}]")]
    return []


def rule_type(action: str) -> Any:
    import importlib

    module, name = RULE_PARAM_TYPES[action]
    return getattr(importlib.import_module(f"cloudflare.types.rulesets.{module}"), name)


def sdk_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("cloudflare") is not None


def rule_problem(rule: dict[str, Any]) -> str | None:
    """Why Cloudflare would refuse `rule` (a rule dict in the API's snake_case shape), or None."""
    action = str(rule.get("action"))
    if action not in RULE_PARAM_TYPES:
        return f'action "{action}" is not one launchready can keep; use one of {", ".join(RULE_PARAM_TYPES)}'
    annotation = rule_type(action)
    try:
        TypeAdapter(annotation).validate_python(rule, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']} (the Cloudflare API's {annotation.__name__})"
    unknown = unknown_keys(rule, annotation)
    if unknown:
        return f"keys the Cloudflare API does not know: {', '.join(k.lstrip('.') for k in unknown)}"
    return None
